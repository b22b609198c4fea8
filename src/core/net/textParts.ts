/**
 * One send of a text's parts, the last with link buttons: used by the Outbox (`deliver`) and the
 * CLI (`sendParts`). Where OK refuses the keyboard, its links go as text, never lost and never
 * making a message longer than the limit.
 */
import { isOkApiError } from '../model/okApiError';
import { DEFAULT_MAX_MESSAGE_LENGTH, linesInMessages, linksNotIn, withLinks } from '../messages/messageText';
import { sendText, type ApiRequest, type LinkButton } from './okRequests';

export interface TextPartsOptions {
  /** Link buttons under the last part. */
  buttons?: readonly LinkButton[];
  /** The id of the message the first part answers. */
  replyTo?: string;
  /** The longest message (default 4000): links sent as text never make a message longer. */
  maxLength?: number;
  /**
   * Whether OK refused link buttons already: then their links go as text at once. Set by the
   * first refusal, so a caller that keeps this object asks OK only once.
   */
  keyboards?: { refused: boolean };
  /** The first part OK has not accepted yet (a retry starts there; 0 by default). */
  from?: number;
  /** Told before part `index` goes. */
  onPart?(index: number): void;
  /** Told as soon as OK accepted a message (its id, when OK gives one). */
  onMessage?(messageId: string | undefined): void;
  /** Told once OK accepted part `index` with all its messages, before the next part goes. */
  onPartSent?(index: number): Promise<void> | void;
  log?(message: string): void;
}

type Call = <T>(request: ApiRequest<T>) => Promise<T>;

/**
 * Sends `parts` in order: the first answers `replyTo`, the last carries `buttons`. When OK refuses
 * the keyboard as a bad parameter (a refusal: nothing was posted, so sending again cannot
 * duplicate), that part goes once more without it: with the links as lines under it where they
 * fit, else the part as it was, then the links in as few messages of their own as fit. No
 * other error is retried.
 */
export async function sendTextParts(call: Call, chat: string, parts: readonly string[], options: TextPartsOptions = {}): Promise<void> {
  const post = async (text: string, more: { replyTo?: string; buttons?: readonly LinkButton[] } = {}) => {
    // built before the call: a bad button is a mistake of ours, not OK's refusal
    const request = sendText(chat, text, more);
    options.onMessage?.((await call(request)).message_id);
  };
  const last = parts.length - 1;
  for (let i = options.from ?? 0; i <= last; i++) {
    options.onPart?.(i);
    const replyTo = i === 0 ? options.replyTo : undefined;
    const buttons = i === last && options.buttons?.length ? options.buttons : undefined;
    if (buttons) await sendWithButtons(post, parts[i], buttons, replyTo, options);
    else await post(parts[i], { replyTo });
    await options.onPartSent?.(i);
  }
}

export type PartPost = (text: string, more?: { replyTo?: string; buttons?: readonly LinkButton[] }) => Promise<void>;

/** One part with link buttons; where OK refuses the keyboard as a bad parameter, the links go as text (see {@link sendTextParts}). */
export async function sendWithButtons(post: PartPost, part: string, buttons: readonly LinkButton[], replyTo: string | undefined, options: TextPartsOptions): Promise<void> {
  if (!options.keyboards?.refused) {
    try {
      return await post(part, { replyTo, buttons });
    } catch (e) {
      if (!isOkApiError(e) || e.kind !== 'param' || e.delivery !== 'rejected') throw e;
      options.log?.(`OK refused the link buttons (${e.message}); sending their links as text${options.keyboards ? ' from now on' : ''}`);
      if (options.keyboards) options.keyboards.refused = true;
    }
  }
  const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  const urls = buttons.map((b) => b.url);
  const text = withLinks(part, urls);
  if (text.length <= maxLength) return post(text, { replyTo });
  // the links do not fit under the part: the part as it was, then the links in messages of their own
  await post(part, { replyTo });
  for (const links of linesInMessages(linksNotIn(part, urls), maxLength)) await post(links);
}
