/**
 * What a conversation view shows of OK's messages: one line per message, with the sender, the
 * time, the text, replies, attachments and snippets sent by OK Chat, and OK's service events
 * (JSON inside the text [3p]) as quiet system lines. Pure; nothing here throws on an unknown
 * shape: what is not understood is shown as plain text. Text is text: the view escapes it.
 */
import * as l10n from '@vscode/l10n';
import { okMessageId, type OkMessage } from '../model/messageSchemas';
import { parseJsonExact } from '../net/exactJson';
import { readSnippets, type ReadSnippet } from './snippetText';

export type AttachmentKind = 'image' | 'file' | 'other';

export interface AttachmentView {
  kind: AttachmentKind;
  /** OK's type as given (IMAGE, FILE, VIDEO…). */
  type?: string;
  url?: string;
  name?: string;
}

export interface ReplyView {
  /** The id of the message answered. */
  id?: string;
  /** Its sender and text, when the message is known (loaded, or quoted by OK). */
  sender?: string;
  text?: string;
}

export interface MessageLine {
  kind: 'message';
  id?: string;
  sender: string;
  senderId?: string;
  time: Date;
  /** The text as sent ('' for a message of attachments only). */
  text: string;
  ours: boolean;
  edited: boolean;
  attachments: AttachmentView[];
  /** Link buttons under the message. */
  buttons: Array<{ text: string; url: string }>;
  reply?: ReplyView;
  /** The snippets of a message sent by OK Chat (its whole text), in order. */
  snippets?: ReadSnippet[];
  /** OK sent it in a shape OK Chat cannot show (or with nothing to show, like a forward): `text` says to open the chat on ok.ru. */
  unreadable?: true;
  /** OK gave no time: `time` is its neighbour's, only to place it. */
  timeUnknown?: true;
}

export interface SystemLine {
  kind: 'system';
  id?: string;
  time: Date;
  /** What happened, in words ("Anna added Boris"). */
  text: string;
  /** OK's event type (USERS_ADDED, THEME_CHANGED…). */
  event: string;
  /** OK gave no time: `time` is its neighbour's, only to place it. */
  timeUnknown?: true;
}

export type ConversationLine = MessageLine | SystemLine;

export interface ConversationContext {
  /** Whether the message was sent by us (the group, this token). */
  isOurs: (m: OkMessage) => boolean;
  /** Names by user id (`user:N`): the senders seen, at least. */
  names?: ReadonlyMap<string, string>;
  /** Messages by id, for what a reply answers. */
  byId?: ReadonlyMap<string, OkMessage>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** `user:N` for an id given as `N`, `"N"` or `"user:N"`. */
function userKey(id: unknown): string | undefined {
  const s = str(id);
  return s === undefined ? undefined : s.startsWith('user:') ? s : `user:${s}`;
}

function senderName(m: OkMessage): string {
  return m.sender?.name || (m.sender?.user_id ? userKey(m.sender.user_id) : undefined) || l10n.t('Unknown sender');
}

/** The name of a user in an event: known by the context, the message's sender, or the id itself. */
function nameOf(id: unknown, m: OkMessage, ctx: ConversationContext): string | undefined {
  const key = userKey(id);
  if (key === undefined) return undefined;
  if (ctx.names?.get(key)) return ctx.names.get(key);
  if (m.sender?.name && userKey(m.sender.user_id) === key) return m.sender.name;
  return key;
}

/** A service event as words, or undefined when the text is not one this knows. */
export function serviceEvent(m: OkMessage, ctx: ConversationContext): { event: string; text: string } | undefined {
  const raw = m.message.text?.trim();
  if (!raw || !raw.startsWith('{') || !raw.endsWith('}')) return undefined;
  let data: unknown;
  try {
    data = parseJsonExact(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || typeof data.ty !== 'string') return undefined;
  const actor = nameOf(data.ai ?? data.ui, m, ctx) ?? senderName(m);
  const users = Array.isArray(data.pa) ? data.pa.map((u) => nameOf(u, m, ctx)) : undefined;
  const list = users && users.length > 0 && users.every((u) => u !== undefined) ? users.join(', ') : undefined;
  const said = (text: string) => ({ event: data.ty as string, text });
  switch (data.ty) {
    case 'USERS_ADDED':
      return list === undefined ? undefined : said(l10n.t('{0} added {1}', actor, list));
    case 'CHAT_CREATED':
      return said(l10n.t('{0} created the chat', actor));
    case 'THEME_CHANGED':
    case 'TITLE_CHANGED': {
      const title = str(data.tn ?? data.title);
      return title === undefined ? undefined : said(l10n.t('{0} changed the title to "{1}"', actor, title));
    }
    case 'ICON_CHANGED':
      return said(l10n.t('{0} changed the chat icon', actor));
    case 'JOIN_BY_LINK':
      return said(l10n.t('{0} joined by the link', nameOf(data.ui, m, ctx) ?? actor));
    case 'USER_REMOVED': {
      const removed = nameOf(data.ui, m, ctx);
      return removed === undefined ? undefined : said(l10n.t('{0} removed {1}', nameOf(data.ai, m, ctx) ?? senderName(m), removed));
    }
    case 'USER_LEFT':
      return said(l10n.t('{0} left the chat', nameOf(data.ui ?? data.ai, m, ctx) ?? senderName(m)));
    default:
      return undefined;
  }
}

/** A message's attachments (and keyboard buttons), whatever their shape. */
function attachmentsOf(m: OkMessage): { attachments: AttachmentView[]; buttons: MessageLine['buttons'] } {
  const list = [...(Array.isArray(m.message.attachments) ? m.message.attachments : []), ...(m.message.attachment ? [m.message.attachment] : [])];
  const attachments: AttachmentView[] = [];
  const buttons: MessageLine['buttons'] = [];
  for (const a of list) {
    if (!isRecord(a)) continue;
    const type = typeof a.type === 'string' ? a.type : undefined;
    const payload = isRecord(a.payload) ? a.payload : {};
    if (type === 'INLINE_KEYBOARD') {
      const rows = isRecord(payload.keyboard) && Array.isArray(payload.keyboard.buttons) ? payload.keyboard.buttons : [];
      for (const b of rows.flat()) if (isRecord(b) && typeof b.text === 'string' && typeof b.url === 'string') buttons.push({ text: b.text, url: b.url });
      continue;
    }
    const kind: AttachmentKind = type === 'IMAGE' ? 'image' : type === 'FILE' ? 'file' : 'other';
    const view: AttachmentView = { kind };
    if (type) view.type = type;
    const url = str(payload.url);
    if (url) view.url = url;
    const name = str(payload.name ?? payload.filename ?? payload.file_name ?? payload.title);
    if (name) view.name = name;
    attachments.push(view);
  }
  return { attachments, buttons };
}

function replyOf(m: OkMessage, ctx: ConversationContext): ReplyView | undefined {
  const r = m.message.reply_to;
  if (typeof r === 'string' || typeof r === 'number') {
    const id = String(r);
    const answered = ctx.byId?.get(id);
    if (!answered) return { id };
    return { id, sender: senderName(answered), text: answered.message.text ?? undefined };
  }
  if (!isRecord(r)) return undefined;
  const quoted = isRecord(r.message) ? r.message : r;
  const sender = isRecord(r.sender) ? str(r.sender.name) : undefined;
  const view: ReplyView = {};
  const id = str(quoted.mid ?? quoted.message_id);
  if (id) view.id = id;
  if (sender) view.sender = sender;
  if (typeof quoted.text === 'string') view.text = quoted.text;
  return Object.keys(view).length > 0 ? view : undefined;
}

/** What stands for a message OK Chat cannot show. */
export function unreadableText(): string {
  return l10n.t("A message OK Chat can't show — open the chat on ok.ru");
}

/** One message as a line of the conversation. */
export function conversationLine(m: OkMessage, ctx: ConversationContext): ConversationLine {
  const id = okMessageId(m);
  const time = new Date(m.timestamp);
  const timeUnknown = m.timeUnknown ? { timeUnknown: true as const } : {};
  const event = m.unreadable ? undefined : serviceEvent(m, ctx);
  if (event) return { kind: 'system', ...(id ? { id } : {}), time, ...event, ...timeUnknown };
  const text = m.message.text ?? '';
  const { attachments, buttons } = m.unreadable ? { attachments: [], buttons: [] } : attachmentsOf(m);
  const line: MessageLine = { kind: 'message', sender: senderName(m), time, text, ours: ctx.isOurs(m), edited: m.edited === true, attachments, buttons, ...timeUnknown };
  if (id) line.id = id;
  if (m.sender?.user_id) line.senderId = userKey(m.sender.user_id);
  if (m.unreadable || (!text.trim() && attachments.length === 0 && buttons.length === 0)) {
    // not read, or nothing to show (a forward comes with only `mid` and `seq` [3p])
    line.text = unreadableText();
    line.unreadable = true;
    return line;
  }
  const reply = replyOf(m, ctx);
  if (reply) line.reply = reply;
  const snippets = text ? readSnippets(text) : undefined;
  if (snippets) line.snippets = snippets;
  return line;
}

/** Orders two `seq` (strings of digits, of any length) as numbers; a missing one first. */
function compareSeq(a: string | null | undefined, b: string | null | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Messages (in any order) as the conversation, oldest first; names and replies resolved among them. */
export function conversation(messages: readonly OkMessage[], isOurs: ConversationContext['isOurs']): ConversationLine[] {
  const names = new Map<string, string>();
  const byId = new Map<string, OkMessage>();
  for (const m of messages) {
    const key = userKey(m.sender?.user_id);
    if (key && m.sender?.name) names.set(key, m.sender.name);
    const id = okMessageId(m);
    if (id) byId.set(id, m);
  }
  const ordered = [...messages].sort((a, b) => a.timestamp - b.timestamp || compareSeq(a.message.seq, b.message.seq));
  return ordered.map((m) => conversationLine(m, { isOurs, names, byId }));
}

/**
 * Where a poll skipped messages (more came at once than it reads: `bound`), as a system line at
 * `time` (just before the oldest message it read). Reopening the chat reads them all, page by page.
 */
export function gapLine(time: number, bound: number): SystemLine {
  return {
    kind: 'system',
    time: new Date(time),
    event: 'GAP',
    text: l10n.t('Some messages were skipped here: more than {0} came at once. Close and open the chat again to load them.', bound),
  };
}
