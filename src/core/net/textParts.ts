/**
 * The one send of a text's parts, the last with link buttons ({@link postParts}), over a post to a
 * chat ({@link sendTextParts}: the Outbox's chat messages, the CLI's `sendParts`, a build's
 * result) or to users ({@link usersPost}: the Outbox's direct messages, the CLI's `--dm-author`).
 * Where OK refuses the keyboard, its links go as text, never lost and never making a message
 * longer than the limit.
 */
import { isOkApiError } from '../model/okApiError';
import { DEFAULT_MAX_MESSAGE_LENGTH, linesInMessages, linksNotIn, withLinks } from '../messages/messageText';
import { sendText, sendToUsers, type ApiRequest, type LinkButton } from './okRequests';

/** Posts one message of a send (a part, or links after it): resolves once OK accepted it. */
export type PartPost = (text: string, more?: { replyTo?: string; buttons?: readonly LinkButton[] }) => Promise<void>;

export interface PartsOptions {
  /** Link buttons under the last part. */
  buttons?: readonly LinkButton[];
  /** The id of the message the first part answers (chats only). */
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
  /** Whether nobody is left to post to: the parts after go no more. */
  finished?(): boolean;
  /** Told before part `index` goes. */
  onPart?(index: number): void;
  /** Told once OK accepted part `index` with all its messages, before the next part goes. */
  onPartSent?(index: number): Promise<void> | void;
  log?(message: string): void;
}

export interface TextPartsOptions extends PartsOptions {
  /** Told as soon as OK accepted a message (its id, when OK gives one). */
  onMessage?(messageId: string | undefined): void;
}

type Call = <T>(request: ApiRequest<T>) => Promise<T>;

/**
 * Posts `parts` in order: the first answers `replyTo`, the last carries `buttons`. When OK refuses
 * the keyboard as a bad parameter (a refusal: nothing was posted, so sending again cannot
 * duplicate), that part goes once more without it: with the links as lines under it where they
 * fit, else the part as it was, then the links in as few messages of their own as fit. No
 * other error is retried.
 */
export async function postParts(post: PartPost, parts: readonly string[], options: PartsOptions = {}): Promise<void> {
  const last = parts.length - 1;
  for (let i = options.from ?? 0; i <= last && !options.finished?.(); i++) {
    options.onPart?.(i);
    const replyTo = i === 0 ? options.replyTo : undefined;
    const buttons = i === last && options.buttons?.length ? options.buttons : undefined;
    if (buttons) await sendWithButtons(post, parts[i], buttons, replyTo, options);
    else await post(parts[i], { replyTo });
    await options.onPartSent?.(i);
  }
}

/** {@link postParts} to a chat. */
export function sendTextParts(call: Call, chat: string, parts: readonly string[], options: TextPartsOptions = {}): Promise<void> {
  const post: PartPost = async (text, more = {}) => {
    // built before the call: a bad button is a mistake of ours, not OK's refusal
    const request = sendText(chat, text, more);
    options.onMessage?.((await call(request)).message_id);
  };
  return postParts(post, parts, options);
}

/** A post to users, and who got what it posted. */
export interface UsersPost {
  post: PartPost;
  /** Whether every user missed a message: nobody is left to post to (pass it as {@link PartsOptions.finished}). */
  finished: () => boolean;
  /** The users who got every message posted. */
  delivered: () => string[];
  /** The users OK did not deliver a message to (they do not allow messages from the group). */
  failed: () => string[];
}

/**
 * A post of direct messages from the group (one request for all the users): a user OK did not
 * deliver a message to gets none of the later ones (a part without the ones before is of no use).
 */
export function usersPost(call: Call, userIds: readonly string[]): UsersPost {
  const took = new Map<string, boolean>(userIds.map((u) => [u, true]));
  const still = () => [...took].filter(([, ok]) => ok).map(([u]) => u);
  const post: PartPost = async (text, more = {}) => {
    const to = still();
    if (to.length === 0) return;
    const answer = await call(sendToUsers(to, text, { buttons: more.buttons }));
    to.forEach((u, k) => {
      if (answer.success[k] !== true) took.set(u, false);
    });
  };
  return { post, finished: () => still().length === 0, delivered: still, failed: () => [...took].filter(([, ok]) => !ok).map(([u]) => u) };
}

/** One part with link buttons; where OK refuses the keyboard as a bad parameter, the links go as text (see {@link postParts}). */
async function sendWithButtons(post: PartPost, part: string, buttons: readonly LinkButton[], replyTo: string | undefined, options: PartsOptions): Promise<void> {
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
