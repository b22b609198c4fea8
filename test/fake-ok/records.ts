/** What the fake OK server keeps: chats, messages, uploads and the log of requests, and their ids. */
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';

export const CHAT_ID_RE = /^chat:C[0-9a-f]{8,32}$/;
export const USER_ID_RE = /^user:\d+$/;
export const USER_ID_OR_BARE_RE = /^(?:user:)?\d+$/;

export interface FakeChat {
  chat_id: string;
  type: 'GROUP_CHAT' | 'DIALOG' | 'CHAT';
  status: 'ACTIVE' | 'LEFT' | 'REMOVED';
  title: string;
  icon?: { url: string };
  participants: Record<string, number>;
  lastEventTime: number;
  owner_id?: string;
  group_id?: string;
}

export interface FakeMessage {
  message_id: string;
  chat_id: string;
  text?: string;
  attachments: unknown[];
  reply_to?: string;
  time: number;
  /** OK's counter, beyond 2^53: digits, written as a raw JSON number in answers. */
  seq?: string;
  /** Who sent it: the group for messages sent with the token, a member for posted ones. */
  sender?: { name: string; user_id: string };
  edited?: boolean;
  /** A forward, read back with only `mid` and `seq`. */
  forward?: boolean;
}

/** A message as validated, before it is stored. */
export interface StoredMessage {
  text?: string;
  attachments: unknown[];
  reply_to?: string;
}

export interface RecordedRequest {
  method: string;
  /** URL path without the query, percent-decoded (e.g. "/graph/me/messages/chat:C3ecb9d02a600"). */
  path: string;
  /** Query parameters (first value wins); access_token is kept as sent. */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  time: number;
}

export type UploadType = 'FILE' | 'IMAGE' | 'VIDEO' | 'AUDIO';
export const UPLOAD_TYPES: readonly string[] = ['FILE', 'IMAGE', 'VIDEO', 'AUDIO'];

/** A file announced by GET /me/fileUploadUrl (and, once `uploaded`, usable by token). */
export interface FakeUpload {
  id: string;
  token: string;
  type: UploadType;
  uploaded: boolean;
  size?: number;
  filename?: string;
  contentType?: string;
  /** What was uploaded. */
  bytes?: Uint8Array;
  /** Sends still to be refused as "not ready". */
  notReadyLeft: number;
  /** The signed query of an upload URL on OK's host (`apiToken`): the upload must carry it. */
  signature?: string;
}

/** `bytes` random bytes as lowercase hex. */
export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A new message id in a chat, unique by its counter: the older `mid:C<chat hex>.<hex>`, or the newer `MID:<digits>` [doc]. */
export function newMessageId(chatId: string, counter: number, form: 'mid' | 'MID' = 'mid'): string {
  if (form === 'MID') return `MID:${String(703_123_456_789_012_345n + BigInt(counter) * 7n)}`;
  return `mid:C${chatId.slice('chat:C'.length)}.${hex(4)}${counter.toString(16)}`;
}

/**
 * OK's `seq` of the n-th message, growing, of the size clients recorded (~1e17, beyond 2^53), and
 * never a multiple of 16: no double holds it, so JSON.parse always rounds it.
 */
export function seqFor(counter: number): string {
  return String(100_574_660_475_028_939n + BigInt(counter) * 4096n);
}

/** The first value of a request header. */
export function header(rec: RecordedRequest, name: string): string | undefined {
  const v = rec.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The record of a request: its path percent-decoded, its query (first value wins), its body as text and as JSON. */
export function recordOf(req: http.IncomingMessage, raw: Buffer, origin: string): RecordedRequest {
  const url = new URL(req.url ?? '/', origin);
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep it raw */
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  const rawBody = raw.toString('utf8');
  let body: unknown = undefined;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
  }
  return { method: req.method ?? 'GET', path, query, headers: { ...req.headers }, rawBody, body, time: Date.now() };
}
