import * as l10n from '@vscode/l10n';
import { redact } from './redact';
import { OK_ERROR_NAMES, type OkErrorKind } from './okErrorCodes';
import { describeForeignAnswer, describeWait, type ForeignAnswer } from './answerWords';

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

function describe(init: OkApiErrorInit, okMessage: string | undefined): string {
  const { kind, code, httpStatus, delivery, field } = init;
  const said = okMessage ? ` ${l10n.t('OK said: {0}', okMessage)}` : '';
  switch (kind) {
    case 'auth':
      if (code === undefined && httpStatus === undefined && delivery === 'not-sent') {
        return l10n.t('No access token is set. Set the group access token first.');
      }
      return l10n.t('OK rejected the access token: it is wrong, expired or was regenerated. Set a new group token.');
    case 'rate-limit':
      return init.retryAfterMs !== undefined && init.retryAfterMs > 0
        ? l10n.t('OK is limiting how fast messages can be sent and asks to wait {0}. Try again after that.', describeWait(init.retryAfterMs))
        : l10n.t('OK is limiting how fast messages can be sent. Wait a minute and try again.');
    case 'redirect':
      return l10n.t(
        "OK's address answered with a redirect to {0} (HTTP {1}). OK's API does not redirect, so it was not followed and nothing went to {0}. A proxy or a captive portal may be in the way: check the network and the API address.",
        init.redirectHost ?? '?',
        httpStatus ?? '3xx',
      );
    case 'not-ok':
      return delivery === 'unknown'
        ? l10n.t('The answer was not from OK ({0}).', describeForeignAnswer(init.answer))
        : l10n.t('Could not reach OK: the answer was not from OK ({0}). Check the network connection, then retry.', describeForeignAnswer(init.answer));
    case 'temporary':
      return code !== undefined || httpStatus !== undefined
        ? l10n.t('OK is temporarily unavailable (error {0}). Try again in a moment.', code ?? httpStatus ?? '?')
        : l10n.t('OK is temporarily unavailable. Try again in a moment.');
    case 'not-found':
      return l10n.t('OK does not know this chat, or the group is no longer in it. Check the chat id or remove it from the list.') + said;
    case 'permission':
      return code === 1102
        ? l10n.t('The user cannot receive messages from the group: they must allow messages from the group first.')
        : l10n.t('OK does not allow the group to do this (error {0}).', code ?? httpStatus ?? '?') + said;
    case 'param':
      return l10n.t('OK refused the request (error {0}).', code ?? httpStatus ?? '?') + said;
    case 'network':
      return l10n.t('Could not reach OK. Check the network connection or proxy settings, then retry.');
    case 'timeout':
      return l10n.t('OK did not answer in time. Check the network connection, then retry.');
    case 'cancelled':
      return l10n.t('Cancelled.');
    case 'bad-response':
      return field
        ? l10n.t('OK answered without "{0}", which OK Chat needs here. Try again; if it keeps happening, open OK Chat: Show Log and report what OK answered.', field)
        : l10n.t('OK answered with something unexpected. Try again; if it keeps happening, report it with the log.');
    case 'refused':
      return l10n.t('OK did not apply this: it answered "success": false without saying why. The group may not be allowed to do this in this chat, or the chat has changed. Check the chat on ok.ru.');
    case 'user-token':
      return l10n.t('This is a user token; OK Chat needs a group\'s token: group Settings → Messages → API.');
    default:
      return code !== undefined ? l10n.t('OK returned error {0}.', code) + said : l10n.t('Something went wrong talking to OK.') + said;
  }
}

function describeBaseUrlHint(hint: BaseUrlHint, okMessage: string | undefined): string {
  const said = okMessage ? ` ${l10n.t('OK said: {0}', okMessage)}` : '';
  return l10n.t('OK did not recognise the request: the API base URL {0} does not end with /graph, so it is probably incomplete. Try {1}.', hint.baseUrl, hint.suggested) + said;
}

function proxyReason(c: ConnectionProblem): string {
  const vscode = c.proxySource === 'vscode';
  switch (c.proxyFailure) {
    case 'not-found':
      return l10n.t('the proxy could not be reached: its host name was not found');
    case 'timeout':
      return l10n.t('the proxy did not answer in time');
    case 'auth':
      if (vscode) {
        return l10n.t('the proxy requires authentication (407) and VS Code could not sign in to it: put the user name and password in the http.proxy setting, like http://user:password@proxy:port, or sign in when VS Code asks');
      }
      return c.proxyCredentialsSent
        ? l10n.t('the proxy requires authentication (407) and did not accept the user name and password in the proxy URL')
        : l10n.t('the proxy requires authentication (407): put the user name and password in the proxy URL, like http://user:password@proxy:port');
    case 'refused':
      return l10n.t('the proxy refused the connection (HTTP {0})', c.proxyStatus ?? '?');
    case 'closed':
      return l10n.t('the proxy closed the connection without answering');
    case 'tls':
      return l10n.t('the TLS connection to the proxy failed; if it is a plain http proxy, its URL must start with http://');
    default:
      return l10n.t('the proxy could not be reached');
  }
}

function describeConnection(kind: OkErrorKind, c: ConnectionProblem): string | undefined {
  if (kind !== 'network' && kind !== 'timeout') return undefined;
  const vscode = c.proxySource === 'vscode';
  const check = vscode
    ? l10n.t("Check VS Code's proxy settings (http.proxy, http.proxySupport) and the system's proxy configuration.")
    : c.proxyEnvName
      ? l10n.t('Check the {0} environment variable.', c.proxyEnvName)
      : l10n.t('Check the proxy settings.');
  if (c.certificate) {
    if (vscode) {
      return l10n.t(
        "The TLS certificate of {0} was rejected ({1}). Behind a corporate proxy or HTTPS inspection, your organisation's root CA must be trusted: VS Code trusts the certificates of the operating system's store (http.systemCertificates), so add the CA there, or start VS Code with the NODE_EXTRA_CA_CERTS environment variable set to the CA's PEM file.",
        c.host ?? '?',
        c.certificate,
      );
    }
    return l10n.t(
      'The TLS certificate of {0} was rejected ({1}). Behind a corporate proxy or HTTPS inspection, your organisation\'s root CA must be trusted: set the NODE_EXTRA_CA_CERTS environment variable to the CA\'s PEM file and restart.',
      c.host ?? '?',
      c.certificate,
    );
  }
  if (c.notTls) {
    return c.plainHttpUrl
      ? l10n.t('The server at {0} does not speak TLS (https). If it is a plain http server on this machine, use {1}.', c.host ?? '?', c.plainHttpUrl)
      : l10n.t('The server at {0} does not speak TLS (https). Check the host and port of the API base URL (plain http is allowed only for this machine).', c.host ?? '?');
  }
  if (c.proxyFailure) {
    return c.proxy
      ? `${l10n.t('Could not connect through the proxy {0} ({1}).', c.proxy, proxyReason(c))} ${check}`
      : `${l10n.t('Could not connect through the proxy ({0}).', proxyReason(c))} ${check}`;
  }
  if (c.proxy && kind === 'network') {
    return `${l10n.t('Could not reach OK through the proxy {0}.', c.proxy)} ${check}`;
  }
  if (vscode && kind === 'network') {
    return l10n.t("Could not reach OK. Check the network connection; behind a proxy, check VS Code's proxy settings (http.proxy, http.proxySupport) and the system's proxy configuration. Then retry.");
  }
  return undefined;
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
