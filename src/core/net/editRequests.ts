/**
 * Editing a message of the group (graph.message.edit): POST `/<id>/edit` with `{"message": {…}}`,
 * which replaces the whole content, text and link buttons. The id goes in the path as OK gave it
 * (`MID:123`, or an older `mid:C….hex`, whether OK takes those there is not known). OK documents
 * no answer: any accepted answer is an edit. A refusal (the method or id not known to OK, the
 * message gone, `"success": false`) comes back as an outcome, for the caller to reply instead;
 * every other failure is thrown as a send's is.
 */
import * as l10n from '@vscode/l10n';
import { InputError } from '../model/ids';
import { isOkApiError, type OkApiError } from '../model/okApiError';
import { EditMessageBodySchema, MessageIdSchema, SuccessSchema, type Success } from '../model/okSchemas';
import { isBlankText } from '../messages/messageText';
import { acceptSuccess, post, type ApiRequest } from './apiRequest';
import { linkKeyboard, type LinkButton } from './okRequests';

/** What an edit puts in place of the message's content. */
export interface EditContent {
  text: string;
  /** Link buttons under it; without them the message has none after the edit. */
  buttons?: readonly LinkButton[];
}

/**
 * OK's codes that refuse an edit: 3 METHOD (no edit here, or not for this kind of id),
 * 100 PARAM, 300 NOT_FOUND, 706 MESSAGE_NOT_ACTIVE (see the API notes, "edit a message").
 */
export const EDIT_REFUSAL_CODES: ReadonlySet<number> = new Set([3, 100, 300, 706]);

/** A message id as OK gave it, checked: an InputError for an empty one or one with spaces. */
export function checkMessageId(messageId: string): string {
  const id = String(messageId ?? '').trim();
  const parsed = MessageIdSchema.safeParse(id);
  if (!parsed.success) {
    throw new InputError(l10n.t('"{0}" is not a message id. Give the id OK gave the message, for example MID:123456789.', id), 'messageId');
  }
  return id;
}

/**
 * The path of an edit: the id URL-encoded, its colon kept (a colon is allowed in a path segment,
 * and OK's own form is `/MID:<id>/edit`), so `MID:1` goes as `/MID:1/edit` and a `/` or `?` in
 * an id can never change the path.
 */
export function editPath(messageId: string): string {
  return `/${encodeURIComponent(checkMessageId(messageId)).replace(/%3A/gi, ':')}/edit`;
}

/** The request that replaces a message's text and buttons. */
export function editMessage(messageId: string, content: EditContent): ApiRequest<Success> {
  const path = editPath(messageId);
  if (typeof content.text !== 'string' || isBlankText(content.text)) {
    throw new InputError(l10n.t('The message is empty. Type some text to send.'), 'text', 'empty');
  }
  const message: { text: string; attachment?: unknown } = { text: content.text };
  if (content.buttons && content.buttons.length > 0) message.attachment = linkKeyboard(content.buttons);
  return post('editMessage', path, EditMessageBodySchema, { message }, SuccessSchema, acceptSuccess);
}

/** How an edit came out: done, or refused by OK (nothing changed; the caller may reply instead). */
export type EditOutcome = { edited: true } | { edited: false; refusal: OkApiError };

/**
 * Whether an error is OK refusing an edit: an answer from OK that changed nothing, with one of
 * {@link EDIT_REFUSAL_CODES}, an HTTP 404 without a code, or `"success": false`.
 */
export function isEditRefusal(e: unknown): e is OkApiError {
  if (!isOkApiError(e) || e.delivery !== 'rejected') return false;
  if (e.kind === 'refused') return true;
  if (e.code !== undefined) return EDIT_REFUSAL_CODES.has(e.code);
  return e.httpStatus === 404;
}

/** One request through the caller's client (its deadline, its cancel). */
export type Call = <T>(request: ApiRequest<T>) => Promise<T>;

/** Edits the message; a refusal is the outcome `{ edited: false }`, any other failure is thrown. */
export async function tryEdit(call: Call, messageId: string, content: EditContent): Promise<EditOutcome> {
  const request = editMessage(messageId, content); // a bad id or button is ours, not OK's refusal
  try {
    await call(request);
    return { edited: true };
  } catch (e) {
    if (isEditRefusal(e)) return { edited: false, refusal: e };
    throw e;
  }
}
