/**
 * A faithful fake of the OK Graph API ("Bot API" of ok.ru groups), for tests and the sandbox:
 * the HTTP server, its routing and its state. Only node:http is used.
 *
 * The server is deliberately strict: anything the real API is documented (or believed) to
 * reject is rejected here too, with the same error shape (validate.ts, uploadForm.ts), so that
 * client tests which pass against it mean something. OK does not document its answers to
 * POSTs, so the server answers in one of several dialects (dialects.ts): the client must work
 * against all of them. Faults can be injected (faults.ts). See docs/ok-graph-api.md and
 * seed/graph.user.messages.md for the contract.
 *
 * The folder's modules are re-exported here: tests import everything from this file.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DIALECTS, DIALECT_NAMES, isDialectName, type Dialect, type DialectName, type ErrorStyle, type UploadBehaviour } from './dialects';
import { answerWithFault, FaultQueue, WakeableSleeps, pathStartsWith, type FaultMatch, type FaultWithTiming } from './faults';
import { addChat, chatAsRead, chatMessage, clearGraphState, directMessage, fileUploadUrl, getChat, listChats, newGraphState, storeUpload, type GraphSettings } from './graphMethods';
import { historyRoute, postAsMember, type Member, type MemberPost } from './chatReading';
import { editRoute } from './messageEdit';
import { errorReply, okErrorBody, OkError } from './okErrors';
import { recordOf, type FakeChat, type FakeMessage, type FakeUpload, type RecordedRequest } from './records';
import { jsonReply, writeReply, type Reply } from './replies';
import { DEFAULT_FAKE_TOKEN, DEFAULT_GROUP_ID, SEED_CHAT_IDS, SEED_GROUP_NAME, seedChats, SEED_USER_IDS } from './seed';
import type { FakeOkOptions } from './options';
import { seedHistory } from './seedHistory';
import { normaliseUserId } from './validate';

export * from './dialects';
export type { EditBehaviour } from './messageEdit';
export { OK_UPLOAD_HOST } from './graphMethods';
export type { FakeOkOptions } from './options';
export type { Fault, FaultMatch, FaultWithTiming } from './faults';
export { BLOCK_PAGE } from './faults';
export { OtherHost, type OtherHostRequest } from './otherHost';
export { httpStatusForOkError, NOT_READY_MESSAGE, OK_ERROR_NAMES, okErrorBody } from './okErrors';
export { CHAT_ID_RE, type FakeChat, type FakeMessage, type FakeUpload, type RecordedRequest } from './records';
export * from './seed';
export { SEED_HISTORY_CHAT, SEED_HISTORY_START, SEED_MEMBERS } from './seedHistory';
export type { Member, MemberPost } from './chatReading';

/** The most a request body may carry; a larger one is refused (and not kept). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class FakeOkServer {
  readonly baseUrl: string;
  readonly origin: string;
  token: string;
  readonly dialect: DialectName;
  errorStyle: ErrorStyle;
  notReadySends: number;
  maxTextLength: number;
  readonly requests: RecordedRequest[] = [];
  /** Called for every recorded request (the sandbox logs with it). */
  onRequest: ((r: RecordedRequest) => void) | undefined;

  private readonly state = newGraphState();
  readonly chats: Map<string, FakeChat> = this.state.chats;
  readonly messages: FakeMessage[] = this.state.messages;
  /** Messages posted by other members ({@link postAsMember}, the demo history). */
  readonly memberMessages: FakeMessage[] = this.state.memberMessages;
  /** Uploads by token. */
  readonly uploads: Map<string, FakeUpload> = this.state.uploads;

  private readonly groupId: string;
  private readonly groupName: string;
  private readonly pageSize: number;
  private readonly maxUploadBytes: number;
  private readonly revokedTokens = new Set<string>();
  private readonly faults = new FaultQueue();
  private readonly sockets = new Set<Socket>();
  private readonly sleeps = new WakeableSleeps();
  private closed = false;

  private constructor(
    private readonly server: http.Server,
    port: number,
    private readonly opts: FakeOkOptions,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}/graph`;
    this.token = opts.token ?? DEFAULT_FAKE_TOKEN;
    this.dialect = opts.dialect ?? 'documented';
    if (!isDialectName(this.dialect)) throw new Error(`Unknown dialect ${String(this.dialect)}; known: ${DIALECT_NAMES.join(', ')}`);
    this.errorStyle = opts.errorStyle ?? DIALECTS[this.dialect].errors;
    this.notReadySends = opts.notReadySends ?? DIALECTS[this.dialect].notReadySends;
    this.maxTextLength = opts.maxTextLength ?? 4000;
    this.maxUploadBytes = opts.maxUploadBytes ?? MAX_BODY_BYTES;
    this.uploadBehaviour = { ...opts.uploads };
    this.pageSize = Math.max(1, Math.min(100, opts.pageSize ?? 100));
    this.state.idForm = DIALECTS[this.dialect].messageIds;
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
    const fake = new FakeOkServer(server, (server.address() as AddressInfo).port, opts);
    server.on('connection', (s: Socket) => {
      fake.sockets.add(s);
      s.once('close', () => fake.sockets.delete(s));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (opts.keepAlive === false) res.shouldKeepAlive = false;
      fake.handleHttp(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) writeReply(res, { status: 500, body: okErrorBody(9999) });
      });
    });
    return fake;
  }

  /** Adds the demo group content (also done by `seed: true`). */
  seedDemo(): void {
    for (const chat of seedChats()) if (!this.chats.has(chat.chat_id ?? '')) this.addChat(chat);
    for (const u of SEED_USER_IDS) this.allowUser(u);
    if (this.memberMessages.length === 0 && this.chats.has(SEED_CHAT_IDS[0])) seedHistory((chat, who, post) => this.postAsMember(chat, who, post), this.spec.reading?.variants === true);
  }

  /** A message in a chat from another member (text, attachments in OK's read shape, a service event's JSON…). */
  postAsMember(chatId: string, sender: Member, post: MemberPost): FakeMessage {
    return postAsMember(this.state, chatId, sender, post);
  }

  addChat(init: Partial<FakeChat> = {}): FakeChat {
    return addChat(this.state, this.groupId, init);
  }

  allowUser(userId: string, allowed = true): void {
    const id = normaliseUserId(userId);
    if (allowed) this.state.allowedUsers.add(id);
    else this.state.allowedUsers.delete(id);
  }

  revokeToken(): void {
    this.revokedTokens.add(this.token);
  }

  injectFault(fault: FaultWithTiming, match: FaultMatch = {}): void {
    this.faults.add(fault, match);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  reset(): void {
    clearGraphState(this.state);
    this.requests.length = 0;
    this.faults.clear();
    this.revokedTokens.clear();
    this.token = this.opts.token ?? DEFAULT_FAKE_TOKEN;
    this.errorStyle = this.opts.errorStyle ?? DIALECTS[this.dialect].errors;
    this.notReadySends = this.opts.notReadySends ?? DIALECTS[this.dialect].notReadySends;
    this.maxTextLength = this.opts.maxTextLength ?? 4000;
    this.uploadBehaviour = { ...this.opts.uploads };
  }

  /**
   * Upload behaviours set by a test on top of the dialect's (OK refusing several files in one
   * message, a bare attachment…); cleared by {@link reset} back to the options' `uploads`.
   */
  uploadBehaviour: Partial<UploadBehaviour & Pick<Dialect, 'imageTokenWithUrl' | 'imageUpload' | 'fileUpload'>>;

  /** The answer style in use (the dialect, with {@link uploadBehaviour} on top). */
  get spec(): Dialect {
    return { ...DIALECTS[this.dialect], ...this.uploadBehaviour };
  }

  /** Multipart uploads received so far (each POST to an upload URL). */
  get uploadCount(): number {
    return this.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).length;
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    const m = method.toUpperCase();
    return this.requests.filter((r) => r.method.toUpperCase() === m && pathStartsWith(r.path, pathPrefix));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sleeps.wakeAll();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }

  // ---------------------------------------------------------------- HTTP

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
    const rec = this.record(req, raw);
    const apply = (): Promise<Reply> => this.dispatch(rec, raw);
    const fault = this.faults.take(rec);
    if (fault) {
      const ctx = { sleep: (ms: number) => this.sleeps.sleep(ms), closed: () => this.closed, errorReply: (code: number, text?: string) => this.errorReply(code, text), apply };
      if (await answerWithFault(fault, req, res, ctx)) return;
    }
    if (size > MAX_BODY_BYTES) {
      writeReply(res, this.errorReply(100, 'Request body too large'));
      return;
    }
    writeReply(res, await apply());
  }

  /** Logs the request (requests, onRequest) and returns its record. */
  private record(req: http.IncomingMessage, raw: Buffer): RecordedRequest {
    const rec = recordOf(req, raw, this.origin);
    this.requests.push(rec);
    try {
      this.onRequest?.(rec);
    } catch {
      /* a broken listener must not break the server */
    }
    return rec;
  }

  private errorReply(code: number, text?: string, data: unknown = null): Reply {
    return errorReply(this.errorStyle, code, text, data, this.spec.reading?.errorBody === 'strings');
  }

  /** Applies the request and returns the reply (never throws). */
  private async dispatch(rec: RecordedRequest, raw: Buffer): Promise<Reply> {
    try {
      return await this.route(rec, raw);
    } catch (e) {
      if (e instanceof OkError) return this.errorReply(e.code, e.text, e.data);
      return this.errorReply(9999, `Internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ---------------------------------------------------------------- routing

  private async route(rec: RecordedRequest, raw: Buffer): Promise<Reply> {
    const { method, path } = rec;
    const only = (verb: 'GET' | 'POST'): void => {
      if (method !== verb) throw new OkError(3, `Unknown method ${method} ${path}`);
    };
    const g = this.state;
    const s = this.settings();

    const up = /^\/upload\/([^/]+)$/.exec(path);
    if (up) {
      only('POST');
      return storeUpload(g, s, up[1], rec, raw);
    }
    if (path !== '/graph' && !path.startsWith('/graph/')) throw new OkError(3, `Unknown method ${method} ${path}`);
    this.checkToken(rec.query);
    const sub = path.slice('/graph'.length);
    let m: RegExpExecArray | null;

    if (sub === '/me/info') {
      only('GET');
      if (this.opts.tokenOwner === 'user') return jsonReply({ name: 'Иван Петров', user_id: 'user:100000000042' });
      return jsonReply({ name: this.groupName, group_id: this.groupId });
    }
    if (sub === '/me/chats') {
      only('GET');
      return listChats(g, s, rec.query);
    }
    if ((m = /^\/me\/chat\/([^/]+)$/.exec(sub))) {
      only('GET');
      return jsonReply(chatAsRead(this.settings(), getChat(g, m[1])));
    }
    if ((m = /^\/(chat:[^/]*)\/url$/.exec(sub))) {
      only('GET');
      return jsonReply({ url: `https://ok.ru/messages/${getChat(g, m[1]).chat_id.slice('chat:'.length)}` });
    }
    if (sub === '/me/fileUploadUrl') {
      only('GET');
      return fileUploadUrl(g, s, rec.query);
    }
    const history = historyRoute(g, s, method, sub, rec.query, rec.body);
    if (history) return history;
    const edited = editRoute(g, s, method, sub, rec);
    if (edited) return edited;
    if (sub === '/me/messages') {
      only('POST');
      return directMessage(g, s, rec);
    }
    if ((m = /^\/me\/messages\/([^/]+)$/.exec(sub))) {
      only('POST');
      return chatMessage(g, s, m[1], rec);
    }
    throw new OkError(3, `Unknown method ${method} ${path}`);
  }

  private settings(): GraphSettings {
    return {
      spec: this.spec,
      origin: this.origin,
      maxTextLength: this.maxTextLength,
      notReadySends: this.notReadySends,
      maxUploadBytes: this.maxUploadBytes,
      pageSize: this.pageSize,
      group: { name: this.groupName, user_id: this.groupId },
      addChat: (init) => this.addChat(init),
    };
  }

  private checkToken(query: Record<string, string>): void {
    const t = query.access_token;
    if (t === undefined || t === '') throw new OkError(103, 'Missing required parameter access_token');
    if (t !== this.token || this.revokedTokens.has(t)) throw new OkError(102, 'Session expired');
  }
}
