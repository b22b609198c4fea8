/** What the client does in several calls: a message to many users in batches, and the chat list across its pages. */
import { OkApiError } from '../model/okApiError';
import type { Chat } from '../model/okSchemas';
import type { CallOptions, DirectSendResult, LogSink } from './clientOptions';
import { errorText } from './connectionProblems';
import { directBatches, listChatsPage, sendToUsers, type ApiRequest } from './okRequests';

/** The most pages of the chat list read (at most 100 chats a page). */
export const MAX_CHAT_PAGES = 50;

/** The one call these need (the client's). */
interface Caller {
  call<T>(req: ApiRequest<T>, options?: CallOptions): Promise<T>;
}

/**
 * One message to each user, the same user once however the id was written, in batches of
 * `MAX_USERS_PER_REQUEST`. Results are per user. A failed batch stops the rest: its users are
 * `unknown` when OK may have applied it, else `notSent`, like the batches after it; `error` says why.
 */
export async function sendToUsersInBatches(client: Caller, userIds: readonly string[], text: string, options: CallOptions = {}): Promise<DirectSendResult> {
  const batches = directBatches(userIds);
  sendToUsers(batches[0], text); // refuse an empty text before any request
  const result: DirectSendResult = { delivered: [], failed: [], unknown: [], notSent: [] };
  for (const [b, batch] of batches.entries()) {
    try {
      const res = await client.call(sendToUsers(batch, text), options);
      batch.forEach((u, k) => (res.success[k] === true ? result.delivered : result.failed).push(u));
    } catch (e) {
      const error = e instanceof OkApiError ? e : new OkApiError({ kind: 'unknown', delivery: 'unknown', action: 'sendToUsers', detail: errorText(e) });
      (error.delivery === 'unknown' ? result.unknown : result.notSent).push(...batch);
      for (const rest of batches.slice(b + 1)) result.notSent.push(...rest);
      result.error = error;
      return result;
    }
  }
  return result;
}

/**
 * Lists every chat of the group, following `marker` across pages. The list shifts while it is
 * paged (it is sorted by activity), so a chat that moves is kept once, by id, with what its last
 * page said. Paging stops on an empty page (even with a marker), on a marker seen before and
 * after {@link MAX_CHAT_PAGES} pages, keeping what it has (and logging why); a chat that cannot be
 * read is skipped, logged and counted, never failing the list.
 */
export async function listChatsAcrossPages(client: Caller, log: LogSink, options: CallOptions & { pageSize?: number } = {}): Promise<Chat[]> {
  const byId = new Map<string, Chat>();
  const markers = new Set<string>();
  let marker: string | undefined;
  let skipped = 0;
  let pages = 0;
  let stop = 'the last page';
  for (;;) {
    if (pages >= MAX_CHAT_PAGES) {
      stop = `the page limit (${MAX_CHAT_PAGES} pages)`;
      break;
    }
    const res = await client.call(listChatsPage({ count: options.pageSize, marker }), options);
    pages++;
    for (const s of res.skipped) log('warn', `listChats: page ${pages}, chat ${s.index + 1}: skipped, in a shape OK Chat cannot read (${s.why})`);
    skipped += res.skipped.length;
    if (res.chats.length === 0 && res.skipped.length === 0) {
      if (res.marker) stop = 'an empty page that still gave a marker';
      break;
    }
    // Map.set keeps a chat's first place and takes its newest fields.
    for (const c of res.chats) byId.set(c.chat_id, c);
    if (!res.marker) break;
    if (markers.has(res.marker)) {
      stop = 'a page marker OK gave before';
      break;
    }
    markers.add(res.marker);
    marker = res.marker;
  }
  if (stop !== 'the last page' || skipped > 0) {
    log('warn', `listChats: ${byId.size} chats in ${pages} pages, stopped at ${stop}${skipped ? `; ${skipped} chats skipped` : ''}`);
  }
  return [...byId.values()];
}
