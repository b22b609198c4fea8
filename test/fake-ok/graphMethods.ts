/**
 * What each OK Graph API method does to the fake server's state, once its request passed
 * validate.ts: list and read chats, hand out upload URLs, store an upload, send to a chat or to
 * users, change a chat (chat_control), sender actions.
 */
import { postAnswer, uploadAnswer, type Dialect } from './dialects';
import { OkError, param } from './okErrors';
import { CHAT_ID_RE, hex, newMessageId, seqFor, type FakeChat, type FakeMessage, type FakeUpload, type RecordedRequest, type StoredMessage, type UploadType, UPLOAD_TYPES, header } from './records';
import { jsonReply, type Reply } from './replies';
import { readUploadForm } from './uploadForm';
import { checkChatId, validateChatControl, validateChatRequest, validateCount, validateDirectRecipients, validateJsonBody, validateMessage, validateSenderAction } from './validate';

/** The fake server's data, shared with FakeOkServer (which exposes chats, messages and uploads). */
export interface GraphState {
  readonly chats: Map<string, FakeChat>;
  readonly messages: FakeMessage[];
  /** Messages posted by other members of the chats (chatReading.ts). */
  readonly memberMessages: FakeMessage[];
  /** Uploads by token, and by the id in their upload URL. */
  readonly uploads: Map<string, FakeUpload>;
  readonly uploadsById: Map<string, FakeUpload>;
  readonly allowedUsers: Set<string>;
  /** The dialog chat of each user a direct message went to. */
  readonly dialogs: Map<string, string>;
  /** Paging markers of GET /me/chats → offset. */
  readonly markers: Map<string, number>;
  counters: { messages: number; sends: number; notReady: number };
  /** The form of new messages' ids (the dialect's `messageIds`). */
  idForm: 'mid' | 'MID';
}

/** The server's settings the methods follow. */
export interface GraphSettings {
  spec: Dialect;
  origin: string;
  maxTextLength: number;
  notReadySends: number;
  maxUploadBytes: number;
  pageSize: number;
  /** The sender of the messages sent with the token: the group. */
  group: { name: string; user_id: string };
  addChat(init: Partial<FakeChat>): FakeChat;
}

export function newGraphState(): GraphState {
  return {
    chats: new Map(),
    messages: [],
    memberMessages: [],
    uploads: new Map(),
    uploadsById: new Map(),
    allowedUsers: new Set(),
    dialogs: new Map(),
    markers: new Map(),
    counters: { messages: 0, sends: 0, notReady: 0 },
    idForm: 'mid',
  };
}

export function clearGraphState(g: GraphState): void {
  g.chats.clear();
  g.messages.length = 0;
  g.memberMessages.length = 0;
  g.uploads.clear();
  g.uploadsById.clear();
  g.allowedUsers.clear();
  g.dialogs.clear();
  g.markers.clear();
  g.counters.sends = 0;
  g.counters.notReady = 0;
}

/** Adds a chat (a new `chat:C<12 hex>` id unless given); throws on a malformed or taken id. */
export function addChat(g: GraphState, groupId: string, init: Partial<FakeChat>): FakeChat {
  let id = init.chat_id;
  if (id === undefined) {
    do id = `chat:C${hex(6)}`;
    while (g.chats.has(id));
  }
  if (!CHAT_ID_RE.test(id)) throw new Error(`Not a chat id: ${id}`);
  if (g.chats.has(id)) throw new Error(`Chat already exists: ${id}`);
  const chat: FakeChat = {
    chat_id: id,
    type: init.type ?? 'GROUP_CHAT',
    status: init.status ?? 'ACTIVE',
    title: init.title ?? `Chat ${g.chats.size + 1}`,
    participants: { ...(init.participants ?? {}) },
    lastEventTime: init.lastEventTime ?? Date.now(),
    group_id: init.group_id ?? groupId,
  };
  if (init.icon) chat.icon = { ...init.icon };
  if (init.owner_id !== undefined) chat.owner_id = init.owner_id;
  g.chats.set(id, chat);
  return chat;
}

/**
 * GET /me/chats: a page of `count` (capped by pageSize) with a marker for the next one. In the
 * `wild` chat list (see ReadingStyle), a DIALOG has no title, each page after the first starts with
 * the last chat of the one before (the list shifted), and the empty page after the last still
 * carries a marker.
 */
export function listChats(g: GraphState, s: GraphSettings, query: Record<string, string>): Reply {
  const count = Math.min(validateCount(query.count), s.pageSize);
  const wild = s.spec.reading?.chatList === 'wild';
  let offset = 0;
  if (query.marker !== undefined) {
    const o = g.markers.get(query.marker);
    if (o === undefined) param('Invalid parameter marker');
    offset = o;
  }
  const all = [...g.chats.values()];
  const start = wild && offset > 0 && offset < all.length ? offset - 1 : offset;
  const page = all.slice(start, start + count);
  const shown = page.map((c) => chatAsRead(s, c));
  const result: { chats: unknown[]; marker?: string } = { chats: shown };
  const next = start + page.length;
  if (next < all.length || (wild && page.length > 0)) {
    const marker = `mk${hex(8)}`;
    g.markers.set(marker, next);
    result.marker = marker;
  } else if (wild) {
    result.marker = `mk${hex(8)}`; // on the empty last page: leads nowhere new
    g.markers.set(result.marker, all.length);
  }
  return jsonReply(result);
}

/** A chat as OK answers it: in the `wild` chat list, a DIALOG without its title [doc]. */
export function chatAsRead(s: GraphSettings, chat: FakeChat): Partial<FakeChat> {
  if (s.spec.reading?.chatList !== 'wild' || chat.type !== 'DIALOG') return chat;
  const { title: _title, ...rest } = chat;
  return rest;
}

/** GET /me/chat/<id> (and /<id>/url): the chat, 705 when there is none. */
export function getChat(g: GraphState, id: string): FakeChat {
  checkChatId(id);
  const chat = g.chats.get(id);
  if (!chat) throw new OkError(705, `Chat ${id} not found`);
  return chat;
}

/**
 * GET /me/fileUploadUrl?type=…: an upload URL, with its token for FILE/VIDEO/AUDIO. For IMAGE,
 * when the dialect says so, a token too, which is not the one to send (it is not accepted), a
 * `file_id`, and a URL on plain http on OK's CDN host with a signed query.
 */
export function fileUploadUrl(g: GraphState, s: GraphSettings, query: Record<string, string>): Reply {
  const type = query.type;
  if (type === undefined) param('Missing required parameter type');
  if (!UPLOAD_TYPES.includes(type)) param(`Invalid parameter type: ${type} (FILE, IMAGE, VIDEO or AUDIO)`);
  const upload: FakeUpload = { id: hex(12), token: hex(20), type: type as UploadType, uploaded: false, notReadyLeft: 0 };
  g.uploads.set(upload.token, upload);
  g.uploadsById.set(upload.id, upload);
  if (type !== 'IMAGE') return jsonReply({ url: `${s.origin}/upload/${upload.id}`, token: upload.token });
  let url = `${s.origin}/upload/${upload.id}`;
  if (s.spec.imageUploadUrl === 'http-ok-host') {
    upload.signature = hex(16);
    url = `http://${OK_UPLOAD_HOST}/upload/${upload.id}?apiToken=${upload.signature}&photoIds=${BigInt(`0x${upload.id}`)}`;
  }
  const answer: Record<string, unknown> = { url };
  // a token of its own, never accepted by a send: only the upload answer's is
  if (s.spec.imageTokenWithUrl) answer.token = hex(20);
  if (s.spec.imageFileId !== 'absent') answer.file_id = s.spec.imageFileId === 'number' ? Number(BigInt(`0x${upload.id.slice(0, 10)}`)) : String(BigInt(`0x${upload.id}`));
  return jsonReply(answer);
}

/** OK's CDN host of IMAGE upload URLs on plain http [3p]. */
export const OK_UPLOAD_HOST = 'pu.mycdn.me';

/** POST /upload/<id>: the file, as multipart/form-data; answered in the dialect's upload shape. */
export async function storeUpload(g: GraphState, s: GraphSettings, id: string, rec: RecordedRequest, raw: Buffer): Promise<Reply> {
  const upload = g.uploadsById.get(id);
  if (!upload) throw new OkError(300, 'Upload not found');
  // a signed URL is used exactly as given, query string included
  if (upload.signature !== undefined && (rec.query.apiToken !== upload.signature || rec.query.photoIds !== String(BigInt(`0x${upload.id}`)))) {
    param('Invalid parameter apiToken: the upload URL is signed; use it as given');
  }
  const file = await readUploadForm(header(rec, 'content-type'), raw, s.maxUploadBytes);
  upload.uploaded = true;
  upload.size = file.size;
  upload.filename = file.filename;
  upload.contentType = file.contentType;
  upload.bytes = file.bytes;
  upload.notReadyLeft = s.notReadySends;
  return uploadAnswer(upload.type === 'IMAGE' ? s.spec.imageUpload : s.spec.fileUpload, upload);
}

/** What validateMessage checks beyond the body itself: the server's limits and the dialect's upload behaviour. */
function messageLimits(g: GraphState, s: GraphSettings) {
  return {
    maxTextLength: s.maxTextLength,
    uploads: g.uploads,
    keyboards: s.spec.keyboards,
    attachmentNeedsText: s.spec.attachmentNeedsText,
    oneFilePerMessage: s.spec.oneFilePerMessage,
    notReady: () => s.spec.notReadyWording[g.counters.notReady++ % s.spec.notReadyWording.length],
  };
}

/** POST /me/messages/<chat>: a message, a chat_control or a sender_action. */
export function chatMessage(g: GraphState, s: GraphSettings, pathId: string, rec: RecordedRequest): Reply {
  const body = validateJsonBody(rec);
  const action = validateChatRequest(body, pathId);
  if (action === 'message') {
    const msg = validateMessage(body.message, pathId, messageLimits(g, s));
    const chat = activeChat(g, pathId);
    if (msg.reply_to !== undefined && ![...g.messages, ...g.memberMessages].some((x) => x.chat_id === chat.chat_id && x.message_id === msg.reply_to)) {
      param(`Invalid parameter reply_to: message ${msg.reply_to} not found`);
    }
    const stored = storeMessage(g, chat, msg, s.group);
    return postAnswer(s.spec.send, () => stored.message_id, g.counters.sends++, chat.chat_id);
  }
  if (action === 'sender_action') {
    validateSenderAction(body.sender_action);
    activeChat(g, pathId);
    return postAnswer(s.spec.senderAction, () => serviceMessageId(g, pathId));
  }
  const op = validateChatControl(body.chat_control);
  const chat = activeChat(g, pathId);
  const now = Date.now();
  switch (op.op) {
    case 'title':
      chat.title = op.title;
      break;
    case 'icon':
      chat.icon = { url: op.url };
      break;
    case 'add_members':
      if (op.userIds.length === 0) throw new OkError(801, 'No users to add');
      for (const id of op.userIds) chat.participants[id] = now;
      break;
    case 'remove_member':
      if (!(op.userId in chat.participants)) throw new OkError(802, `User ${op.userId} is not a member of the chat`);
      delete chat.participants[op.userId];
      break;
    case 'leave':
      chat.status = 'LEFT';
      break;
  }
  chat.lastEventTime = now;
  return postAnswer(s.spec.chatControl, () => serviceMessageId(g, pathId));
}

/** POST /me/messages: a message to users, delivered only to those who allowed it (one dialog each). */
export function directMessage(g: GraphState, s: GraphSettings, rec: RecordedRequest): Reply {
  const body = validateJsonBody(rec);
  const users = validateDirectRecipients(body);
  if (body.message === undefined) param('Missing required parameter message');
  const msg = validateMessage(body.message, undefined, messageLimits(g, s));
  const success: boolean[] = [];
  const chatIds: Array<string | null> = [];
  let lastId = '';
  for (const user of users) {
    if (!g.allowedUsers.has(user)) {
      success.push(false);
      chatIds.push(null);
      continue;
    }
    const chat = dialogFor(g, s, user);
    lastId = storeMessage(g, chat, msg, s.group).message_id;
    success.push(true);
    chatIds.push(chat.chat_id);
  }
  // a message to a single user, delivered, answered like a send in the `wild` dialect
  if (s.spec.reading?.direct === 'message_id' && users.length === 1 && success[0]) return jsonReply({ message_id: lastId });
  return jsonReply({ success, chat_ids: chatIds });
}

function dialogFor(g: GraphState, s: GraphSettings, user: string): FakeChat {
  const existing = g.dialogs.get(user);
  const chat = existing !== undefined ? g.chats.get(existing) : undefined;
  if (chat) return chat;
  const created = s.addChat({ type: 'DIALOG', title: `Dialog ${user}`, participants: { [user]: Date.now() } });
  g.dialogs.set(user, created.chat_id);
  return created;
}

function activeChat(g: GraphState, chatId: string): FakeChat {
  const chat = g.chats.get(chatId);
  if (!chat) throw new OkError(705, `Chat ${chatId} not found`);
  if (chat.status !== 'ACTIVE') throw new OkError(10, `Chat ${chatId} is not available (${chat.status})`);
  return chat;
}

/** Stores a message in a chat, with its id, `seq`, time and sender. */
export function storeMessage(g: GraphState, chat: FakeChat, msg: StoredMessage, sender: FakeMessage['sender'], time = Date.now()): FakeMessage {
  g.counters.messages += 1;
  const stored: FakeMessage = {
    message_id: newMessageId(chat.chat_id, g.counters.messages, g.idForm),
    chat_id: chat.chat_id,
    attachments: msg.attachments.map((a) => structuredClone(a)),
    time,
    seq: seqFor(g.counters.messages),
  };
  if (sender) stored.sender = { ...sender };
  if (msg.text !== undefined) stored.text = msg.text;
  if (msg.reply_to !== undefined) stored.reply_to = msg.reply_to;
  g.messages.push(stored);
  chat.lastEventTime = Math.max(chat.lastEventTime, time);
  return stored;
}

/** A message id for a chat action: OK posts a service message to the chat. */
function serviceMessageId(g: GraphState, chatId: string): string {
  g.counters.messages += 1;
  return newMessageId(chatId, g.counters.messages, g.idForm);
}
