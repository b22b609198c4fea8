import { setTimeout as sleep } from 'node:timers/promises';
import { OkApiError, kindForHttpStatus, kindForOkCode, type BaseUrlHint, type ConnectionProblem, type Delivery, type OkErrorKind } from '../model/okApiError';
import { InputError, isInputError } from '../model/ids';
import * as l10n from '@vscode/l10n';
import { connectionProblem, errorCodes, notTlsProblem, redactProxyCredentials, speaksPlainHttp } from './proxySettings';
import { redact } from '../model/redact';
import { DEFAULT_BASE_URL, isLoopbackTarget } from './baseUrls';
import type { ApiRequest } from './okRequests';
import { directBatches, listChatsPage, sendToUsers } from './okRequests';
import { OkErrorBodySchema, describeIssues, missingField, type Chat } from '../model/okSchemas';
import type { FetchLike, NetworkInfo, TransportResponse } from './transport';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, message: string) => void;

export interface Timeouts {
  /** Time to establish the TCP/TLS connection: passed to transports that can enforce it (the CLI's). */
  connectMs: number;
  /** Time from starting the request (connecting included) to receiving the response headers. */
  headersMs: number;
  /** Time allowed between two chunks of the response body. */
  bodyMs: number;
  /**
   * One deadline for a whole attempt, from connecting to the last byte of the answer, on top of
   * the phase timeouts above (a server that trickles one byte every few seconds never trips
   * them). A request with a body gets one more second per 64 KiB of it, so that an upload on a
   * slow line is not cut.
   */
  totalMs: number;
}

export interface RetryPolicy {
  /** Retries after the first attempt, for requests that are safe to repeat. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Extra wait after OK says to slow down (FLOOD_BLOCKED, LIMIT_REACHED, HTTP 429). */
  rateLimitDelayMs: number;
  /**
   * The longest `Retry-After` honoured (it may exceed `maxDelayMs`). When OK asks for a longer
   * wait, the request is not retried and the error carries `retryAfterMs`.
   */
  maxRetryAfterMs: number;
}

export interface OkClientOptions {
  /** The group access token, or a function returning the current one. */
  token: string | (() => string | undefined | Promise<string | undefined>);
  baseUrl?: string;
  /**
   * How requests go out: a `fetch`-shaped function (default: the global `fetch`). The extension
   * passes the extension host's, so that VS Code's proxy support applies; the CLI passes undici
   * with its proxy agent (`createNodeTransport`). Uploads go through it too.
   */
  fetch?: FetchLike;
  /** What the transport is (for the log and for error messages); default: the global `fetch`, proxies from the environment. */
  network?: NetworkInfo;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  log?: LogSink;
  userAgent?: string;
  /**
   * The largest answer read, in bytes (default 1 MiB: OK's answers are a few hundred bytes).
   * Reading stops there: a GET fails, a POST is told as "may have been sent".
   */
  maxResponseBytes?: number;
  /**
   * Told of the retry waits of every call that has no `onRetryWait` of its own, with that call's
   * signal (a host tells its tasks apart by it, e.g. to show the wait in the right progress).
   */
  onRetryWait?: (wait: RetryWait, signal: AbortSignal | undefined) => void;
}

/** A wait before the next attempt of a call: how long, whether OK asked for it (rate limit), which attempt follows. */
export interface RetryWait {
  ms: number;
  rateLimited: boolean;
  attempt: number;
}

/** Per-user results of {@link OkClient.sendToUsers}; ids in the form given, each user once. */
export interface DirectSendResult {
  delivered: string[];
  /** OK answered that these users did not get it (they must allow messages from the group). */
  failed: string[];
  /** In a request whose outcome is unknown: they may have got it. */
  unknown: string[];
  /** Not sent (a batch failed before them, or OK refused their batch). */
  notSent: string[];
  error?: OkApiError;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Told before each wait between attempts (e.g. OK's `Retry-After`), so that a host can show it; the wait ends early when `signal` aborts. */
  onRetryWait?: (wait: RetryWait) => void;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 60_000 };
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 10_000, rateLimitDelayMs: 2_000, maxRetryAfterMs: 120_000 };
/** 1 MiB: the largest answer read from OK. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Set on the abort reason when the overall deadline of an attempt passed. */
class DeadlinePassed extends Error {
  override readonly name = 'DeadlinePassed';
}

/** Set on the abort reason when a phase of an attempt took too long (headers, or a pause in the body). */
class PhaseTimeout extends Error {
  override readonly name = 'PhaseTimeout';
}

/** Thrown while reading an answer larger than the limit. */
class AnswerTooLarge extends Error {
  override readonly name = 'AnswerTooLarge';
}

/** An attempt stopped by the client itself: its overall deadline or a phase timeout. */
type OwnTimeout = DeadlinePassed | PhaseTimeout;

/**
 * Checks a base URL: `https:` anywhere, `http:` only on loopback; no credentials, query or fragment.
 * Returns it without a trailing slash.
 */
export function validateBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(String(value ?? '').trim());
  } catch {
    throw new InputError(l10n.t('The API base URL "{0}" is not a valid URL. Expected something like {1}.', redact(String(value)), DEFAULT_BASE_URL), 'baseUrl', 'invalid');
  }
  const loopback = isLoopbackTarget(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(l10n.t('The API base URL must use https (plain http is allowed only for localhost): {0}', redact(url.origin)), 'baseUrl', 'not-https');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(l10n.t('The API base URL must not contain credentials, a query or a fragment.'), 'baseUrl', 'extra-parts');
  }
  return url.href.replace(/\/+$/, '');
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    if (cur instanceof Error) {
      parts.push(cur.message);
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(typeof cur === 'string' ? cur : JSON.stringify(cur));
      break;
    }
  }
  return parts.filter(Boolean).join(': ');
}

/** The shape of a JSON value for the log: keys and value types, never the values (`{"mid": string}`). */
export function describeShape(value: unknown, depth = 0): string {
  if (value === undefined) return 'an empty body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return depth > 1 ? 'array' : `[${[...new Set(value.slice(0, 5).map((v) => describeShape(v, depth + 1)))].join(' | ')}]`;
  if (typeof value !== 'object') return typeof value;
  if (depth > 1) return 'object';
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${describeShape((value as Record<string, unknown>)[k], depth + 1)}`).join(', ')}}`;
}

/** A rejected certificate, wrong proxy credentials or a proxy policy will not change on a retry. */
function worthRetrying(c: ConnectionProblem): boolean {
  if (c.certificate || c.notTls) return false;
  if (c.proxyFailure === 'auth' || c.proxyFailure === 'tls') return false;
  if (c.proxyFailure === 'refused') return (c.proxyStatus ?? 0) >= 500;
  return true;
}

type Headers = TransportResponse['headers'];

function header(headers: Headers, name: string): string | undefined {
  return headers.get(name) ?? undefined;
}

function retryAfterMs(headers: Headers): number | undefined {
  const v = header(headers, 'retry-after');
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** The global `fetch`, as the default transport. */
const GLOBAL_NETWORK: NetworkInfo = { describe: () => 'the global fetch', settings: 'env' };

/** Whole milliseconds since `start` (a `process.hrtime.bigint()`). */
function elapsedMs(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

/**
 * The OK Graph API client, on top of a `fetch`-shaped transport; every call validated on the way
 * out (by the request builders) and on the way back (by the response schema).
 */
export class OkClient {
  readonly baseUrl: string;
  /** How the client connects, for the log: `VS Code's network stack`, `direct`, `through proxy http://user:***@proxy:3128 (from HTTPS_PROXY)`… */
  readonly connection: string;
  private readonly fetch: FetchLike;
  private readonly network: NetworkInfo;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly log: LogSink;
  private readonly userAgent: string;
  private readonly maxResponseBytes: number;
  private lastToken?: string;
  /** "action shape" pairs of unexpected POST answers already logged. */
  private readonly shapesSeen = new Set<string>();

  constructor(private readonly options: OkClientOptions) {
    this.baseUrl = validateBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.network = options.network ?? GLOBAL_NETWORK;
    // Resolving the proxy of the base URL now reports a bad proxy setting before any request.
    this.network.proxyFor?.(new URL(this.baseUrl));
    this.connection = this.network.describe(new URL(this.baseUrl));
    const sink = options.log;
    this.log = sink ? (level, message) => sink(level, this.clean(redact(message, this.lastToken))) : () => undefined;
    this.userAgent = options.userAgent ?? 'ok-chat';
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** Masks the credentials of any proxy the transport knows of. */
  private clean(text: string, url: URL = new URL(this.baseUrl)): string {
    return redactProxyCredentials(text, this.network.proxyFor?.(url));
  }

  private async token(): Promise<string> {
    const value = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    if (!value) {
      throw new OkApiError({ kind: 'auth', delivery: 'not-sent', detail: 'no access token is set' });
    }
    this.lastToken = value;
    return value;
  }

  /** Performs one request, retrying only when that cannot create a duplicate. */
  async call<T>(req: ApiRequest<T>, options: CallOptions = {}): Promise<T> {
    const token = await this.token();
    let url: URL;
    if (req.url) {
      // Outside the API (an upload server): the token is not sent there.
      url = new URL(req.url);
    } else {
      url = new URL(this.baseUrl + req.path);
      for (const [k, v] of Object.entries(req.query)) url.searchParams.set(k, v);
      url.searchParams.set('access_token', token);
    }
    const body = req.rawBody ? req.rawBody.data : req.body === undefined ? undefined : JSON.stringify(req.body);

    for (let attempt = 0; ; attempt++) {
      // process.hrtime, not the global `performance`: that one loads node:perf_hooks (~4 ms of CLI start-up).
      const started = process.hrtime.bigint();
      try {
        const result = await this.once(req, url, body, token, options.signal);
        this.log('debug', `${req.method} ${req.path} (${req.action}) ok in ${elapsedMs(started)} ms`);
        return result;
      } catch (e) {
        if (isInputError(e)) throw e; // a bad proxy setting, say: nothing was sent
        const error = e instanceof OkApiError ? this.withBaseUrlHint(e, req) : this.toError(e, req, token, options.signal);
        const delay = this.retryDelay(error, req, attempt);
        this.log(delay === undefined ? 'warn' : 'info', `${req.method} ${req.path} failed after ${elapsedMs(started)} ms: ${error.message}${delay === undefined ? '' : `; retrying in ${delay} ms`}`);
        if (delay === undefined) throw error;
        try {
          const wait: RetryWait = { ms: delay, rateLimited: error.kind === 'rate-limit', attempt: attempt + 1 };
          if (options.onRetryWait) options.onRetryWait(wait);
          else this.options.onRetryWait?.(wait, options.signal);
        } catch {
          /* a broken listener must not break the request */
        }
        try {
          await sleep(delay, undefined, { signal: options.signal });
        } catch {
          throw new OkApiError({ kind: 'cancelled', delivery: error.delivery, action: req.action });
        }
      }
    }
  }

  private async once<T>(req: ApiRequest<T>, url: URL, body: string | Uint8Array | undefined, token: string, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    if (req.rawBody) headers['content-type'] = req.rawBody.contentType;
    else if (body !== undefined) headers['content-type'] = 'application/json;charset=utf-8';
    const bodyBytes = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const deadlineMs = this.timeouts.totalMs + Math.ceil(bodyBytes / 65_536) * 1000;
    const attempt = new AbortController();
    const stopWith = (reason: OwnTimeout) => () => attempt.abort(reason);
    const timer = setTimeout(stopWith(new DeadlinePassed(`no complete answer within ${deadlineMs} ms`)), deadlineMs);
    // The headers phase counts from the start: a transport's own connect timeout (if any) is shorter.
    let phase: NodeJS.Timeout | undefined = setTimeout(stopWith(new PhaseTimeout(`no answer within ${this.timeouts.headersMs} ms`)), this.timeouts.headersMs + Math.ceil(bodyBytes / 65_536) * 1000);
    const onAbort = (): void => attempt.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let res: TransportResponse;
      try {
        res = await this.fetch(url.href, { method: req.method, headers, body, signal: attempt.signal });
      } catch (e) {
        throw this.ownTimeoutError(attempt.signal, req) ?? e;
      }
      clearTimeout(phase);
      const restartBodyTimer = (): void => {
        clearTimeout(phase);
        phase = setTimeout(stopWith(new PhaseTimeout(`the answer stalled for ${this.timeouts.bodyMs} ms`)), this.timeouts.bodyMs);
      };
      let text: string;
      try {
        text = await this.readLimited(res, attempt, restartBodyTimer);
      } catch (e) {
        if (e instanceof AnswerTooLarge) {
          throw new OkApiError({ kind: 'bad-response', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: res.status, action: req.action, detail: e.message });
        }
        throw this.ownTimeoutError(attempt.signal, req) ?? this.toError(e, req, token, signal, 'unknown');
      }
      return this.parse(req, res.status, res.headers, text, token);
    } finally {
      clearTimeout(timer);
      clearTimeout(phase);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The error for an attempt stopped by the client's own deadline or phase timeout (not by the caller), else undefined. */
  private ownTimeoutError(attempt: AbortSignal, req: ApiRequest<unknown>): OkApiError | undefined {
    const reason: unknown = attempt.reason;
    if (!(reason instanceof DeadlinePassed || reason instanceof PhaseTimeout)) return undefined;
    return new OkApiError({ kind: 'timeout', delivery: req.method === 'GET' ? 'rejected' : 'unknown', action: req.action, detail: reason.message });
  }

  /**
   * Reads the answer as text, chunk by chunk, stopping (and closing the connection) past
   * `maxResponseBytes`. `progress` is told of every chunk (it restarts the pause timer).
   */
  private async readLimited(res: TransportResponse, attempt: AbortController, progress: () => void): Promise<string> {
    const max = this.maxResponseBytes;
    const tooLarge = (size: string): AnswerTooLarge => new AnswerTooLarge(`the answer is larger than ${max} bytes (${size}); stopped reading`);
    const declared = Number(header(res.headers, 'content-length'));
    const chunks: Uint8Array[] = [];
    let size = 0;
    const body = res.body;
    const stop = (error: AnswerTooLarge): AnswerTooLarge => {
      attempt.abort(error);
      return error;
    };
    if (Number.isFinite(declared) && declared > max) {
      if (body && 'cancel' in body) body.cancel().catch(() => undefined);
      throw stop(tooLarge(`${declared} bytes announced`));
    }
    progress();
    if (body && 'getReader' in body) {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > max) {
          reader.cancel().catch(() => undefined);
          throw stop(tooLarge(`over ${max} bytes received`));
        }
        chunks.push(value);
        progress();
      }
    } else if (body) {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > max) throw stop(tooLarge(`over ${max} bytes received`)); // leaving the loop closes the stream
        chunks.push(chunk);
        progress();
      }
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks, size));
  }

  private parse<T>(req: ApiRequest<T>, status: number, headers: Headers, text: string, token: string): T {
    const unknownOrRejected = (kind: OkErrorKind): Delivery => (req.method === 'GET' ? 'rejected' : kind === 'temporary' || kind === 'unknown' ? 'unknown' : 'rejected');
    let json: unknown;
    let malformed = false;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      malformed = true;
    }
    const errorBody = OkErrorBodySchema.safeParse(json);
    const headerCode = Number(header(headers, 'invocation-error'));
    const code = errorBody.success ? errorBody.data.error_code : Number.isFinite(headerCode) && headerCode > 0 ? headerCode : undefined;
    const ok = status >= 200 && status < 300;
    if (code !== undefined || !ok) {
      let kind: OkErrorKind = code !== undefined ? kindForOkCode(code) : kindForHttpStatus(status);
      if (kind === 'unknown' && status >= 500) kind = 'temporary';
      throw new OkApiError({
        kind,
        delivery: unknownOrRejected(kind),
        code,
        okMessage: errorBody.success && errorBody.data.error_msg ? redact(errorBody.data.error_msg, token) : undefined,
        httpStatus: ok ? undefined : status,
        action: req.action,
        retryAfterMs: retryAfterMs(headers),
        detail: code === undefined && malformed ? redact(text.slice(0, 200), token) : undefined,
      });
    }
    if (req.accept) return this.accepted(req, json, malformed);
    if (malformed || json === undefined) {
      throw new OkApiError({ kind: 'bad-response', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: status, action: req.action, detail: `not JSON: ${redact(text.slice(0, 120), token)}` });
    }
    const parsed = req.responseSchema.safeParse(json);
    if (!parsed.success) {
      const explained = req.explainInvalid?.(json);
      if (explained) throw new OkApiError({ kind: explained, delivery: 'rejected', action: req.action, detail: describeIssues(parsed.error) });
      const field = missingField(parsed.error, json);
      throw new OkApiError({ kind: 'bad-response', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: status, action: req.action, field, detail: describeIssues(parsed.error) });
    }
    return parsed.data;
  }

  /**
   * OK did not know the method (error 3 METHOD, or a 404 without an OK error) or answered
   * something that is not the API, while the base URL does not end with /graph: say that the
   * base URL probably lacks it (`http://127.0.0.1:8787` for `http://127.0.0.1:8787/graph`).
   */
  private withBaseUrlHint(error: OkApiError, req: ApiRequest<unknown>): OkApiError {
    if (req.url) return error; // an upload server, not the API
    const unknownMethod = error.code === 3 || (error.code === undefined && (error.httpStatus === 404 || error.httpStatus === 405 || error.kind === 'bad-response'));
    if (!unknownMethod || /\/graph$/.test(new URL(this.baseUrl).pathname)) return error;
    const hint: BaseUrlHint = { baseUrl: this.baseUrl, suggested: `${this.baseUrl}/graph` };
    return error.withBaseUrlHint(hint);
  }

  /**
   * A POST that came back 2xx without an error was accepted by OK, whatever the body holds
   * (see "Success" in the API notes): read what is there, never fail, never retry. Only an
   * explicit `"success": false` is a refusal. An answer in a shape we did not expect is logged
   * once per action and shape, at debug level.
   */
  private accepted<T>(req: ApiRequest<T>, json: unknown, malformed: boolean): T {
    const body = malformed ? undefined : json;
    if (malformed || json === undefined || !req.responseSchema.safeParse(json).success) {
      const shape = malformed ? 'a body that is not JSON' : describeShape(json);
      const key = `${req.action} ${shape}`;
      if (!this.shapesSeen.has(key)) {
        this.shapesSeen.add(key);
        this.log('debug', `${req.action}: OK accepted the request and answered in a shape OK Chat did not expect: ${shape}. Treated as success (logged once per shape).`);
      }
    }
    if (typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false) {
      throw new OkApiError({ kind: 'refused', delivery: 'rejected', action: req.action, detail: 'OK answered "success": false' });
    }
    return req.accept ? req.accept(body) : (body as T);
  }

  private toError(e: unknown, req: ApiRequest<unknown>, token: string, signal?: AbortSignal, delivery?: Delivery): OkApiError {
    const codes = errorCodes(e);
    const target = req.url ? new URL(req.url) : new URL(this.baseUrl);
    const proxy = this.network.proxyFor?.(target);
    const detail = this.clean(redact(errorText(e), token), target);
    let connection = connectionProblem(e, { proxy, target, settings: this.network.settings });
    if (signal?.aborted || (!connection?.proxyFailure && (codes.includes('UND_ERR_ABORTED') || (e instanceof Error && e.name === 'AbortError')))) {
      return new OkApiError({ kind: 'cancelled', delivery: req.method === 'GET' ? 'rejected' : 'unknown', action: req.action });
    }
    if (!connection?.proxyFailure && !connection?.certificate && this.baseUrl.startsWith('https:') && speaksPlainHttp(e)) {
      connection = { ...connection, ...notTlsProblem(this.baseUrl) };
    }
    if (connection?.proxyFailure) {
      // Nothing reached OK: the tunnel through the proxy was never opened.
      return new OkApiError({ kind: 'network', delivery: 'not-sent', action: req.action, detail: `${codes[0] ?? 'error'}: ${detail}`, connection });
    }
    const notSent = codes.some((c) => NOT_SENT_CODES.has(c) || TLS_CODES.test(c));
    const resolved: Delivery = delivery ?? (notSent ? 'not-sent' : req.method === 'GET' ? 'rejected' : 'unknown');
    let kind: OkErrorKind = 'network';
    if (codes.some((c) => c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT' || c === 'ETIMEDOUT')) kind = 'timeout';
    return new OkApiError({ kind, delivery: resolved, action: req.action, detail: `${codes[0] ?? 'error'}: ${detail}`, connection });
  }

  /** How long to wait before retrying, or undefined when the request must not be repeated. */
  private retryDelay(error: OkApiError, req: ApiRequest<unknown>, attempt: number): number | undefined {
    if (attempt >= this.retry.maxRetries || error.kind === 'cancelled') return undefined;
    if (error.connection && !worthRetrying(error.connection)) return undefined;
    const safeToRepeat =
      error.kind === 'rate-limit' || // OK refused it: nothing was applied
      (req.method === 'GET' && error.isTemporary) ||
      (error.delivery === 'not-sent' && (error.kind === 'network' || error.kind === 'timeout'));
    if (!safeToRepeat) return undefined;
    // OK's Retry-After is honoured as asked, above maxDelayMs, up to maxRetryAfterMs; a longer
    // wait is not waited for: the error says when to try again.
    if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retry.maxRetryAfterMs) return undefined;
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    const jittered = Math.round(exp / 2 + Math.random() * (exp / 2));
    const backoff = Math.min(this.retry.maxDelayMs, Math.max(jittered, error.kind === 'rate-limit' ? this.retry.rateLimitDelayMs : 0));
    return Math.max(backoff, error.retryAfterMs ?? 0);
  }

  /**
   * One message to each user, the same user once however the id was written, in batches of
   * `MAX_USERS_PER_REQUEST`. Results are per user. A failed batch stops the rest: its users are
   * `unknown` when OK may have applied it, else `notSent`, like the batches after it; `error` says why.
   */
  async sendToUsers(userIds: readonly string[], text: string, options: CallOptions = {}): Promise<DirectSendResult> {
    const batches = directBatches(userIds);
    sendToUsers(batches[0], text); // refuse an empty text before any request
    const result: DirectSendResult = { delivered: [], failed: [], unknown: [], notSent: [] };
    for (const [b, batch] of batches.entries()) {
      try {
        const res = await this.call(sendToUsers(batch, text), options);
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

  /** Lists every chat of the group, following `marker` across pages. */
  async listAllChats(options: CallOptions & { pageSize?: number } = {}): Promise<Chat[]> {
    const chats: Chat[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await this.call(listChatsPage({ count: options.pageSize, marker }), options);
      chats.push(...res.chats);
      if (!res.marker) return chats;
      if (seen.has(res.marker)) {
        throw new OkApiError({ kind: 'bad-response', delivery: 'rejected', action: 'listChats', detail: 'OK returned the same page marker twice' });
      }
      seen.add(res.marker);
      marker = res.marker;
    }
    throw new OkApiError({ kind: 'bad-response', delivery: 'rejected', action: 'listChats', detail: 'too many pages' });
  }

  /** Releases the transport's connections, when it has any of its own. */
  async close(): Promise<void> {
    await this.network.close?.();
  }
}
