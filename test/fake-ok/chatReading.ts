/**
 * A chat's messages as OK serves them back: GET /me/messages/<chat> (and the newer
 * /<chat>/messages) with `count`, `from` and `to`, newest first, in OK's `Message` shape and the
 * dialect's variant of it; and messages "posted by another member", which tests and the sandbox
 * use to fill a chat (they are kept apart from `messages`, which holds what the token sent).
 */
import type { HistoryStyle } from './dialects';
import type { GraphSettings, GraphState } from './graphMethods';
import { OkError, param } from './okErrors';
import { newMessageId, seqFor, type FakeMessage, type FakeUpload } from './records';
import type { Reply } from './replies';
import { checkChatId, isObject, validateCount } from './validate';

/** What a member posts: any text (service events too) and attachments in OK's read shape. */
export interface MemberPost {
  text?: string;
  attachments?: unknown[];
  reply_to?: string;
  edited?: boolean;
  /** A forward: read back with only `mid` and `seq` [3p]. */
  forward?: boolean;
  /** When (ms); default now. */
  time?: number;
}

export interface Member {
  user_id: string;
  name: string;
}

/** Stores a message of another member of the chat (not validated: OK wrote it). */
export function postAsMember(g: GraphState, chatId: string, sender: Member, post: MemberPost): FakeMessage {
  const chat = g.chats.get(chatId);
  if (!chat) throw new Error(`No chat ${chatId}`);
  g.counters.messages += 1;
  const time = post.time ?? Date.now();
  const stored: FakeMessage = {
    message_id: newMessageId(chatId, g.counters.messages, g.idForm),
    chat_id: chatId,
    attachments: structuredClone(post.attachments ?? []),
    time,
    seq: seqFor(g.counters.messages),
    sender: { ...sender },
  };
  if (post.text !== undefined) stored.text = post.text;
  if (post.reply_to !== undefined) stored.reply_to = post.reply_to;
  if (post.edited) stored.edited = true;
  if (post.forward) stored.forward = true;
  g.memberMessages.push(stored);
  chat.lastEventTime = Math.max(chat.lastEventTime, time);
  return stored;
}

/** Every message of a chat, sent with the token or posted by members, newest first. */
export function chatHistory(g: GraphState, chatId: string): FakeMessage[] {
  const newestFirst = (a: FakeMessage, b: FakeMessage) => b.time - a.time || (BigInt(b.seq ?? 0) > BigInt(a.seq ?? 0) ? 1 : -1);
  return [...g.messages, ...g.memberMessages].filter((m) => m.chat_id === chatId).sort(newestFirst);
}

function timeParam(query: Record<string, string>, name: 'from' | 'to'): number | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v)) param(`Invalid parameter ${name}: must be a time in milliseconds`);
  return Number(v);
}

/** An uploaded file's attachment as OK shows it to readers: a URL (and a name), not the token. */
function readAttachment(a: unknown, s: GraphSettings, uploads: ReadonlyMap<string, FakeUpload>): unknown {
  if (!isObject(a) || !isObject(a.payload) || typeof a.payload.token !== 'string') return a;
  const upload = uploads.get(a.payload.token);
  if (!upload) return a;
  return { type: a.type, payload: { url: `${s.origin}/files/${upload.id}`, ...(upload.filename ? { name: upload.filename } : {}) } };
}

const userIdIn = (id: string, style: HistoryStyle): string | number => (style.userId === 'number' && /^(?:user|group):\d{1,15}$/.test(id) ? Number(id.replace(/^\w+:/, '')) : id);

/** One message in OK's `Message` shape, in the dialect's variant. */
export function okMessage(m: FakeMessage, g: GraphState, s: GraphSettings): Record<string, unknown> {
  const style = s.spec.history;
  const message: Record<string, unknown> = {};
  if (m.forward) return { sender: { name: m.sender?.name ?? '', user_id: userIdIn(m.sender?.user_id ?? '', style) }, recipient: { chat_id: m.chat_id }, message: { mid: m.message_id, seq: m.seq }, timestamp: m.time };
  if (m.text !== undefined && m.text !== '') message.text = m.text;
  else if (style.noText === 'empty') message.text = '';
  else if (style.noText === 'null') message.text = null;
  message.seq = m.seq;
  message[style.id] = m.message_id;
  if (m.attachments.length > 0) {
    const read = m.attachments.map((a) => readAttachment(a, s, g.uploads));
    message.attachments = style.attachments === 'single' && read.length === 1 ? read[0] : read;
  }
  if (m.reply_to !== undefined) {
    const answered = style.replyTo === 'quoted' ? chatHistory(g, m.chat_id).find((x) => x.message_id === m.reply_to) : undefined;
    message.reply_to = answered ? { [style.id]: answered.message_id, text: answered.text ?? '', sender: { name: answered.sender?.name ?? '' } } : m.reply_to;
  }
  const sender = m.sender ?? s.group;
  const out: Record<string, unknown> = {
    sender: { name: sender.name, user_id: userIdIn(sender.user_id, style) },
    recipient: { chat_id: m.chat_id },
    message,
    timestamp: m.time,
  };
  if (m.edited && style.edited === 'flag') out.edited = true;
  return out;
}

/** JSON with every `seq` as a raw number of its digits (beyond 2^53, as OK writes it). */
export function withRawSeq(value: unknown): string {
  // In a JSON text a `"` inside a string is escaped, so this matches only the key itself.
  return JSON.stringify(value).replace(/"seq":"(\d+)"/g, '"seq":$1');
}

/** GET /me/messages/<chat> or /<chat>/messages: `count` (1..100, default 50) messages from `from` back to `to`, newest first. */
export function readHistory(g: GraphState, s: GraphSettings, chatId: string, query: Record<string, string>): Reply {
  checkChatId(chatId);
  const count = Math.min(validateCount(query.count), s.pageSize);
  const from = timeParam(query, 'from');
  const to = timeParam(query, 'to');
  if (from !== undefined && to !== undefined && from < to) param('Invalid parameters from and to: from must not be earlier than to (newest first)');
  if (!g.chats.has(chatId)) throw new OkError(705, `Chat ${chatId} not found`);
  const page = chatHistory(g, chatId)
    .filter((m) => (from === undefined || m.time <= from) && (to === undefined || m.time >= to))
    .slice(0, count);
  return { status: 200, body: withRawSeq({ messages: page.map((m) => okMessage(m, g, s)) }) };
}

/**
 * The test-only POST /_test/<chat>/messages (not OK's: for the sandbox and tests in another
 * process): a message from another member, `{"user_id": "user:N", "name": "…", "text": "…",
 * "attachments"?, "reply_to"?, "edited"?}`. Answers the stored message in OK's shape.
 */
function postedOverHttp(g: GraphState, s: GraphSettings, chatId: string, body: unknown): Reply {
  checkChatId(chatId);
  if (!g.chats.has(chatId)) throw new OkError(705, `Chat ${chatId} not found`);
  if (!isObject(body) || typeof body.user_id !== 'string' || !/^user:\d+$/.test(body.user_id) || typeof body.name !== 'string') {
    param('Expected {"user_id": "user:N", "name": "...", "text": "..."}');
  }
  const post: MemberPost = {};
  if (typeof body.text === 'string') post.text = body.text;
  if (Array.isArray(body.attachments)) post.attachments = body.attachments;
  if (typeof body.reply_to === 'string') post.reply_to = body.reply_to;
  if (body.edited === true) post.edited = true;
  const stored = postAsMember(g, chatId, { user_id: body.user_id, name: body.name }, post);
  return { status: 200, body: withRawSeq(okMessage(stored, g, s)) };
}

/** The reply to a request for a chat's messages at `sub` (below /graph), or undefined for another path. */
export function historyRoute(g: GraphState, s: GraphSettings, method: string, sub: string, query: Record<string, string>, body: unknown): Reply | undefined {
  const posted = /^\/_test\/([^/]+)\/messages$/.exec(sub);
  if (posted && method === 'POST') return postedOverHttp(g, s, posted[1], body);
  const m = /^\/me\/messages\/([^/]+)$/.exec(sub) ?? /^\/(chat:[^/]*)\/messages$/.exec(sub);
  if (!m || method !== 'GET') return undefined;
  return readHistory(g, s, m[1], query);
}
