import { redact } from './redact';
import { OK_ERROR_NAMES, type OkErrorKind } from './okErrorCodes';
import type { ForeignAnswer } from './answerWords';
import { describe, describeBaseUrlHint, describeConnection } from './okErrorMessages';

export { OK_ERROR_NAMES, kindForHttpStatus, kindForOkCode, saysNotReady, type OkErrorKind } from './okErrorCodes';
export { describeForeignAnswer, describeWait, type ForeignAnswer } from './answerWords';

/**
 * Whether a failed request may have changed something on OK.
 * - `not-sent`: the request never left (connection refused, DNS, connect timeout, validation).
 * - `rejected`: OK answered with an error: nothing was applied.
 * - `unknown`: the request may have reached OK (reset or timeout after sending, 5xx).
 */
export type Delivery = 'not-sent' | 'rejected' | 'unknown';

/** Why the connection to (or through) a proxy failed. */
export type ProxyFailureReason =
  | 'unreachable' // connection refused, no route
  | 'not-found' // the proxy's host name does not resolve
  | 'timeout'
  | 'auth' // 407 to CONNECT
  | 'refused' // another non-200 answer to CONNECT (the status is in `proxyStatus`)
  | 'closed' // the proxy hung up before answering
  | 'tls'; // a TLS connection to an https:// proxy failed (not a certificate problem)

/**
 * What went wrong on the way to OK when it is more specific than "network": the proxy, or a
 * TLS certificate that was rejected. Never holds credentials: `proxy` is redacted.
 */
export interface ConnectionProblem {
  /** The proxy in use, credentials replaced by `***` (with VS Code's network stack: known only when connecting to it failed). */
  proxy?: string;
  /** Whose settings chose the proxy: VS Code's (`http.proxy`, the system's proxy, PAC), or an environment variable. */
  proxySource?: 'vscode' | 'env';
  /** The environment variable the proxy came from, e.g. `HTTPS_PROXY`. */
  proxyEnvName?: string;
  /** Set when the proxy itself could not be used; OK was not contacted. */
  proxyFailure?: ProxyFailureReason;
  /** The proxy's answer to CONNECT, for `auth` and `refused`. */
  proxyStatus?: number;
  /** Credentials were sent to the proxy (so a 407 means they were wrong). */
  proxyCredentialsSent?: boolean;
  /** A certificate check failed: Node's code, e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`. */
  certificate?: string;
  /** The host whose certificate was rejected (OK's API host, or an https:// proxy), or that does not speak TLS. */
  host?: string;
  /** An https:// base URL reached a server that answered in plain http (no TLS). */
  notTls?: boolean;
  /** With `notTls`, for a server on this machine: the base URL with http://, which would work. */
  plainHttpUrl?: string;
}

/**
 * OK did not recognise the request and the API base URL does not end with `/graph`: the
 * base URL is probably missing it (`http://127.0.0.1:8787` instead of `…/graph`).
 */
export interface BaseUrlHint {
  /** The base URL in use. */
  baseUrl: string;
  /** The same with `/graph` added. */
  suggested: string;
}

export interface OkApiErrorInit {
  kind: OkErrorKind;
  delivery: Delivery;
  code?: number;
  okMessage?: string;
  /** OK's `error_data`, as text (see {@link okDataText}). */
  okData?: string;
  httpStatus?: number;
  action?: string;
  retryAfterMs?: number;
  detail?: string;
  connection?: ConnectionProblem;
  baseUrlHint?: BaseUrlHint;
  /** For `bad-response`: the field OK's answer lacks, e.g. `group_id`. */
  field?: string;
  /** For `not-ok`: what answered instead of OK's API. */
  answer?: ForeignAnswer;
  /** For `redirect`: the host the redirect pointed to (never the whole Location: it may carry the token). */
  redirectHost?: string;
  /** The sentence for the user, when the caller knows better than the kind (e.g. which token OK did not return). */
  summary?: string;
  /** For `cancelled`: the caller cancelled the client's wait before its next attempt (see {@link CancelledWait}). */
  cancelledWait?: CancelledWait;
}

/**
 * A call cancelled while the client waited to try again: the attempt before the wait failed in a
 * way that a retry cannot duplicate (`failure`), and no later attempt was made. `rateLimited`: OK
 * asked for the wait (its rate limit), so OK refused the request and nothing of it was applied.
 */
export interface CancelledWait {
  /** How long the wait was to be. */
  ms: number;
  rateLimited: boolean;
  /** What the attempt before the wait came to. */
  failure: OkApiError;
}

/** What each error was made from, for {@link OkApiError.withBaseUrlHint} (kept out of the error's own, enumerable fields). */
const inits = new WeakMap<OkApiError, OkApiErrorInit>();

/** The one error type the core throws for anything that went wrong talking to OK. */
export class OkApiError extends Error {
  override readonly name = 'OkApiError';
  readonly kind: OkErrorKind;
  readonly delivery: Delivery;
  readonly code?: number;
  /** OK's error name, e.g. `PARAM`, when the code is known. */
  readonly codeName?: string;
  /** OK's own `error_msg`, redacted. */
  readonly okMessage?: string;
  /** OK's `error_data` as text, redacted, when it held something (e.g. `attachment.not.ready`). */
  readonly okData?: string;
  readonly httpStatus?: number;
  readonly action?: string;
  readonly retryAfterMs?: number;
  /** Proxy or certificate details for network failures. */
  readonly connection?: ConnectionProblem;
  /** Set when the API base URL probably lacks `/graph`. */
  readonly baseUrlHint?: BaseUrlHint;
  /** For `bad-response`: the field OK's answer lacks. */
  readonly field?: string;
  /** For `not-ok`: what answered instead of OK's API. */
  readonly answer?: ForeignAnswer;
  /** For `redirect`: the host the redirect pointed to. */
  readonly redirectHost?: string;
  /** Set when the caller cancelled the client's wait between attempts: what the call came to. */
  readonly cancelledWait?: CancelledWait;
  /** A sentence for the user: what happened and what to do. */
  readonly userMessage: string;

  constructor(init: OkApiErrorInit) {
    const okMessage = init.okMessage === undefined ? undefined : redact(init.okMessage);
    const userMessage =
      init.summary ??
      (init.baseUrlHint && describeBaseUrlHint(init.baseUrlHint, okMessage)) ??
      (init.connection && describeConnection(init.kind, init.connection)) ??
      describe(init, okMessage);
    const technical = [
      init.action ? `${init.action}:` : undefined,
      init.code !== undefined ? `OK error ${init.code}${OK_ERROR_NAMES[init.code] ? ` ${OK_ERROR_NAMES[init.code]}` : ''}` : init.kind,
      okMessage ? `(${okMessage})` : undefined,
      init.okData ? `[${redact(init.okData)}]` : undefined,
      init.httpStatus !== undefined ? `[HTTP ${init.httpStatus}]` : undefined,
      init.detail ? `- ${redact(init.detail)}` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    super(technical);
    this.kind = init.kind;
    this.delivery = init.delivery;
    this.code = init.code;
    this.codeName = init.code === undefined ? undefined : OK_ERROR_NAMES[init.code];
    this.okMessage = okMessage;
    this.okData = init.okData === undefined ? undefined : redact(init.okData);
    this.httpStatus = init.httpStatus;
    this.action = init.action;
    this.retryAfterMs = init.retryAfterMs;
    this.connection = init.connection;
    this.baseUrlHint = init.baseUrlHint;
    this.field = init.field;
    this.answer = init.answer;
    this.redirectHost = init.redirectHost;
    this.cancelledWait = init.cancelledWait;
    this.userMessage = userMessage;
    inits.set(this, init);
  }

  /** The same error, its message led by the hint that the base URL probably lacks `/graph`. */
  withBaseUrlHint(hint: BaseUrlHint): OkApiError {
    const init = inits.get(this);
    return init ? new OkApiError({ ...init, baseUrlHint: hint }) : this;
  }

  get isAuth(): boolean {
    return this.kind === 'auth';
  }
  get isRateLimit(): boolean {
    return this.kind === 'rate-limit';
  }
  /** Trying the same request later may succeed. */
  get isTemporary(): boolean {
    return this.kind === 'temporary' || this.kind === 'rate-limit' || this.kind === 'network' || this.kind === 'timeout' || this.kind === 'not-ok';
  }
}

export function isOkApiError(e: unknown): e is OkApiError {
  return e instanceof OkApiError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'OkApiError');
}

/**
 * OK's `error_data` as text: a string as is, anything else but null as JSON, at most 300
 * characters; undefined when there is nothing (null, absent, empty).
 */
export function okDataText(data: unknown): string | undefined {
  if (data === undefined || data === null || data === '') return undefined;
  let text: string;
  try {
    text = typeof data === 'string' ? data : (JSON.stringify(data) ?? '');
  } catch {
    return undefined;
  }
  return text ? text.slice(0, 300) : undefined;
}
