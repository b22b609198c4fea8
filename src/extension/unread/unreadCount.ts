/**
 * Unread counts of saved chats, pure: what a page of a chat's newest messages says is new, and
 * the record kept per chat. No `vscode` here (unit tests load it); the tracker stores the records.
 */
import type { OkMessage } from '../../core/model/messageSchemas';

/** The page size of the unread poll. */
export const UNREAD_PAGE = 50;
/**
 * The most messages the poll reads back to the last seen one (10 pages of 50, the core's
 * `NEW_MESSAGES_MAX_PAGES`): more unread messages than this show as "500+".
 */
export const UNREAD_MAX = 500;

/** What is kept per saved chat. */
export interface UnreadRecord {
  /** The time (ms, OK's clock) of the newest message the user has seen; newer ones from others are unread. */
  seenAt: number;
  /** Messages from others newer than `seenAt`, in the newest page read. */
  count: number;
  /** The page was full of newer messages: there may be more than `count`. */
  more: boolean;
  /** The time of the newest message read (anyone's), when any was read. */
  newest?: number;
}

/** A chat never seen before starts at `now`: its history is not unread. */
export function firstRecord(now: number): UnreadRecord {
  return { seenAt: now, count: 0, more: false };
}

/**
 * Counts a page of a chat's newest messages (newest first, as OK answers; the order is not relied
 * on) against the record: messages from others (`isOurs` false) newer than `seenAt` are unread.
 * `pageSize`: the count asked for; a page that came back full of newer messages may hide more.
 */
export function countUnread(record: UnreadRecord, page: readonly OkMessage[], isOurs: (m: OkMessage) => boolean, pageSize = UNREAD_PAGE): UnreadRecord {
  let count = 0;
  let newest = record.newest;
  let allNewer = page.length > 0;
  for (const m of page) {
    newest = newest === undefined ? m.timestamp : Math.max(newest, m.timestamp);
    if (m.timestamp <= record.seenAt) {
      allNewer = false;
      continue;
    }
    if (!isOurs(m)) count++;
  }
  const more = allNewer && page.length >= pageSize;
  return { seenAt: record.seenAt, count, more, ...(newest === undefined ? {} : { newest }) };
}

/**
 * After OK accepted mark_seen: nothing is unread, and everything up to now (or up to the newest
 * message read, when OK's clock is ahead of this one) counts as seen, and so does everything up to
 * `shownUpTo` (the newest message an open conversation shows). Never goes back.
 */
export function markedSeen(record: UnreadRecord | undefined, now: number, shownUpTo = 0): UnreadRecord {
  const seenAt = Math.max(record?.seenAt ?? 0, record?.newest ?? 0, now, shownUpTo);
  return { seenAt, count: 0, more: false, ...(record?.newest === undefined ? {} : { newest: record.newest }) };
}

/** The number as shown: "500+" when the poll stopped at its bound, capped at {@link UNREAD_MAX}. */
export function unreadNumber(record: Pick<UnreadRecord, 'count' | 'more'> | undefined): string {
  if (!record || record.count <= 0) return '';
  return record.more || record.count > UNREAD_MAX ? `${Math.min(record.count, UNREAD_MAX)}+` : String(record.count);
}

/** A stored value read back defensively (global state is shared with other versions and windows). */
export function readRecord(v: unknown): UnreadRecord | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined);
  const seenAt = num(r.seenAt);
  if (seenAt === undefined) return undefined;
  const newest = num(r.newest);
  return { seenAt, count: Math.floor(num(r.count) ?? 0), more: r.more === true, ...(newest === undefined ? {} : { newest }) };
}
