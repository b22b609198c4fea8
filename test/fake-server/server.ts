/**
 * A faithful fake of the OK Graph API ("Bot API" of ok.ru groups), for tests and the sandbox.
 *
 * Only node:http is used. The server is deliberately strict: anything the real API is
 * documented (or believed) to reject is rejected here too, with the same error shape,
 * so that client tests which pass against it mean something. OK does not document its
 * answers to POSTs, so the server answers in one of several dialects (see DIALECTS), each
 * taken from the reference: the client must work against all of them.
 * See docs/ok-graph-api.md and seed/graph.user.messages.md for the contract.
 */
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';

export const CHAT_ID_RE = /^chat:C[0-9a-f]{8,32}$/;

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

/**
 * How an OK error is answered: in a 200 body, with an HTTP error status, with an
 * `invocation-error` header on a 200, or with both a status and the header.
 */
export type ErrorStyle = 'body200' | 'status' | 'header' | 'status+header';

/**
 * The body of a 2xx answer to a POST (OK does not document them): `message_id`
 * `{"message_id": "mid:…"}`, `mid` `{"mid": "mid:…"}`, `success` `{"success": true}`,
 * `success+message_id` both, `empty-object` `{}`, `empty-body` nothing at all.
 */
export type PostAnswer = 'message_id' | 'mid' | 'success' | 'success+message_id' | 'empty-object' | 'empty-body';

/**
 * Where an upload's token is given: `token` a top-level `{"token": "…"}` in the upload answer,
 * `photos` OK's photo-upload map `{"photos": {"<id>": {"token": "…"}}}`, `empty-body` nothing
 * (the token then came with the upload URL).
 */
export type UploadAnswer = 'token' | 'photos' | 'empty-body';

/** One way the API answers; see {@link DIALECTS}. */
export interface Dialect {
  /** What it models, with the tags of docs/ok-graph-api.md. */
  about: string;
  /** The answer to a send; several rotate, one per send. */
  send: readonly PostAnswer[];
  /** The answer to a chat_control (title, icon, members, leave). */
  chatControl: readonly PostAnswer[];
  /** The answer to a sender_action (mark_seen, typing_on…). */
  senderAction: readonly PostAnswer[];
  /** GET /me/fileUploadUrl gives a token with the URL for IMAGE too (FILE/VIDEO/AUDIO always get one [doc]). */
  imageTokenWithUrl: boolean;
  /** The upload server's answer for an IMAGE, and for FILE/VIDEO/AUDIO. */
  imageUpload: UploadAnswer;
  fileUpload: UploadAnswer;
  errors: ErrorStyle;
  /** How many sends of a freshly uploaded attachment are refused as "not ready" before one is accepted. */
  notReadySends: number;
}

/**
 * The answer styles of the fake server, taken from docs/ok-graph-api.md. Each shape is listed
 * here and nowhere else (a unit test checks this table against the reference).
 */
export const DIALECTS = {
  documented: {
    about: 'The shapes the extension was first written against: sends {"message_id"}, chat actions {"success": true}, upload tokens everywhere, errors in 200 bodies.',
    send: ['message_id'],
    chatControl: ['success'],
    senderAction: ['success'],
    imageTokenWithUrl: true,
    imageUpload: 'token',
    fileUpload: 'token',
    errors: 'body200',
    notReadySends: 0,
  },
  recorded: {
    about: 'What clients of the real API recorded [3p]: chat_control answers {"message_id"}, sends {"mid"} or {"message_id"}, sender_action {"success": true}; IMAGE tokens only in the {"photos"} map of the upload answer; the first send after an upload is "not ready"; errors in 200 bodies.',
    send: ['mid', 'message_id'],
    chatControl: ['message_id'],
    senderAction: ['success'],
    imageTokenWithUrl: false,
    imageUpload: 'photos',
    fileUpload: 'empty-body',
    errors: 'body200',
    notReadySends: 1,
  },
  'strict-http': {
    about: 'Errors as HTTP 4xx/5xx with an invocation-error header [3p]; sends answered {"success": true} like sender actions, chat actions {"success": true, "message_id"}; IMAGE tokens as a top-level "token" of the upload answer [doc].',
    send: ['success'],
    chatControl: ['success+message_id'],
    senderAction: ['success'],
    imageTokenWithUrl: false,
    imageUpload: 'token',
    fileUpload: 'empty-body',
    errors: 'status+header',
    notReadySends: 0,
  },
  bare: {
    about: 'Accepted with as little as possible ("whatever else the body holds", see Success): {} or an empty body to every POST; IMAGE tokens in the {"photos"} map; errors flagged by the invocation-error header on a 200.',
    send: ['empty-object'],
    chatControl: ['empty-body'],
    senderAction: ['empty-object'],
    imageTokenWithUrl: false,
    imageUpload: 'photos',
    fileUpload: 'empty-body',
    errors: 'header',
    notReadySends: 0,
  },
} as const satisfies Record<string, Dialect>;

export type DialectName = keyof typeof DIALECTS;
export const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

export function isDialectName(name: string): name is DialectName {
  return Object.prototype.hasOwnProperty.call(DIALECTS, name);
}

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset'; afterHandling?: boolean }
  | { kind: 'malformed-json' }
  | { kind: 'ok-error'; code: number; msg?: string }
  | { kind: 'rate-limit' }
  /** A 200 answer of `bytes` bytes (a JSON string padded with spaces), after applying the request when `afterHandling`. */
  | { kind: 'oversized'; bytes: number; afterHandling?: boolean; chunked?: boolean }
  /** A 200 answer that trickles one byte every `everyMs` for `chunks` chunks (a slow-loris answer), after applying the request when `afterHandling`. */
  | { kind: 'slow-body'; everyMs: number; chunks: number; afterHandling?: boolean }
  /** The answer trickles out one byte every `byteEveryMs` (a slow-loris server). */
  | { kind: 'slow'; byteEveryMs: number }
  /** A 200 answer that is an HTML page (a captive portal, a proxy's error page). */
  | { kind: 'html' };

/**
 * With `afterHandling`, the request is applied first (the message is stored) and then the
 * fault replaces or spoils the answer: the client cannot tell whether OK has the message.
 */
export type FaultWithTiming = Fault & { afterHandling?: boolean };

export interface FaultMatch {
  method?: string;
  path?: string | RegExp;
  times?: number;
}

export interface FakeOkOptions {
  /** The answer style (default `documented`); `errorStyle` and `notReadySends` override its own. */
  dialect?: DialectName;
  /** Sends refused as "not ready" after each upload (default: the dialect's). */
  notReadySends?: number;
  /** `user`: the token is a user's, so /me/info answers {name, user_id} without group_id [3p]. */
  tokenOwner?: 'group' | 'user';
  token?: string;
  groupId?: string;
  groupName?: string;
  errorStyle?: ErrorStyle;
  maxTextLength?: number;
  pageSize?: number;
  seed?: boolean;
}

/** A file announced by GET /me/fileUploadUrl (and, once `uploaded`, usable by token). */
export interface FakeUpload {
  id: string;
  token: string;
  type: UploadType;
  uploaded: boolean;
  size?: number;
  filename?: string;
  contentType?: string;
  /** Sends still to be refused as "not ready". */
  notReadyLeft: number;
}

type UploadType = 'FILE' | 'IMAGE' | 'VIDEO' | 'AUDIO';

export const DEFAULT_FAKE_TOKEN = 'tkn1fake:TESTTOKEN0000';
export const DEFAULT_GROUP_ID = 'group:57000000000001';
export const SEED_GROUP_NAME = 'Команда разработки';
export const SEED_CHAT_IDS = ['chat:C3ecb9d02a600', 'chat:C0000000000b1', 'chat:C0000000000c2'] as const;
export const SEED_USER_IDS = ['user:100000000001', 'user:100000000002', 'user:100000000003'] as const;

/** Names used in "NAME : text" error messages (OK platform error table). */
export const OK_ERROR_NAMES: Readonly<Record<number, string>> = {
  1: 'UNKNOWN',
  2: 'SERVICE',
  3: 'METHOD',
  4: 'REQUEST',
  8: 'FLOOD_BLOCKED',
  9: 'IP_BLOCKED',
  10: 'PERMISSION_DENIED',
  11: 'LIMIT_REACHED',
  100: 'PARAM',
  102: 'PARAM_SESSION_EXPIRED',
  103: 'PARAM_SESSION_KEY',
  300: 'NOT_FOUND',
  454: 'CENSOR_MATCH',
  455: 'NOT_ALLOWED',
  511: 'IDS_BLOCKED',
  705: 'CHAT_NOT_FOUND',
  706: 'MESSAGE_NOT_ACTIVE',
  800: 'CHAT_MAX_PARTICIPANT_COUNT_LIMIT',
  801: 'EMPTY_USER_LIST',
  802: 'UNKNOWN_USER',
  1102: 'TARGET_USER_UNAVAILABLE',
  2001: 'GRAPH_PARAM_REQUEST',
  9999: 'SYSTEM',
};

const DEFAULT_ERROR_TEXT: Readonly<Record<number, string>> = {
  1: 'Unknown error',
  2: 'Service temporarily unavailable',
  8: 'Too many requests, try again later',
  11: 'Limit reached',
  102: 'Session expired',
  9999: 'Internal error',
};

/** The error body exactly as OK renders it. */
export function okErrorBody(code: number, text?: string): string {
  const name = OK_ERROR_NAMES[code] ?? 'UNKNOWN';
  const t = text ?? DEFAULT_ERROR_TEXT[code] ?? 'Error';
  const msg = t.startsWith(`${name} : `) ? t : `${name} : ${t}`;
  return JSON.stringify({ error_code: code, error_msg: msg, error_data: null });
}

/** HTTP status used for an OK error in errorStyle 'status'. */
export function httpStatusForOkError(code: number): number {
  switch (code) {
    case 102:
    case 103:
      return 401;
    case 300:
    case 705:
      return 404;
    case 8:
    case 11:
      return 429;
    case 1:
    case 2:
    case 9999:
      return 500;
    default:
      return 400;
  }
}

/** The "not ready" error for an attachment OK is still processing (wording seen from the real API [3p]). */
export const NOT_READY_MESSAGE = 'Attachment is not ready: the file is still processing';

class OkError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(`${code} ${text}`);
  }
}

function param(text: string): never {
  throw new OkError(100, text);
}

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

interface QueuedFault {
  fault: Fault;
  match: FaultMatch;
  left: number;
}

interface StoredMessage {
  text?: string;
  attachments: unknown[];
  reply_to?: string;
}

const JSON_TYPE = 'application/json;charset=utf-8';
const UPLOAD_TYPES: readonly string[] = ['FILE', 'IMAGE', 'VIDEO', 'AUDIO'];
const SENDER_ACTIONS: readonly string[] = ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio'];
const USER_ID_RE = /^user:\d+$/;
const USER_ID_OR_BARE_RE = /^(?:user:)?\d+$/;
const MAX_ATTACHMENTS = 5;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) param(`Unknown parameter ${where}.${k}`);
  }
}

function isPngOrJpgUrl(s: unknown): s is string {
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

function normaliseUserId(id: string): string {
  if (!USER_ID_OR_BARE_RE.test(id)) throw new Error(`Not a user id: ${id}`);
  return id.startsWith('user:') ? id : `user:${id}`;
}

function prefixMatches(path: string, prefix: string): boolean {
  if (path.startsWith(prefix)) return true;
  // Convenience: "/me/messages" also matches "/graph/me/messages".
  return prefix.startsWith('/') && !prefix.startsWith('/graph') && path.startsWith(`/graph${prefix}`);
}

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const delim = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) return undefined;
    const head = body.subarray(pos, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headEnd + 4);
    if (next < 0) return undefined;
    const data = body.subarray(headEnd + 4, next);
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const disp = headers['content-disposition'] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
    if (name !== undefined) parts.push({ name, filename, contentType: headers['content-type'], data });
    pos = next + 2;
  }
  return parts;
}

export class FakeOkServer {
  readonly baseUrl: string;
  readonly origin: string;
  token: string;
  readonly dialect: DialectName;
  errorStyle: ErrorStyle;
  notReadySends: number;
  maxTextLength: number;
  readonly chats = new Map<string, FakeChat>();
  readonly messages: FakeMessage[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Extra (not in the original brief): uploads by token. */
  readonly uploads = new Map<string, FakeUpload>();
  /** Extra: called for every recorded request (the sandbox logs with it). */
  onRequest: ((r: RecordedRequest) => void) | undefined;

  private readonly opts: FakeOkOptions;
  private readonly groupId: string;
  private readonly groupName: string;
  private readonly pageSize: number;
  private readonly allowedUsers = new Set<string>();
  private readonly revokedTokens = new Set<string>();
  private readonly dialogs = new Map<string, string>();
  private readonly markers = new Map<string, number>();
  private readonly uploadsById = new Map<string, FakeUpload>();
  private faults: QueuedFault[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;
  private msgCounter = 0;
  private sendCounter = 0;

  private constructor(
    private readonly server: http.Server,
    port: number,
    opts: FakeOkOptions,
  ) {
    this.opts = opts;
    this.origin = `http://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}/graph`;
    this.token = opts.token ?? DEFAULT_FAKE_TOKEN;
    this.dialect = opts.dialect ?? 'documented';
    if (!isDialectName(this.dialect)) throw new Error(`Unknown dialect ${String(this.dialect)}; known: ${DIALECT_NAMES.join(', ')}`);
    this.errorStyle = opts.errorStyle ?? DIALECTS[this.dialect].errors;
    this.notReadySends = opts.notReadySends ?? DIALECTS[this.dialect].notReadySends;
    this.maxTextLength = opts.maxTextLength ?? 4000;
    this.pageSize = Math.max(1, Math.min(100, opts.pageSize ?? 100));
    const gid = opts.groupId ?? DEFAULT_GROUP_ID;
    this.groupId = gid.startsWith('group:') ? gid : `group:${gid}`;
    if (!/^group:\d+$/.test(this.groupId)) throw new Error(`Not a group id: ${gid}`);
    this.groupName = opts.groupName ?? (opts.seed ? SEED_GROUP_NAME : 'Test Group');
    if (opts.seed) this.seedDemo();
  }

  static async start(opts: FakeOkOptions & { port?: number } = {}): Promise<FakeOkServer> {
    const server = http.createServer();
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const fake = new FakeOkServer(server, port, opts);
    server.on('connection', (s: Socket) => {
      fake.sockets.add(s);
      s.once('close', () => fake.sockets.delete(s));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      fake.handleHttp(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) fake.write(res, { status: 500, body: okErrorBody(9999) });
      });
    });
    return fake;
  }

  /** Adds the demo group content (also done by `seed: true`). Extra, not in the original brief. */
  seedDemo(): void {
    const t0 = 1_735_700_000_000;
    const [u1, u2, u3] = SEED_USER_IDS;
    const chats: Array<Partial<FakeChat>> = [
      { chat_id: SEED_CHAT_IDS[0], title: 'Backend', participants: { [u1]: t0, [u2]: t0 + 1000, [u3]: t0 + 2000 } },
      { chat_id: SEED_CHAT_IDS[1], title: 'Frontend 🚀', participants: { [u1]: t0 + 3000, [u2]: t0 + 4000 } },
      { chat_id: SEED_CHAT_IDS[2], title: 'Релизы', participants: { [u1]: t0 + 5000, [u3]: t0 + 6000 } },
    ];
    chats.forEach((c, i) => {
      if (!this.chats.has(c.chat_id ?? '')) this.addChat({ ...c, owner_id: u1, lastEventTime: t0 + 10_000 * (i + 1) });
    });
    for (const u of SEED_USER_IDS) this.allowUser(u);
  }

  addChat(init: Partial<FakeChat> = {}): FakeChat {
    let id = init.chat_id;
    if (id === undefined) {
      do id = `chat:C${hex(6)}`;
      while (this.chats.has(id));
    }
    if (!CHAT_ID_RE.test(id)) throw new Error(`Not a chat id: ${id}`);
    if (this.chats.has(id)) throw new Error(`Chat already exists: ${id}`);
    const chat: FakeChat = {
      chat_id: id,
      type: init.type ?? 'GROUP_CHAT',
      status: init.status ?? 'ACTIVE',
      title: init.title ?? `Chat ${this.chats.size + 1}`,
      participants: { ...(init.participants ?? {}) },
      lastEventTime: init.lastEventTime ?? Date.now(),
      group_id: init.group_id ?? this.groupId,
    };
    if (init.icon) chat.icon = { ...init.icon };
    if (init.owner_id !== undefined) chat.owner_id = init.owner_id;
    this.chats.set(id, chat);
    return chat;
  }

  allowUser(userId: string, allowed = true): void {
    const id = normaliseUserId(userId);
    if (allowed) this.allowedUsers.add(id);
    else this.allowedUsers.delete(id);
  }

  revokeToken(): void {
    this.revokedTokens.add(this.token);
  }

  injectFault(fault: FaultWithTiming, match: FaultMatch = {}): void {
    const times = match.times ?? 1;
    if (!(times > 0)) throw new Error('FaultMatch.times must be > 0');
    this.faults.push({ fault, match, left: times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  reset(): void {
    this.chats.clear();
    this.messages.length = 0;
    this.requests.length = 0;
    this.faults = [];
    this.allowedUsers.clear();
    this.revokedTokens.clear();
    this.dialogs.clear();
    this.markers.clear();
    this.uploads.clear();
    this.uploadsById.clear();
    this.token = this.opts.token ?? DEFAULT_FAKE_TOKEN;
    this.errorStyle = this.opts.errorStyle ?? DIALECTS[this.dialect].errors;
    this.notReadySends = this.opts.notReadySends ?? DIALECTS[this.dialect].notReadySends;
    this.maxTextLength = this.opts.maxTextLength ?? 4000;
    this.sendCounter = 0;
  }

  /** The answer style in use. */
  get spec(): Dialect {
    return DIALECTS[this.dialect];
  }

  /** Multipart uploads received so far (each POST to an upload URL). */
  get uploadCount(): number {
    return this.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).length;
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    const m = method.toUpperCase();
    return this.requests.filter((r) => r.method.toUpperCase() === m && prefixMatches(r.path, pathPrefix));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }

  // ---------------------------------------------------------------- HTTP plumbing

  private async handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        const b = chunk as Buffer;
        size += b.length;
        if (size <= MAX_BODY_BYTES) chunks.push(b);
      }
    } catch {
      return; // client went away
    }
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);
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
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      headers: { ...req.headers },
      rawBody,
      body,
      time: Date.now(),
    };
    this.requests.push(rec);
    try {
      this.onRequest?.(rec);
    } catch {
      /* a broken listener must not break the server */
    }

    const fault = this.takeFault(rec);
    if (fault && fault.kind !== 'reset' && (fault as FaultWithTiming).afterHandling) {
      const applied = this.dispatch(rec, raw);
      if (fault.kind === 'delay') {
        await this.sleep(fault.ms);
        if (!this.closed) this.write(res, applied);
        return;
      }
      if (fault.kind === 'slow') {
        await this.writeSlowly(res, applied, fault.byteEveryMs);
        return;
      }
    }
    if (fault) {
      switch (fault.kind) {
        case 'delay':
          await this.sleep(fault.ms);
          if (this.closed) return;
          break;
        case 'slow':
          await this.writeSlowly(res, { status: 200, body: '{"message_id":"mid:C3ecb9d02a600.1f"}' }, fault.byteEveryMs);
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body><h1>Gateway</h1></body></html>');
          return;
        case 'status':
          this.write(res, { status: fault.status, body: fault.body ?? okErrorBody(2), headers: fault.headers });
          return;
        case 'oversized': {
          // with afterHandling, the request was applied above
          res.writeHead(200, fault.chunked ? { 'content-type': JSON_TYPE } : { 'content-type': JSON_TYPE, 'content-length': String(fault.bytes) });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let left = fault.bytes;
          const pump = (): void => {
            while (left > 0 && !res.destroyed) {
              const n = Math.min(left, chunk.length);
              left -= n;
              if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
                res.once('drain', pump);
                return;
              }
            }
            if (!res.destroyed) res.end();
          };
          res.on('error', () => undefined);
          pump();
          return;
        }
        case 'slow-body': {
          // with afterHandling, the request was applied above
          res.writeHead(200, { 'content-type': JSON_TYPE });
          res.on('error', () => undefined);
          for (let i = 0; i < fault.chunks && !res.destroyed && !this.closed; i++) {
            res.write(' ');
            await this.sleep(fault.everyMs);
          }
          if (!res.destroyed) res.end('{}');
          return;
        }
        case 'reset':
          if (fault.afterHandling) this.dispatch(rec, raw);
          req.socket.destroy();
          return;
        case 'malformed-json':
          this.write(res, { status: 200, body: '{"message_id":"mid:C3ecb9d02a600.1f' });
          return;
        case 'ok-error':
          this.write(res, this.errorReply(fault.code, fault.msg));
          return;
        case 'rate-limit':
          this.write(res, this.errorReply(8, 'Too many requests, try again later'));
          return;
      }
    }
    if (size > MAX_BODY_BYTES) {
      this.write(res, this.errorReply(100, 'Request body too large'));
      return;
    }
    this.write(res, this.dispatch(rec, raw));
  }

  /** Writes an answer one byte at a time (headers at once, then the body trickles out). */
  private async writeSlowly(res: http.ServerResponse, reply: Reply, byteEveryMs: number): Promise<void> {
    const bytes = Buffer.from(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
    for (const b of bytes) {
      if (this.closed || res.destroyed) return;
      res.write(Buffer.from([b]));
      await this.sleep(byteEveryMs);
    }
    res.end();
  }

  private takeFault(rec: RecordedRequest): Fault | undefined {
    for (let i = 0; i < this.faults.length; i++) {
      const q = this.faults[i];
      const { method, path } = q.match;
      if (method !== undefined && method.toUpperCase() !== rec.method.toUpperCase()) continue;
      if (path !== undefined) {
        if (typeof path === 'string' ? !prefixMatches(rec.path, path) : !path.test(rec.path)) continue;
      }
      q.left -= 1;
      if (q.left <= 0) this.faults.splice(i, 1);
      return q.fault;
    }
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private write(res: http.ServerResponse, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(reply.status, {
      'content-type': JSON_TYPE,
      'content-length': String(Buffer.byteLength(reply.body)),
      ...(reply.headers ?? {}),
    });
    res.end(reply.body);
  }

  private errorReply(code: number, text?: string): Reply {
    const body = okErrorBody(code, text);
    switch (this.errorStyle) {
      case 'status':
        return { status: httpStatusForOkError(code), body };
      case 'header':
        return { status: 200, body, headers: { 'invocation-error': String(code) } };
      case 'status+header':
        return { status: httpStatusForOkError(code), body, headers: { 'invocation-error': String(code) } };
      default:
        return { status: 200, body };
    }
  }

  private ok(value: unknown): Reply {
    return { status: 200, body: JSON.stringify(value) };
  }

  /** A 2xx answer to a POST in one of the dialect's shapes; `messageId` for the ones that carry one. */
  private answer(shapes: readonly PostAnswer[], messageId: () => string, rotate = 0): Reply {
    const shape = shapes[rotate % shapes.length];
    switch (shape) {
      case 'message_id':
        return this.ok({ message_id: messageId() });
      case 'mid':
        return this.ok({ mid: messageId() });
      case 'success':
        return this.ok({ success: true });
      case 'success+message_id':
        return this.ok({ success: true, message_id: messageId() });
      case 'empty-object':
        return this.ok({});
      case 'empty-body':
        return { status: 200, body: '' };
    }
  }

  /** A message id for a chat action: OK posts a service message to the chat. */
  private serviceMessageId(chatId: string): string {
    this.msgCounter += 1;
    return `mid:C${chatId.slice('chat:C'.length)}.${hex(4)}${this.msgCounter.toString(16)}`;
  }

  /** Applies the request and returns the reply (never throws). */
  private dispatch(rec: RecordedRequest, raw: Buffer): Reply {
    try {
      return this.route(rec, raw);
    } catch (e) {
      if (e instanceof OkError) return this.errorReply(e.code, e.text);
      return this.errorReply(9999, `Internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private route(rec: RecordedRequest, raw: Buffer): Reply {
    const { method, path } = rec;
    const unknownMethod = (): never => {
      throw new OkError(3, `Unknown method ${method} ${path}`);
    };

    const up = /^\/upload\/([^/]+)$/.exec(path);
    if (up) {
      if (method !== 'POST') unknownMethod();
      return this.handleUpload(up[1], rec, raw);
    }
    if (path !== '/graph' && !path.startsWith('/graph/')) unknownMethod();

    this.checkToken(rec.query);
    const sub = path.slice('/graph'.length);

    if (sub === '/me/info') {
      if (method !== 'GET') unknownMethod();
      if (this.opts.tokenOwner === 'user') return this.ok({ name: 'Иван Петров', user_id: 'user:100000000042' });
      return this.ok({ name: this.groupName, group_id: this.groupId });
    }
    if (sub === '/me/chats') {
      if (method !== 'GET') unknownMethod();
      return this.listChats(rec.query);
    }
    let m = /^\/me\/chat\/([^/]+)$/.exec(sub);
    if (m) {
      if (method !== 'GET') unknownMethod();
      return this.ok(this.getChat(m[1]));
    }
    m = /^\/(chat:[^/]*)\/url$/.exec(sub);
    if (m) {
      if (method !== 'GET') unknownMethod();
      const chat = this.getChat(m[1]);
      return this.ok({ url: `https://ok.ru/messages/${chat.chat_id.slice('chat:'.length)}` });
    }
    if (sub === '/me/fileUploadUrl') {
      if (method !== 'GET') unknownMethod();
      return this.fileUploadUrl(rec.query);
    }
    if (sub === '/me/messages') {
      if (method !== 'POST') unknownMethod();
      return this.directMessage(rec);
    }
    m = /^\/me\/messages\/([^/]+)$/.exec(sub);
    if (m) {
      if (method !== 'POST') unknownMethod();
      return this.chatMessage(m[1], rec);
    }
    return unknownMethod();
  }

  private checkToken(query: Record<string, string>): void {
    const t = query.access_token;
    if (t === undefined || t === '') throw new OkError(103, 'Missing required parameter access_token');
    if (t !== this.token || this.revokedTokens.has(t)) throw new OkError(102, 'Session expired');
  }

  // ---------------------------------------------------------------- GET methods

  private listChats(query: Record<string, string>): Reply {
    let count = 50;
    if (query.count !== undefined) {
      if (!/^\d{1,4}$/.test(query.count)) param('Invalid parameter count: must be an integer 1..100');
      count = Number(query.count);
      if (count < 1 || count > 100) param('Invalid parameter count: must be an integer 1..100');
    }
    count = Math.min(count, this.pageSize);
    let offset = 0;
    if (query.marker !== undefined) {
      const o = this.markers.get(query.marker);
      if (o === undefined) param('Invalid parameter marker');
      offset = o;
    }
    const all = [...this.chats.values()];
    const page = all.slice(offset, offset + count);
    const result: { chats: FakeChat[]; marker?: string } = { chats: page };
    if (offset + count < all.length) {
      const marker = `mk${hex(8)}`;
      this.markers.set(marker, offset + count);
      result.marker = marker;
    }
    return this.ok(result);
  }

  private getChat(id: string): FakeChat {
    if (!CHAT_ID_RE.test(id)) param(`Invalid chat id ${id}: expected chat:C<hex>`);
    const chat = this.chats.get(id);
    if (!chat) throw new OkError(705, `Chat ${id} not found`);
    return chat;
  }

  private fileUploadUrl(query: Record<string, string>): Reply {
    const type = query.type;
    if (type === undefined) param('Missing required parameter type');
    if (!UPLOAD_TYPES.includes(type)) param(`Invalid parameter type: ${type} (FILE, IMAGE, VIDEO or AUDIO)`);
    const upload: FakeUpload = { id: hex(12), token: hex(20), type: type as UploadType, uploaded: false, notReadyLeft: 0 };
    this.uploads.set(upload.token, upload);
    this.uploadsById.set(upload.id, upload);
    const withToken = type !== 'IMAGE' || this.spec.imageTokenWithUrl;
    return this.ok(withToken ? { url: `${this.origin}/upload/${upload.id}`, token: upload.token } : { url: `${this.origin}/upload/${upload.id}` });
  }

  private handleUpload(id: string, rec: RecordedRequest, raw: Buffer): Reply {
    const upload = this.uploadsById.get(id);
    if (!upload) throw new OkError(300, 'Upload not found');
    const ct = rec.headers['content-type'];
    const contentType = Array.isArray(ct) ? ct[0] : ct;
    if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) param('Content-Type must be multipart/form-data');
    const parts = parseMultipart(raw, contentType);
    if (!parts) param('Malformed multipart body');
    const file = parts.find((p) => p.name === 'file');
    if (!file) param('Missing required parameter file');
    upload.uploaded = true;
    upload.size = file.data.length;
    upload.filename = file.filename;
    upload.contentType = file.contentType;
    upload.notReadyLeft = this.notReadySends;
    switch (upload.type === 'IMAGE' ? this.spec.imageUpload : this.spec.fileUpload) {
      case 'token':
        return this.ok({ token: upload.token });
      case 'photos':
        return this.ok({ photos: { [String(BigInt(`0x${upload.id}`))]: { token: upload.token } } });
      case 'empty-body':
        return { status: 200, body: '' };
    }
  }

  // ---------------------------------------------------------------- POST methods

  private jsonBody(rec: RecordedRequest): Record<string, unknown> {
    const ct = rec.headers['content-type'];
    const contentType = (Array.isArray(ct) ? ct[0] : ct) ?? '';
    const [mime, ...params] = contentType.split(';').map((s) => s.trim().toLowerCase());
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

  private chatMessage(pathId: string, rec: RecordedRequest): Reply {
    const body = this.jsonBody(rec);
    if (!CHAT_ID_RE.test(pathId)) param(`Invalid chat id ${pathId}: expected chat:C<hex>`);
    onlyKeys(body, ['recipient', 'message', 'chat_control', 'sender_action'], 'body');
    const recipient = body.recipient;
    if (recipient === undefined) param('Missing required parameter recipient');
    if (!isObject(recipient)) param('Invalid parameter recipient');
    onlyKeys(recipient, ['chat_id'], 'recipient');
    if (recipient.chat_id === undefined) param('Missing required parameter recipient.chat_id');
    if (recipient.chat_id !== pathId) param('recipient.chat_id does not match the chat id in the path');
    const actions = (['message', 'chat_control', 'sender_action'] as const).filter((k) => body[k] !== undefined);
    if (actions.length !== 1) param('Exactly one of message, chat_control, sender_action is required');

    if (body.message !== undefined) {
      const msg = this.validateMessage(body.message, pathId);
      const chat = this.activeChat(pathId);
      if (msg.reply_to !== undefined && !this.messages.some((x) => x.chat_id === chat.chat_id && x.message_id === msg.reply_to)) {
        param(`Invalid parameter reply_to: message ${msg.reply_to} not found`);
      }
      const stored = this.storeMessage(chat, msg);
      return this.answer(this.spec.send, () => stored.message_id, this.sendCounter++);
    }
    if (body.sender_action !== undefined) {
      const a = body.sender_action;
      if (typeof a !== 'string' || !SENDER_ACTIONS.includes(a)) {
        param(`Invalid parameter sender_action: ${String(JSON.stringify(a))} (${SENDER_ACTIONS.join(', ')})`);
      }
      this.activeChat(pathId);
      return this.answer(this.spec.senderAction, () => this.serviceMessageId(pathId));
    }
    return this.chatControl(pathId, body.chat_control);
  }

  private chatControl(chatId: string, cc: unknown): Reply {
    if (!isObject(cc)) param('Invalid parameter chat_control');
    onlyKeys(cc, ['title', 'icon', 'add_members', 'remove_member', 'leave'], 'chat_control');
    const keys = Object.keys(cc).filter((k) => cc[k] !== undefined);
    if (keys.length !== 1) param('chat_control must contain exactly one of title, icon, add_members, remove_member, leave');
    const now = Date.now();

    if (cc.title !== undefined) {
      if (typeof cc.title !== 'string' || cc.title.trim() === '') param('Invalid parameter title: non-empty string required');
      const chat = this.activeChat(chatId);
      chat.title = cc.title;
      chat.lastEventTime = now;
    } else if (cc.icon !== undefined) {
      const icon = cc.icon;
      if (!isObject(icon)) param('Invalid parameter icon');
      onlyKeys(icon, ['url'], 'chat_control.icon');
      if (!isPngOrJpgUrl(icon.url)) param('Invalid parameter icon.url: Png or jpg image URL required');
      const chat = this.activeChat(chatId);
      chat.icon = { url: icon.url };
      chat.lastEventTime = now;
    } else if (cc.add_members !== undefined) {
      const list = cc.add_members;
      if (!Array.isArray(list)) param('Invalid parameter add_members: array required');
      const ids = list.map((item: unknown, i) => {
        if (!isObject(item)) param(`Invalid parameter add_members[${i}]`);
        onlyKeys(item, ['user_id'], `chat_control.add_members[${i}]`);
        if (typeof item.user_id !== 'string' || !USER_ID_RE.test(item.user_id)) {
          param(`Invalid parameter add_members[${i}].user_id: user:<digits> required`);
        }
        return item.user_id;
      });
      const chat = this.activeChat(chatId);
      if (ids.length === 0) throw new OkError(801, 'No users to add');
      for (const id of ids) chat.participants[id] = now;
      chat.lastEventTime = now;
    } else if (cc.remove_member !== undefined) {
      const item = cc.remove_member;
      if (!isObject(item)) param('Invalid parameter remove_member: a single {user_id} object required');
      onlyKeys(item, ['user_id'], 'chat_control.remove_member');
      if (typeof item.user_id !== 'string' || !USER_ID_RE.test(item.user_id)) {
        param('Invalid parameter remove_member.user_id: user:<digits> required');
      }
      const chat = this.activeChat(chatId);
      if (!(item.user_id in chat.participants)) throw new OkError(802, `User ${item.user_id} is not a member of the chat`);
      delete chat.participants[item.user_id];
      chat.lastEventTime = now;
    } else {
      if (cc.leave !== 'true') param('Invalid parameter leave: must be the string "true"');
      const chat = this.activeChat(chatId);
      chat.status = 'LEFT';
      chat.lastEventTime = now;
    }
    return this.answer(this.spec.chatControl, () => this.serviceMessageId(chatId));
  }

  private directMessage(rec: RecordedRequest): Reply {
    const body = this.jsonBody(rec);
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
    const users = raw.map((u, i) => {
      if (typeof u !== 'string' || !USER_ID_OR_BARE_RE.test(u)) param(`Invalid user id at recipient.user_ids[${i}]`);
      return normaliseUserId(u);
    });
    if (body.message === undefined) param('Missing required parameter message');
    const msg = this.validateMessage(body.message, undefined);

    const success: boolean[] = [];
    const chatIds: Array<string | null> = [];
    for (const user of users) {
      if (!this.allowedUsers.has(user)) {
        success.push(false);
        chatIds.push(null);
        continue;
      }
      const chat = this.dialogFor(user);
      this.storeMessage(chat, msg);
      success.push(true);
      chatIds.push(chat.chat_id);
    }
    return this.ok({ success, chat_ids: chatIds });
  }

  private dialogFor(user: string): FakeChat {
    const existing = this.dialogs.get(user);
    const chat = existing !== undefined ? this.chats.get(existing) : undefined;
    if (chat) return chat;
    const created = this.addChat({ type: 'DIALOG', title: `Dialog ${user}`, participants: { [user]: Date.now() } });
    this.dialogs.set(user, created.chat_id);
    return created;
  }

  private activeChat(chatId: string): FakeChat {
    const chat = this.chats.get(chatId);
    if (!chat) throw new OkError(705, `Chat ${chatId} not found`);
    if (chat.status !== 'ACTIVE') throw new OkError(10, `Chat ${chatId} is not available (${chat.status})`);
    return chat;
  }

  private validateMessage(m: unknown, chatId: string | undefined): StoredMessage {
    if (!isObject(m)) param('Invalid parameter message: object required');
    onlyKeys(m, ['text', 'attachment', 'attachments', 'reply_to'], 'message');
    const out: StoredMessage = { attachments: [] };
    if (m.text !== undefined) {
      if (typeof m.text !== 'string') param('Invalid parameter message.text: string required');
      if (m.text.length > this.maxTextLength) {
        param(`Invalid parameter message.text: text is too long (${m.text.length} > ${this.maxTextLength} characters)`);
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
    const notReady: FakeUpload[] = [];
    list.forEach((a, i) => {
      const where = m.attachment !== undefined ? 'message.attachment' : `message.attachments[${i}]`;
      if (!isObject(a)) param(`Invalid parameter ${where}`);
      onlyKeys(a, ['type', 'payload'], where);
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
        const up = this.uploads.get(p.token);
        if (!up || !up.uploaded) param(`Invalid parameter ${where}.payload.token: unknown token`);
        if (up.type !== a.type) param(`Invalid parameter ${where}.type: token was issued for ${up.type}`);
        if (up.notReadyLeft > 0) notReady.push(up);
        out.attachments.push({ type: a.type, payload: { token: p.token } });
      }
    });
    if (out.text === undefined && out.attachments.length === 0) param('Message must have text or an attachment');
    if (notReady.length > 0) {
      for (const up of notReady) up.notReadyLeft -= 1;
      param(NOT_READY_MESSAGE);
    }
    if (m.reply_to !== undefined) {
      if (chatId === undefined) param('reply_to is not supported for direct messages');
      if (typeof m.reply_to !== 'string' || m.reply_to === '') param('Invalid parameter message.reply_to');
      out.reply_to = m.reply_to;
    }
    return out;
  }

  private storeMessage(chat: FakeChat, msg: StoredMessage): FakeMessage {
    const time = Date.now();
    this.msgCounter += 1;
    const stored: FakeMessage = {
      message_id: `mid:C${chat.chat_id.slice('chat:C'.length)}.${hex(4)}${this.msgCounter.toString(16)}`,
      chat_id: chat.chat_id,
      attachments: msg.attachments.map((a) => structuredClone(a)),
      time,
    };
    if (msg.text !== undefined) stored.text = msg.text;
    if (msg.reply_to !== undefined) stored.reply_to = msg.reply_to;
    this.messages.push(stored);
    chat.lastEventTime = time;
    return stored;
  }
}
