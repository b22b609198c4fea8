/** What an OkClient is given: its token and transport, its timeouts and its retry policy; and what it tells back. */
import type { ConnectionProblem, OkApiError } from '../model/okApiError';
import type { ApiRequest } from './okRequests';
import type { FetchLike, NetworkInfo } from './transport';

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

/** A rejected certificate, wrong proxy credentials or a proxy policy will not change on a retry. */
export function worthRetrying(c: ConnectionProblem): boolean {
  if (c.certificate || c.notTls) return false;
  if (c.proxyFailure === 'auth' || c.proxyFailure === 'tls') return false;
  if (c.proxyFailure === 'refused') return (c.proxyStatus ?? 0) >= 500;
  return true;
}

/** How long to wait before retrying, or undefined when the request must not be repeated. */
export function retryDelay(error: OkApiError, req: Pick<ApiRequest<unknown>, 'method'>, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxRetries || error.kind === 'cancelled') return undefined;
  if (error.connection && !worthRetrying(error.connection)) return undefined;
  const safeToRepeat =
    error.kind === 'rate-limit' || // OK refused it: nothing was applied
    (req.method === 'GET' && error.isTemporary) ||
    (error.delivery === 'not-sent' && (error.kind === 'network' || error.kind === 'timeout'));
  if (!safeToRepeat) return undefined;
  // OK's Retry-After is honoured as asked, above maxDelayMs, up to maxRetryAfterMs; a longer
  // wait is not waited for: the error says when to try again.
  if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = Math.round(exp / 2 + Math.random() * (exp / 2));
  const backoff = Math.min(policy.maxDelayMs, Math.max(jittered, error.kind === 'rate-limit' ? policy.rateLimitDelayMs : 0));
  return Math.max(backoff, error.retryAfterMs ?? 0);
}
