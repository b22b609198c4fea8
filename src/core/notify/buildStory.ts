/**
 * A build's story in one message: the result of a build that posted "started" edits that message
 * to the result; where OK refuses the edit, the result answers it (a reply); without a started
 * message (or one OK gave no id), the result is a new message, as every result was before.
 */
import { isOkApiError, type OkApiError } from '../model/okApiError';
import { DEFAULT_MAX_MESSAGE_LENGTH, splitMessage, withLinks } from '../messages/messageText';
import { tryEdit, type Call } from '../net/editRequests';
import type { LinkButton } from '../net/okRequests';
import { sendTextParts } from '../net/textParts';

/** How the result reached the chat (`unchanged`: only an edit was asked for, and OK refused it). */
export type StoryWay = 'edited' | 'replied' | 'new' | 'unchanged';

export interface StoryDelivery {
  way: StoryWay;
  /** The edited message's id, or the ids OK gave the new messages (in order; none when OK gave none). */
  messageIds: string[];
  /** Why OK would not edit the started message (with `replied`, or `new` when the reply was refused too). */
  editRefusal?: OkApiError;
  /** Why OK would not take the result as a reply to it (then it went as a new message). */
  replyRefusal?: OkApiError;
}

export interface StoryOptions {
  /** The chat the started message is in, and the result goes to. */
  chat: string;
  /** The whole result. An edit holds it cut to one message; a reply or a new message holds all of it, in parts. */
  text: string;
  /** Link buttons under the result. */
  buttons?: readonly LinkButton[];
  /** The id OK gave the "started" message; without one the result is a new message. */
  startedId?: string;
  /** The longest message (default 4000). */
  maxLength?: number;
  /**
   * Only edit: where OK refuses, send nothing (`unchanged`). For a result no rule reports, so that
   * the started message does not stay "started" while nothing new is posted.
   */
  editOnly?: boolean;
  /** Whether OK refused link buttons already (see `sendTextParts`); set when it does. */
  keyboards?: { refused: boolean };
  /** Told as soon as OK accepted a new message (its id, when OK gives one). */
  onMessage?(messageId: string | undefined): void;
  log?(message: string): void;
}

/**
 * The text cut to one message of at most `maxLength` UTF-16 units: its end replaced by "…",
 * never inside a surrogate pair. Build messages keep what matters first (the status line).
 */
export function oneMessage(text: string, maxLength = DEFAULT_MAX_MESSAGE_LENGTH): string {
  if (text.length <= maxLength) return text;
  let end = maxLength - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** A refusal of a send that posted nothing and that a message without `reply_to` may not meet. */
function refusedReply(e: unknown): e is OkApiError {
  return isOkApiError(e) && e.delivery === 'rejected' && (e.kind === 'param' || e.kind === 'not-found');
}

/**
 * Edits the started message to the result (with its buttons; where OK refuses it as a bad
 * parameter (PARAM 100: perhaps the keyboard), once more with the buttons' links as text); on OK's refusal, replies to it; without
 * a started message, posts a new one. Returns which happened. A failure other than a refusal
 * (OK out of reach, "may have been edited") is thrown as a send's is: nothing is tried after it,
 * so the result is never posted twice.
 */
export async function deliverResult(call: Call, options: StoryOptions): Promise<StoryDelivery> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  const buttons = options.buttons ?? [];
  const log = (message: string): void => options.log?.(message);
  const ids: string[] = [];
  let accepted = 0;
  const send = (replyTo?: string) =>
    sendTextParts(call, options.chat, splitMessage(options.text, maxLength), {
      buttons,
      replyTo,
      maxLength,
      keyboards: options.keyboards,
      log,
      onMessage: (id) => {
        accepted += 1;
        if (id) ids.push(id);
        options.onMessage?.(id);
      },
    });
  const startedId = options.startedId;
  if (!startedId) {
    if (options.editOnly) return { way: 'unchanged', messageIds: [] };
    await send();
    return { way: 'new', messageIds: ids };
  }

  const text = oneMessage(options.text, maxLength);
  const withButtons = buttons.length > 0 && !options.keyboards?.refused;
  let outcome = await tryEdit(call, startedId, withButtons ? { text, buttons } : { text: linksAsText(text, buttons, maxLength) });
  if (!outcome.edited && withButtons && outcome.refusal.code === 100) {
    log(`OK refused the edit with link buttons (${outcome.refusal.message}); editing once more with their links as text`);
    outcome = await tryEdit(call, startedId, { text: linksAsText(text, buttons, maxLength) });
    if (outcome.edited && options.keyboards) options.keyboards.refused = true;
  }
  if (outcome.edited) return { way: 'edited', messageIds: [startedId] };
  const editRefusal = outcome.refusal;
  if (options.editOnly) return { way: 'unchanged', messageIds: [], editRefusal };
  log(`OK refused to edit the started message ${startedId} (${editRefusal.message}); replying to it instead`);

  try {
    await send(startedId);
    return { way: 'replied', messageIds: ids, editRefusal };
  } catch (e) {
    // OK took nothing of the reply: a message without reply_to cannot post the result twice
    if (accepted > 0 || !refusedReply(e)) throw e;
    log(`OK refused the result as a reply to ${startedId} (${e.message}); sending it as a new message`);
    await send();
    return { way: 'new', messageIds: ids, editRefusal, replyRefusal: e };
  }
}

/** The text with the buttons' links as lines under it, where they fit in one message; else the text alone. */
function linksAsText(text: string, buttons: readonly LinkButton[], maxLength: number): string {
  const linked = withLinks(text, buttons.map((b) => b.url));
  return linked.length <= maxLength ? linked : text;
}
