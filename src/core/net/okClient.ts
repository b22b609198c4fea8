import { setTimeout as sleep } from 'node:timers/promises';
import { OkApiError, type BaseUrlHint, type Delivery, type OkErrorKind } from '../model/okApiError';
import { isInputError } from '../model/ids';
import { redact } from '../model/redact';
import type { Chat } from '../model/okSchemas';
import { DEFAULT_BASE_URL, validateBaseUrl } from './baseUrls';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, DEFAULT_TIMEOUTS, retryDelay } from './clientOptions';
import type { CallOptions, DirectSendResult, LogSink, OkClientOptions, RetryPolicy, RetryWait, Timeouts } from './clientOptions';
import { connectionProblem, errorCodes, errorText, isTlsFailureCode, notTlsProblem, speaksPlainHttp } from './connectionProblems';
import { AnswerTooLarge, parseAnswer, readLimited } from './okAnswers';
import type { ApiRequest } from './okRequests';
import { tryEdit, type EditContent, type EditOutcome } from './editRequests';
export { MAX_CHAT_PAGES } from './multiCalls';
import { listChatsAcrossPages, sendToUsersInBatches } from './multiCalls';
import { redactProxyCredentials } from './proxySettings';
import type { FetchLike, NetworkInfo, TransportResponse } from './transport';

/** Set on the abort reason when the overall deadline of an attempt passed. */
class DeadlinePassed extends Error {
  override readonly name = 'DeadlinePassed';
}

/** Set on the abort reason when a phase of an attempt took too long (headers, or a pause in the body). */
class PhaseTimeout extends Error {
  override readonly name = 'PhaseTimeout';
}

/** An attempt stopped by the client itself: its overall deadline or a phase timeout. */
type OwnTimeout = DeadlinePassed | PhaseTimeout;

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);

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

  /** Logs an answer in a shape OK Chat did not expect, once per action and shape, at debug level. */
  private readonly unexpectedShape = (action: string, shape: string): void => {
    const key = `${action} ${shape}`;
    if (this.shapesSeen.has(key)) return;
    this.shapesSeen.add(key);
    this.log('debug', `${action}: OK accepted the request and answered in a shape OK Chat did not expect: ${shape}. Treated as success (logged once per shape).`);
  };

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
        const delay = retryDelay(error, req, attempt, this.retry);
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
          // cancelled while waiting: no later attempt was made, and the one before failed without effect
          const rateLimited = error.kind === 'rate-limit';
          this.log('info', `${req.action}: the wait of ${delay} ms ${rateLimited ? 'OK asked for' : 'before the next attempt'} was cancelled; not sent`);
          throw new OkApiError({ kind: 'cancelled', delivery: error.delivery, action: req.action, cancelledWait: { ms: delay, rateLimited, failure: error } });
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
        res = await this.fetch(url.href, { method: req.method, headers, body, signal: attempt.signal, redirect: 'manual' });
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
        text = await readLimited(res, this.maxResponseBytes, attempt, restartBodyTimer);
      } catch (e) {
        if (e instanceof AnswerTooLarge) {
          throw new OkApiError({ kind: 'bad-response', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: res.status, action: req.action, detail: e.message });
        }
        throw this.ownTimeoutError(attempt.signal, req) ?? this.toError(e, req, token, signal, 'unknown');
      }
      return parseAnswer(req, res.status, res.headers, text, token, this.unexpectedShape, url);
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
   * OK did not know the method (error 3 METHOD, or a 404 without an OK error) or answered
   * something that is not the API, while the base URL does not end with /graph: say that the
   * base URL probably lacks it (`http://127.0.0.1:8787` for `http://127.0.0.1:8787/graph`).
   */
  private withBaseUrlHint(error: OkApiError, req: ApiRequest<unknown>): OkApiError {
    if (req.url) return error; // an upload server, not the API
    const unknownMethod = error.code === 3 || (error.code === undefined && (error.httpStatus === 404 || error.httpStatus === 405 || error.kind === 'bad-response' || (error.kind === 'not-ok' && req.method === 'GET')));
    if (!unknownMethod || /\/graph$/.test(new URL(this.baseUrl).pathname)) return error;
    const hint: BaseUrlHint = { baseUrl: this.baseUrl, suggested: `${this.baseUrl}/graph` };
    return error.withBaseUrlHint(hint);
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
    const notSent = codes.some((c) => NOT_SENT_CODES.has(c) || isTlsFailureCode(c));
    const resolved: Delivery = delivery ?? (notSent ? 'not-sent' : req.method === 'GET' ? 'rejected' : 'unknown');
    let kind: OkErrorKind = 'network';
    if (codes.some((c) => c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT' || c === 'ETIMEDOUT')) kind = 'timeout';
    return new OkApiError({ kind, delivery: resolved, action: req.action, detail: `${codes[0] ?? 'error'}: ${detail}`, connection });
  }

  /** One message to each user, in batches; results per user (see {@link sendToUsersInBatches}). */
  sendToUsers(userIds: readonly string[], text: string, options: CallOptions = {}): Promise<DirectSendResult> {
    return sendToUsersInBatches(this, userIds, text, options);
  }

  /**
   * Replaces a message's text and buttons (graph.message.edit, the id as OK gave it). OK's
   * refusal is the outcome `{ edited: false, refusal }`, not thrown; other failures are thrown
   * as a send's are (see {@link tryEdit}).
   */
  editMessage(messageId: string, content: EditContent, options: CallOptions = {}): Promise<EditOutcome> {
    return tryEdit((request) => this.call(request, options), messageId, content);
  }

  /** Every chat of the group, following `marker` across pages (see {@link listChatsAcrossPages}). */
  listAllChats(options: CallOptions & { pageSize?: number } = {}): Promise<Chat[]> {
    return listChatsAcrossPages(this, this.log, options);
  }

  /** Releases the transport's connections, when it has any of its own. */
  async close(): Promise<void> {
    await this.network.close?.();
  }
}
