import type * as z from 'zod/mini';
import type { OkErrorKind } from '../model/okApiError';
import { type ChatId, InputError, checkRecipientUserId, isHttpUrl, isImageUrl, parseChatId, parseUserId } from '../model/ids';
import { isBlankText } from '../messages/messageText';
import * as l10n from '@vscode/l10n';
import {
  ChatControlBodySchema,
  ChatListSchema,
  ChatSchema,
  ChatUrlSchema,
  DirectMessageBodySchema,
  DirectResultSchema,
  MAX_ATTACHMENTS,
  MAX_BUTTONS,
  MAX_BUTTON_LABEL_LENGTH,
  MeInfoSchema,
  SENDER_ACTIONS,
  SendMessageBodySchema,
  SendResultSchema,
  SenderActionBodySchema,
  SuccessSchema,
  UPLOAD_TYPES,
  UploadUrlSchema,
  UploadResultSchema,
  type ButtonIntent,
  type DirectResult,
  type SenderAction,
  type UploadResult,
  type UploadType,
} from '../model/okSchemas';
import { isLoopbackTarget } from './baseUrls';
import { isOkHost } from '../model/okHosts';
import { acceptDirect, acceptSend, acceptSuccess, acceptUpload, get, isRecord, post, type ApiRequest } from './apiRequest';

export { readMessageId, type ApiRequest } from './apiRequest';
export { DEFAULT_MESSAGES_PAGE, MAX_MESSAGES_PAGE, readMessages, type MessagesQuery } from './messageRequests';

const chatPath = (chatId: ChatId) => `/me/messages/${chatId}`;

function requireText(text: string): string {
  if (typeof text !== 'string' || isBlankText(text)) {
    throw new InputError(l10n.t('The message is empty. Type some text to send.'), 'text', 'empty');
  }
  return text;
}

function requireImageUrl(url: string, what: string): string {
  const trimmed = String(url ?? '').trim();
  if (!isImageUrl(trimmed)) {
    throw new InputError(l10n.t('{0} must be an http(s) link to a .png or .jpg image, for example https://example.com/logo.png.', what), 'url');
  }
  return trimmed;
}

// --- messages ---------------------------------------------------------------

/** A button under a message that opens a web page (OK's LINK button). */
export interface LinkButton {
  text: string;
  url: string;
  /** The button's colour: DEFAULT (the default), POSITIVE or NEGATIVE. */
  intent?: ButtonIntent;
}

/** A label as OK shows it: one line, at most {@link MAX_BUTTON_LABEL_LENGTH} characters (cut with an ellipsis). */
export function buttonLabel(text: string): string {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= MAX_BUTTON_LABEL_LENGTH ? flat : `${chars.slice(0, MAX_BUTTON_LABEL_LENGTH - 1).join('').trimEnd()}…`;
}

/**
 * The INLINE_KEYBOARD attachment for link buttons, one button a row (so each label has the
 * whole width). Labels are cut to fit; a button without a label or with a link that is not
 * http(s) is an InputError, as are more than {@link MAX_BUTTONS} buttons.
 */
export function linkKeyboard(buttons: readonly LinkButton[]) {
  if (buttons.length > MAX_BUTTONS) {
    throw new InputError(l10n.t('Too many buttons: {0}, at most {1}.', buttons.length, MAX_BUTTONS), 'buttons', 'too-many');
  }
  const rows = buttons.map((b) => {
    const text = buttonLabel(b.text);
    if (!text) throw new InputError(l10n.t('A button needs a label.'), 'buttons', 'empty');
    const url = String(b.url ?? '').trim();
    if (!isHttpUrl(url)) throw new InputError(l10n.t('The button "{0}" must open an http(s) link, not "{1}".', text, url), 'buttons', 'url');
    return [{ type: 'LINK' as const, text, url, intent: b.intent ?? 'DEFAULT' }];
  });
  return { type: 'INLINE_KEYBOARD' as const, payload: { keyboard: { buttons: rows } } };
}

/** A text message; with `buttons`, link buttons under it (the body is unchanged without them). */
export function sendText(chat: string, text: string, options: { replyTo?: string; buttons?: readonly LinkButton[] } = {}) {
  const chatId = parseChatId(chat);
  const message: { text: string; attachment?: unknown; reply_to?: string } = { text: requireText(text) };
  if (options.buttons && options.buttons.length > 0) message.attachment = linkKeyboard(options.buttons);
  if (options.replyTo) message.reply_to = options.replyTo;
  return post('sendText', chatPath(chatId), SendMessageBodySchema, { recipient: { chat_id: chatId }, message }, SendResultSchema, acceptSend);
}

/** An image by URL; with `caption`, that text beside it (OK's own examples send none). */
export function sendImageUrl(chat: string, url: string, caption?: string) {
  const chatId = parseChatId(chat);
  const attachment = { type: 'IMAGE', payload: { url: requireImageUrl(url, l10n.t('The image URL')) } };
  const body = { recipient: { chat_id: chatId }, message: caption?.trim() ? { text: caption, attachment } : { attachment } };
  return post('sendImage', chatPath(chatId), SendMessageBodySchema, body, SendResultSchema, acceptSend);
}

/** Sends a file uploaded with {@link getFileUploadUrl}, optionally with a caption. */
export function sendUploaded(chat: string, type: UploadType, token: string, caption?: string) {
  return sendAttachments(chat, [{ type, token }], caption);
}

/**
 * One message with one to five uploaded files (`attachment` for one, `attachments` for more),
 * with the caption as its text when there is one.
 */
export function sendAttachments(chat: string, files: ReadonlyArray<{ type: UploadType; token: string }>, caption?: string) {
  const chatId = parseChatId(chat);
  if (files.length === 0) throw new InputError(l10n.t('Choose at least one file to send.'));
  if (files.length > MAX_ATTACHMENTS) throw new InputError(l10n.t('At most {0} files can go in one message.', MAX_ATTACHMENTS));
  const list = files.map(({ type, token }) => ({ type, payload: { token } }));
  const message: { text?: string; attachment?: unknown; attachments?: unknown[] } = {};
  if (caption && caption.trim()) message.text = caption;
  if (list.length === 1) message.attachment = list[0];
  else message.attachments = list;
  return post('sendFile', chatPath(chatId), SendMessageBodySchema, { recipient: { chat_id: chatId }, message }, SendResultSchema, acceptSend);
}

// --- chat control -----------------------------------------------------------

function control(action: string, chat: string, chatControl: Record<string, unknown>) {
  const chatId = parseChatId(chat);
  return post(action, chatPath(chatId), ChatControlBodySchema, { recipient: { chat_id: chatId }, chat_control: chatControl }, SuccessSchema, acceptSuccess);
}

/**
 * The longest chat title sent. OK does not document one; 200 characters is several times what
 * a chat list row or a notification shows, and stops a pasted text from becoming a title.
 */
export const MAX_CHAT_TITLE_LENGTH = 200;

export function renameChat(chat: string, title: string) {
  const trimmed = String(title ?? '').trim();
  if (isBlankText(trimmed)) throw new InputError(l10n.t('The chat title is empty. Type a new title.'), 'title', 'empty');
  if ([...trimmed].length > MAX_CHAT_TITLE_LENGTH) {
    throw new InputError(l10n.t('The chat title is too long: {0} characters, at most {1}.', [...trimmed].length, MAX_CHAT_TITLE_LENGTH), 'title', 'too-long');
  }
  return control('renameChat', chat, { title: trimmed });
}

export function setChatIcon(chat: string, url: string) {
  return control('setChatIcon', chat, { icon: { url: requireImageUrl(url, l10n.t('The icon')) } });
}

export function addMembers(chat: string, userIds: readonly string[]) {
  if (!Array.isArray(userIds) || userIds.length === 0) throw new InputError(l10n.t('Enter at least one user id, for example user:123456789012.'), 'userIds');
  const members = [...new Set(userIds.map(parseUserId))].map((user_id) => ({ user_id }));
  return control('addMembers', chat, { add_members: members });
}

export function removeMember(chat: string, userId: string) {
  return control('removeMember', chat, { remove_member: { user_id: parseUserId(userId) } });
}

export function leaveChat(chat: string) {
  // The API wants the string "true", not a boolean.
  return control('leaveChat', chat, { leave: 'true' });
}

// --- sender actions ---------------------------------------------------------

export function senderAction(chat: string, action: SenderAction) {
  if (!SENDER_ACTIONS.includes(action)) {
    throw new InputError(l10n.t('Unknown sender action "{0}". Expected one of: {1}.', String(action), SENDER_ACTIONS.join(', ')));
  }
  const chatId = parseChatId(chat);
  return post(action === 'mark_seen' ? 'markSeen' : action, chatPath(chatId), SenderActionBodySchema, { recipient: { chat_id: chatId }, sender_action: action }, SuccessSchema, acceptSuccess);
}

export const markSeen = (chat: string) => senderAction(chat, 'mark_seen');
export const typingOn = (chat: string) => senderAction(chat, 'typing_on');
export const sendingPhoto = (chat: string) => senderAction(chat, 'sending_photo');
export const sendingVideo = (chat: string) => senderAction(chat, 'sending_video');
export const sendingAudio = (chat: string) => senderAction(chat, 'sending_audio');

// --- direct messages --------------------------------------------------------

/**
 * The most user ids in one direct-message request. OK does not document a limit; 100 is the
 * API's own page size (chats are listed 100 at a time), keeps a request at a few kilobytes,
 * and bounds what one failed request can leave unknown. Longer lists go in batches
 * ({@link directBatches}, `OkClient.sendToUsers`).
 */
export const MAX_USERS_PER_REQUEST = 100;

/** The numeric part of a recipient id: `user:1`, `1` and ` 1 ` are the same user. */
const userKey = (id: string): string => id.replace(/^user:/i, '');

/** Validates recipient ids and removes repeats of the same user (keeping the first form given). */
export function uniqueRecipients(userIds: readonly string[]): string[] {
  if (!Array.isArray(userIds) || userIds.length === 0) throw new InputError(l10n.t('Enter at least one user id, for example user:123456789012.'), 'userIds');
  const seen = new Map<string, string>();
  for (const id of userIds.map(checkRecipientUserId)) {
    if (!seen.has(userKey(id))) seen.set(userKey(id), id);
  }
  return [...seen.values()];
}

/** `uniqueRecipients` cut into batches of at most {@link MAX_USERS_PER_REQUEST}. */
export function directBatches(userIds: readonly string[]): string[][] {
  const ids = uniqueRecipients(userIds);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_USERS_PER_REQUEST) batches.push(ids.slice(i, i + MAX_USERS_PER_REQUEST));
  return batches;
}

/**
 * One message to each user in its own group-to-user chat (with `buttons`, link buttons under it). Ids keep the form given (user:N or N);
 * the same user listed twice gets one message, and the answer's `success` still has one entry
 * per id given, in the order given. At most {@link MAX_USERS_PER_REQUEST} different users.
 */
export function sendToUsers(userIds: readonly string[], text: string, options: { buttons?: readonly LinkButton[] } = {}) {
  const ids = uniqueRecipients(userIds);
  const given = userIds.map(checkRecipientUserId);
  if (ids.length > MAX_USERS_PER_REQUEST) {
    throw new InputError(l10n.t('Too many users for one request: {0}, at most {1}. Send in batches.', ids.length, MAX_USERS_PER_REQUEST), 'userIds', 'too-many');
  }
  const message: { text: string; attachment?: unknown } = { text: requireText(text) };
  if (options.buttons && options.buttons.length > 0) message.attachment = linkKeyboard(options.buttons);
  const body = { recipient: { user_ids: ids }, message };
  const accept = acceptDirect(ids.length);
  const position = new Map(ids.map((id, k) => [userKey(id), k]));
  return post('sendToUsers', '/me/messages', DirectMessageBodySchema, body, DirectResultSchema, (answer: unknown): DirectResult => {
    const res = accept(answer);
    if (ids.length === given.length) return res;
    // Back to one entry per id given: a repeated user shares the first one's result.
    const at = given.map((id) => position.get(userKey(id)) ?? 0);
    return { ...res, success: at.map((k) => res.success[k]), ...(res.chat_ids ? { chat_ids: at.map((k) => res.chat_ids?.[k] ?? null) } : {}) };
  });
}

// --- reads ------------------------------------------------------------------

/** A user's token answers `{name, user_id}` without `group_id`. */
const userTokenAnswer = (body: unknown): OkErrorKind | undefined =>
  isRecord(body) && body.user_id !== undefined && body.group_id === undefined ? 'user-token' : undefined;

export const getMeInfo = (): ApiRequest<z.infer<typeof MeInfoSchema>> => ({ ...get('getMeInfo', '/me/info', MeInfoSchema), explainInvalid: userTokenAnswer });

export const MAX_CHATS_PAGE = 100;

export function listChatsPage(options: { count?: number; marker?: string } = {}) {
  const count = options.count ?? MAX_CHATS_PAGE;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CHATS_PAGE) {
    throw new InputError(l10n.t('count must be a whole number from 1 to {0}.', MAX_CHATS_PAGE));
  }
  const query: Record<string, string> = { count: String(count) };
  if (options.marker) query.marker = options.marker;
  return get('listChats', '/me/chats', ChatListSchema, query);
}

export const getChat = (chat: string) => get('getChat', `/me/chat/${parseChatId(chat)}`, ChatSchema);

export const getChatUrl = (chat: string) => get('getChatUrl', `/${parseChatId(chat)}/url`, ChatUrlSchema);

export function getFileUploadUrl(type: UploadType) {
  if (!UPLOAD_TYPES.includes(type)) throw new InputError(l10n.t('Unknown upload type "{0}".', String(type)));
  return get('getFileUploadUrl', '/me/fileUploadUrl', UploadUrlSchema, { type });
}

/**
 * The multipart POST of a file to the upload URL OK gave (see `fileUpload.ts`), used as given,
 * query string included (it carries its own signature). A plain-http URL on one of OK's own
 * hosts (`http://pu.mycdn.me/uploadImage?apiToken=…`, recorded by a client of the real API) goes
 * to https; on any other host it is refused (this machine's test servers excepted).
 */
export function uploadToUrl(uploadUrl: string, multipart: { data: Uint8Array; contentType: string }): ApiRequest<UploadResult> {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    throw new InputError(l10n.t('OK returned an upload address that is not a URL.'));
  }
  if (url.protocol === 'http:' && isOkHost(url.hostname)) url.protocol = 'https:';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackTarget(url.hostname))) {
    // the host only: the query may carry the upload's signature
    throw new InputError(l10n.t('OK gave an upload address on {0} that is not https, and {0} is not one of OK\'s own hosts; the file was not sent, to keep it off an unencrypted connection. Try again later; if it keeps happening, report it with the log.', url.host || url.protocol));
  }
  return { action: 'uploadFile', method: 'POST', path: url.pathname, query: {}, url: url.href, rawBody: multipart, responseSchema: UploadResultSchema, accept: acceptUpload };
}
