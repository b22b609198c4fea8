/**
 * The fake OK server's strictness: each check refuses what the real API is documented (or
 * believed) to refuse, with 100 PARAM and a message naming the parameter. Pure checks of a
 * request's body; what is valid is returned typed, for graphMethods.ts to apply.
 */
import { NOT_READY_MESSAGE, OkError, param } from './okErrors';
import type { NotReadyWording } from './dialects';
import { CHAT_ID_RE, UPLOAD_TYPES, USER_ID_OR_BARE_RE, USER_ID_RE, header, type FakeUpload, type RecordedRequest, type StoredMessage } from './records';

export const SENDER_ACTIONS: readonly string[] = ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio'];
export const MAX_ATTACHMENTS = 5;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) param(`Unknown parameter ${where}.${k}`);
  }
}

export function isPngOrJpgUrl(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return /\.(?:png|jpe?g)$/i.test(u.pathname);
}

/** `user:123` or `123` → `user:123`; throws (a programming error) on anything else. */
export function normaliseUserId(id: string): string {
  if (!USER_ID_OR_BARE_RE.test(id)) throw new Error(`Not a user id: ${id}`);
  return id.startsWith('user:') ? id : `user:${id}`;
}

export function checkChatId(id: string): void {
  if (!CHAT_ID_RE.test(id)) param(`Invalid chat id ${id}: expected chat:C<hex>`);
}

/** GET /me/chats `count`: 1..100 (default 50). */
export function validateCount(count: string | undefined): number {
  if (count === undefined) return 50;
  if (!/^\d{1,4}$/.test(count)) param('Invalid parameter count: must be an integer 1..100');
  const n = Number(count);
  if (n < 1 || n > 100) param('Invalid parameter count: must be an integer 1..100');
  return n;
}

/** A POST body: application/json in UTF-8, a JSON object. */
export function validateJsonBody(rec: RecordedRequest): Record<string, unknown> {
  const [mime, ...params] = (header(rec, 'content-type') ?? '').split(';').map((s) => s.trim().toLowerCase());
  if (mime !== 'application/json') param('Content-Type must be application/json');
  for (const p of params) {
    if (p.startsWith('charset=') && p.replace(/^charset="?|"$/g, '') !== 'utf-8') param('Charset must be utf-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(rec.rawBody);
  } catch {
    param('Request body is not valid JSON');
  }
  if (!isObject(body)) param('Request body must be a JSON object');
  return body;
}

/** POST /me/messages/<chat>: the recipient matches the path, and exactly one action is given. */
export function validateChatRequest(body: Record<string, unknown>, pathId: string): 'message' | 'chat_control' | 'sender_action' {
  checkChatId(pathId);
  onlyKeys(body, ['recipient', 'message', 'chat_control', 'sender_action'], 'body');
  const recipient = body.recipient;
  if (recipient === undefined) param('Missing required parameter recipient');
  if (!isObject(recipient)) param('Invalid parameter recipient');
  onlyKeys(recipient, ['chat_id'], 'recipient');
  if (recipient.chat_id === undefined) param('Missing required parameter recipient.chat_id');
  if (recipient.chat_id !== pathId) param('recipient.chat_id does not match the chat id in the path');
  const actions = (['message', 'chat_control', 'sender_action'] as const).filter((k) => body[k] !== undefined);
  if (actions.length !== 1) param('Exactly one of message, chat_control, sender_action is required');
  return actions[0];
}

export function validateSenderAction(a: unknown): string {
  if (typeof a !== 'string' || !SENDER_ACTIONS.includes(a)) {
    param(`Invalid parameter sender_action: ${String(JSON.stringify(a))} (${SENDER_ACTIONS.join(', ')})`);
  }
  return a;
}

export type ChatControlOp =
  | { op: 'title'; title: string }
  | { op: 'icon'; url: string }
  | { op: 'add_members'; userIds: string[] }
  | { op: 'remove_member'; userId: string }
  | { op: 'leave' };

/** A chat_control: exactly one of title, icon, add_members, remove_member, leave, each strictly shaped. */
export function validateChatControl(cc: unknown): ChatControlOp {
  if (!isObject(cc)) param('Invalid parameter chat_control');
  onlyKeys(cc, ['title', 'icon', 'add_members', 'remove_member', 'leave'], 'chat_control');
  const keys = Object.keys(cc).filter((k) => cc[k] !== undefined);
  if (keys.length !== 1) param('chat_control must contain exactly one of title, icon, add_members, remove_member, leave');

  if (cc.title !== undefined) {
    if (typeof cc.title !== 'string' || cc.title.trim() === '') param('Invalid parameter title: non-empty string required');
    return { op: 'title', title: cc.title };
  }
  if (cc.icon !== undefined) {
    const icon = cc.icon;
    if (!isObject(icon)) param('Invalid parameter icon');
    onlyKeys(icon, ['url'], 'chat_control.icon');
    if (!isPngOrJpgUrl(icon.url)) param('Invalid parameter icon.url: Png or jpg image URL required');
    return { op: 'icon', url: icon.url };
  }
  if (cc.add_members !== undefined) {
    const list = cc.add_members;
    if (!Array.isArray(list)) param('Invalid parameter add_members: array required');
    const userIds = list.map((item: unknown, i) => {
      if (!isObject(item)) param(`Invalid parameter add_members[${i}]`);
      onlyKeys(item, ['user_id'], `chat_control.add_members[${i}]`);
      if (typeof item.user_id !== 'string' || !USER_ID_RE.test(item.user_id)) {
        param(`Invalid parameter add_members[${i}].user_id: user:<digits> required`);
      }
      return item.user_id;
    });
    return { op: 'add_members', userIds };
  }
  if (cc.remove_member !== undefined) {
    const item = cc.remove_member;
    if (!isObject(item)) param('Invalid parameter remove_member: a single {user_id} object required');
    onlyKeys(item, ['user_id'], 'chat_control.remove_member');
    if (typeof item.user_id !== 'string' || !USER_ID_RE.test(item.user_id)) {
      param('Invalid parameter remove_member.user_id: user:<digits> required');
    }
    return { op: 'remove_member', userId: item.user_id };
  }
  if (cc.leave !== 'true') param('Invalid parameter leave: must be the string "true"');
  return { op: 'leave' };
}

/** POST /me/messages: `recipient.user_ids` (or one `user_id`), bare numbers allowed → `user:<digits>` each. */
export function validateDirectRecipients(body: Record<string, unknown>): string[] {
  onlyKeys(body, ['recipient', 'message'], 'body');
  const recipient = body.recipient;
  if (recipient === undefined) param('Missing required parameter recipient');
  if (!isObject(recipient)) param('Invalid parameter recipient');
  onlyKeys(recipient, ['user_ids', 'user_id'], 'recipient');
  let raw: unknown[];
  if (recipient.user_ids !== undefined && recipient.user_id !== undefined) param('Use either recipient.user_ids or recipient.user_id');
  if (recipient.user_ids !== undefined) {
    if (!Array.isArray(recipient.user_ids) || recipient.user_ids.length === 0) {
      param('Invalid parameter recipient.user_ids: non-empty array required');
    }
    raw = recipient.user_ids as unknown[];
  } else if (recipient.user_id !== undefined) {
    raw = [recipient.user_id];
  } else {
    param('Missing required parameter recipient.user_ids');
  }
  return raw.map((u, i) => {
    if (typeof u !== 'string' || !USER_ID_OR_BARE_RE.test(u)) param(`Invalid user id at recipient.user_ids[${i}]`);
    return normaliseUserId(u);
  });
}

/**
 * A message: text within `maxTextLength`, up to 5 attachments (one image by URL at most, uploads
 * by a token of their type). An upload still "not ready" refuses the send (and counts it).
 * `chatId` undefined: a direct message (no reply_to).
 */
export const MAX_BUTTONS = 100;
export const MAX_BUTTON_LABEL_LENGTH = 42;
const BUTTON_INTENTS: readonly string[] = ['DEFAULT', 'POSITIVE', 'NEGATIVE'];

function isHttpUrl(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** An INLINE_KEYBOARD's payload: rows of LINK buttons (label 1..42 characters, http(s) URL, intent), at most 100 in all. */
export function validateKeyboard(p: Record<string, unknown>, where: string): { buttons: Array<Array<{ type: 'LINK'; text: string; url: string; intent?: string }>> } {
  onlyKeys(p, ['keyboard'], `${where}.payload`);
  const kb = p.keyboard;
  if (!isObject(kb)) param(`Missing required parameter ${where}.payload.keyboard`);
  onlyKeys(kb, ['buttons'], `${where}.payload.keyboard`);
  const rows = kb.buttons;
  if (!Array.isArray(rows) || rows.length === 0) param(`Invalid parameter ${where}.payload.keyboard.buttons: non-empty array of rows required`);
  let count = 0;
  const out = rows.map((row: unknown, r) => {
    if (!Array.isArray(row) || row.length === 0) param(`Invalid parameter ${where}.payload.keyboard.buttons[${r}]: non-empty array required`);
    return row.map((b: unknown, c) => {
      const at = `${where}.payload.keyboard.buttons[${r}][${c}]`;
      count += 1;
      if (!isObject(b)) param(`Invalid parameter ${at}`);
      onlyKeys(b, ['type', 'text', 'url', 'intent'], at);
      if (b.type !== 'LINK') param(`Invalid parameter ${at}.type: ${String(JSON.stringify(b.type))} (only LINK buttons are supported without webhooks)`);
      if (typeof b.text !== 'string' || b.text.trim() === '') param(`Invalid parameter ${at}.text: non-empty string required`);
      if ([...b.text].length > MAX_BUTTON_LABEL_LENGTH) param(`Invalid parameter ${at}.text: at most ${MAX_BUTTON_LABEL_LENGTH} characters`);
      if (!isHttpUrl(b.url)) param(`Invalid parameter ${at}.url: http(s) URL required`);
      if (b.intent !== undefined && (typeof b.intent !== 'string' || !BUTTON_INTENTS.includes(b.intent))) {
        param(`Invalid parameter ${at}.intent: ${BUTTON_INTENTS.join(', ')}`);
      }
      const button: { type: 'LINK'; text: string; url: string; intent?: string } = { type: 'LINK', text: b.text, url: b.url };
      if (b.intent !== undefined) button.intent = b.intent;
      return button;
    });
  });
  if (count > MAX_BUTTONS) param(`Too many buttons: at most ${MAX_BUTTONS}`);
  return { buttons: out };
}

export function validateMessage(
  m: unknown,
  chatId: string | undefined,
  limits: {
    maxTextLength: number;
    uploads: ReadonlyMap<string, FakeUpload>;
    keyboards?: boolean;
    /** A message with an attachment and no text is refused. */
    attachmentNeedsText?: boolean;
    /** A message with more than one FILE/VIDEO/AUDIO is refused. */
    oneFilePerMessage?: boolean;
    /** How "not ready" is said this time (default {@link NOT_READY_MESSAGE}). */
    notReady?: () => NotReadyWording;
  },
): StoredMessage {
  if (!isObject(m)) param('Invalid parameter message: object required');
  onlyKeys(m, ['text', 'attachment', 'attachments', 'reply_to'], 'message');
  const out: StoredMessage = { attachments: [] };
  if (m.text !== undefined) {
    if (typeof m.text !== 'string') param('Invalid parameter message.text: string required');
    if (m.text.length > limits.maxTextLength) {
      param(`Invalid parameter message.text: text is too long (${m.text.length} > ${limits.maxTextLength} characters)`);
    }
    if (m.text !== '') out.text = m.text;
  }
  if (m.attachment !== undefined && m.attachments !== undefined) param('Use either message.attachment or message.attachments');
  const list: unknown[] = [];
  if (m.attachment !== undefined) list.push(m.attachment);
  if (m.attachments !== undefined) {
    if (!Array.isArray(m.attachments)) param('Invalid parameter message.attachments: array required');
    if (m.attachments.length > MAX_ATTACHMENTS) param(`Too many attachments: at most ${MAX_ATTACHMENTS}`);
    list.push(...(m.attachments as unknown[]));
  }
  let imageUrls = 0;
  let keyboards = 0;
  const notReady: FakeUpload[] = [];
  // A server without keyboards refuses any before looking further (nothing is applied).
  if (limits.keyboards === false && list.some((a) => isObject(a) && a.type === 'INLINE_KEYBOARD')) {
    param('Invalid parameter attachment.type: INLINE_KEYBOARD is not supported');
  }
  list.forEach((a, i) => {
    const where = m.attachment !== undefined ? 'message.attachment' : `message.attachments[${i}]`;
    if (!isObject(a)) param(`Invalid parameter ${where}`);
    onlyKeys(a, ['type', 'payload'], where);
    if (a.type === 'INLINE_KEYBOARD') {
      if (!isObject(a.payload)) param(`Missing required parameter ${where}.payload`);
      keyboards += 1;
      if (keyboards > 1) param('At most one keyboard per message');
      out.attachments.push({ type: 'INLINE_KEYBOARD', payload: { keyboard: validateKeyboard(a.payload, where) } });
      return;
    }
    if (typeof a.type !== 'string' || !UPLOAD_TYPES.includes(a.type)) param(`Invalid parameter ${where}.type`);
    const p = a.payload;
    if (!isObject(p)) param(`Missing required parameter ${where}.payload`);
    onlyKeys(p, ['url', 'token'], `${where}.payload`);
    if ((p.url === undefined) === (p.token === undefined)) param(`${where}.payload must have exactly one of url, token`);
    if (p.url !== undefined) {
      if (a.type !== 'IMAGE') param(`${where}: only IMAGE attachments can be sent by url`);
      if (!isPngOrJpgUrl(p.url)) param(`Invalid parameter ${where}.payload.url: Png or jpg image URL required`);
      imageUrls += 1;
      if (imageUrls > 1) param('At most one image by URL per request');
      out.attachments.push({ type: a.type, payload: { url: p.url } });
    } else {
      if (typeof p.token !== 'string' || p.token === '') param(`Invalid parameter ${where}.payload.token`);
      const up = limits.uploads.get(p.token);
      if (!up || !up.uploaded) param(`Invalid parameter ${where}.payload.token: unknown token`);
      if (up.type !== a.type) param(`Invalid parameter ${where}.type: token was issued for ${up.type}`);
      if (up.notReadyLeft > 0) notReady.push(up);
      out.attachments.push({ type: a.type, payload: { token: p.token } });
    }
  });
  if (out.text === undefined && out.attachments.length === 0) param('Message must have text or an attachment');
  if (limits.attachmentNeedsText && out.text === undefined && out.attachments.length > 0) param('Missing required parameter message.text');
  if (limits.oneFilePerMessage && (out.attachments as Array<{ type?: string }>).filter((a) => a.type === 'FILE' || a.type === 'VIDEO' || a.type === 'AUDIO').length > 1) {
    param('Invalid parameter message.attachments: one file per message');
  }
  if (notReady.length > 0) {
    for (const up of notReady) up.notReadyLeft -= 1;
    const wording = limits.notReady?.() ?? { msg: NOT_READY_MESSAGE };
    throw new OkError(100, wording.msg, wording.data ?? null);
  }
  if (m.reply_to !== undefined) {
    if (chatId === undefined) param('reply_to is not supported for direct messages');
    if (typeof m.reply_to !== 'string' || m.reply_to === '') param('Invalid parameter message.reply_to');
    out.reply_to = m.reply_to;
  }
  return out;
}
