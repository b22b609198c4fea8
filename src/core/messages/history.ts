/**
 * Loading a chat's history page by page, by time: OK answers newest first, and the next older
 * page is asked for with `from` = the oldest time seen (never by `seq`, which JavaScript numbers
 * cannot hold). Pages overlap at their edges (messages of the same millisecond): messages are
 * kept once, by id.
 */
import type { ApiRequest } from '../net/apiRequest';
import { DEFAULT_MESSAGES_PAGE, MAX_MESSAGES_PAGE, readMessages, type MessagesQuery } from '../net/messageRequests';
import { okMessageId, type Messages, type OkMessage } from '../model/messageSchemas';

/** One page: `count` messages at most, newest first, the newest at or before `from` and the oldest at or after `to` when given. */
export type PageLoader = (query: Required<Pick<MessagesQuery, 'count'>> & Pick<MessagesQuery, 'from' | 'to'>) => Promise<readonly OkMessage[]>;

export interface HistoryOptions {
  /** How many messages to return at most. */
  count: number;
  /** Messages at or before this time (ms); default: the newest. */
  before?: number;
  /** Ids of messages already shown: not returned again. */
  known?: Iterable<string>;
  /** Messages asked for per request (1..100, default 50). */
  pageSize?: number;
}

export interface History {
  /** Newest first, each once. */
  messages: OkMessage[];
  /** True when OK has nothing older. */
  end: boolean;
}

/** A key that tells messages apart: the id, or for a message without one its time, sender and text. */
export function messageKey(m: OkMessage): string {
  return okMessageId(m) ?? `${m.timestamp}|${m.sender?.user_id ?? ''}|${m.message.text ?? ''}`;
}

/** The most requests one call makes: a page that brings nothing new ends the loading anyway. */
const MAX_PAGES = 1000;

/**
 * Up to `count` messages, newest first, going back page by page from `before`. Stops when it has
 * `count`, or at the start of the chat: when a page is empty. (A page shorter than asked is not
 * taken for the start: OK documents no largest page, and may give fewer than asked.) A page of
 * nothing new, all of one millisecond (the edge of the last page, or more messages of that
 * millisecond than a page holds), makes the next one start a millisecond earlier.
 */
export async function loadHistory(load: PageLoader, options: HistoryOptions): Promise<History> {
  const pageSize = Math.min(MAX_MESSAGES_PAGE, Math.max(1, options.pageSize ?? DEFAULT_MESSAGES_PAGE));
  const seen = new Set(options.known ?? []);
  const messages: OkMessage[] = [];
  let from = options.before;
  for (let page = 0; page < MAX_PAGES && messages.length < options.count; page++) {
    const got = await load(from === undefined ? { count: pageSize } : { count: pageSize, from });
    let fresh = 0;
    for (const m of got) {
      const key = messageKey(m);
      if (seen.has(key)) continue;
      seen.add(key);
      fresh++;
      if (messages.length < options.count) messages.push(m);
    }
    if (got.length === 0) return { messages, end: true };
    // a message without its time only stands beside its neighbours: it does not say where the page ends
    const timed = got.filter((m) => !m.timeUnknown);
    if (timed.length === 0) return { messages, end: false };
    const oldest = Math.min(...timed.map((m) => m.timestamp));
    // Nothing new, all at `from` (seen already): step past that millisecond.
    from = fresh === 0 && from !== undefined && oldest >= from ? oldest - 1 : oldest;
    if (from < 0) return { messages, end: true };
  }
  return { messages, end: false };
}

/** The pages of one chat, through the client: `chatPages((req) => client.call(req), chat)`. */
export function chatPages(call: (req: ApiRequest<Messages>) => Promise<Messages>, chat: string): PageLoader {
  return async (query) => (await call(readMessages(chat, query))).messages;
}

/** How many pages a poll for new messages reads at most before it leaves a gap. */
export const NEW_MESSAGES_MAX_PAGES = 10;

export interface NewMessages {
  /** Newest first, each once, none of the known ones. */
  messages: OkMessage[];
  /**
   * More came than the bound (`maxPages` pages): the messages between the oldest returned and the
   * newest shown before were not read. The view shows a gap there.
   */
  gap: boolean;
}

/**
 * The messages newer than what a view shows, newest first: pages back from the newest (each asked
 * `to` = `since`, the time of the newest message shown) until a page reaches a message already
 * known or older than `since`, or is empty. At most `maxPages` pages (default
 * {@link NEW_MESSAGES_MAX_PAGES}: 500 messages of 50); past that, `gap` says messages were skipped.
 * Without `since` (nothing shown yet) one page is read.
 */
export async function newSince(
  load: PageLoader,
  options: { since?: number; known?: Iterable<string>; pageSize?: number; maxPages?: number },
): Promise<NewMessages> {
  const pageSize = Math.min(MAX_MESSAGES_PAGE, Math.max(1, options.pageSize ?? DEFAULT_MESSAGES_PAGE));
  const maxPages = Math.max(1, options.maxPages ?? NEW_MESSAGES_MAX_PAGES);
  const { since } = options;
  const known = new Set(options.known ?? []);
  const seen = new Set<string>();
  const messages: OkMessage[] = [];
  let from: number | undefined;
  for (let page = 0; page < maxPages; page++) {
    const got = await load({ count: pageSize, ...(from === undefined ? {} : { from }), ...(since === undefined ? {} : { to: since }) });
    let fresh = 0;
    let reached = got.length === 0 || since === undefined;
    for (const m of got) {
      const key = messageKey(m);
      if (known.has(key)) {
        reached = true; // what the view shows already
        continue;
      }
      if (seen.has(key)) continue; // the edge of the last page
      seen.add(key);
      if (!m.timeUnknown && since !== undefined && m.timestamp < since) {
        reached = true;
        continue;
      }
      fresh++;
      messages.push(m);
    }
    if (reached) return { messages, gap: false };
    const timed = got.filter((m) => !m.timeUnknown);
    if (timed.length === 0) return { messages, gap: false };
    const oldest = Math.min(...timed.map((m) => m.timestamp));
    from = fresh === 0 && from !== undefined && oldest >= from ? oldest - 1 : oldest;
    if (since !== undefined && from < since) return { messages, gap: false };
  }
  return { messages, gap: true };
}
