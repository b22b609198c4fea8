/**
 * Telling failed connections apart, from the errors of undici and of VS Code's network stack:
 * the proxy (could not be reached, refused CONNECT, wants credentials), a rejected certificate,
 * a server that speaks plain http where https was expected — or just "the network". What is
 * found goes into an OkApiError's `connection`, and decides whether a retry can help.
 */
import * as net from 'node:net';
import type { ConnectionProblem, ProxyFailureReason } from '../model/okApiError';
import { bareHost, isLoopbackTarget } from './baseUrls';
import { defaultPort, type ProxyInUse } from './proxySettings';

/** Thrown by the connection to the proxy (never by OK): the proxy could not be used. */
export class ProxyConnectError extends Error {
  override readonly name = 'ProxyConnectError';
  readonly code = 'ERR_OKCHAT_PROXY';
  constructor(
    readonly reason: ProxyFailureReason,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(status === undefined ? `proxy connection failed: ${reason}` : `proxy answered ${status} to CONNECT`, options);
  }
}

/** An error and its causes, outermost first (undici wraps socket and TLS errors); at most six links. */
export function causeChain(e: unknown): unknown[] {
  const chain: unknown[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur; i++) {
    chain.push(cur);
    cur = typeof cur === 'object' ? (cur as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

function causes(e: unknown): object[] {
  return causeChain(e).filter((c): c is object => typeof c === 'object');
}

/** The `code`s along an error's cause chain. */
export function errorCodes(e: unknown): string[] {
  return causes(e).flatMap((c) => {
    const code = (c as { code?: unknown }).code;
    return typeof code === 'string' ? [code] : [];
  });
}

/** The messages along an error's cause chain, joined: `fetch failed: connect ECONNREFUSED 127.0.0.1:9`. */
export function errorText(e: unknown): string {
  const parts: string[] = [];
  for (const link of causeChain(e).slice(0, 5)) {
    if (link instanceof Error) {
      parts.push(link.message);
    } else {
      parts.push(typeof link === 'string' ? link : JSON.stringify(link));
      break;
    }
  }
  return parts.filter(Boolean).join(': ');
}

const CERT_CODE = /^(CERT_|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF|DECRYPT_CERT)|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH$)/;

/** Whether a code is a failed TLS handshake (a certificate, or the TLS layer itself): nothing was sent. */
export function isTlsFailureCode(code: string): boolean {
  return CERT_CODE.test(code) || /^(UNABLE_TO_|ERR_TLS_|ERR_SSL_)/.test(code);
}

/** The TLS certificate error code in an error's cause chain, if any. */
export function certificateErrorCode(e: unknown): string | undefined {
  return errorCodes(e).find((c) => CERT_CODE.test(c));
}

/** TLS errors that mean the other end answered in plain text (an http server), not with a TLS record. */
const PLAIN_HTTP_CODE = /^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL)$/;
const PLAIN_HTTP_TEXT = /wrong version number|packet length too long|WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/;

/** Whether a failed TLS handshake met a server that speaks plain http (OpenSSL and BoringSSL say it in these words). */
export function speaksPlainHttp(e: unknown): boolean {
  if (errorCodes(e).some((c) => PLAIN_HTTP_CODE.test(c))) return true;
  return causes(e).some((c) => {
    const { code, message } = c as { code?: unknown; message?: unknown };
    return (code === 'EPROTO' || (typeof code === 'string' && code.startsWith('ERR_SSL_'))) && typeof message === 'string' && PLAIN_HTTP_TEXT.test(message);
  });
}

/**
 * The connection problem for an https:// base URL whose server does not speak TLS; on this
 * machine (where plain http is allowed) it names the http:// URL that would work.
 */
export function notTlsProblem(baseUrl: string): ConnectionProblem {
  const url = new URL(baseUrl);
  const problem: ConnectionProblem = { notTls: true, host: url.host };
  if (isLoopbackTarget(url.hostname)) {
    const port = url.port || '443'; // the port that answered, also when https left it implicit
    url.protocol = 'http:';
    url.port = port;
    problem.plainHttpUrl = url.href.replace(/\/+$/, '');
  }
  return problem;
}

/** Why the connection to a proxy failed, from the error of that connection. */
export function proxyFailureReason(e: unknown): ProxyFailureReason {
  const codes = errorCodes(e);
  const has = (...names: string[]) => codes.some((c) => names.includes(c));
  if (codes.some((c) => isTlsFailureCode(c)) || has('EPROTO')) return 'tls';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) return 'not-found';
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT')) return 'timeout';
  if (has('UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED')) return 'closed';
  return 'unreachable';
}

/**
 * The proxy's answer to CONNECT when it was not 200, from undici's errors (also inside VS Code's
 * `fetch`): `Proxy response (407) !== 200 when HTTP Tunneling`, a `connectResponseStatusCode`
 * (VS Code's proxy agent), or `Proxy Authentication Required (407)` (an http target through a proxy).
 */
export function proxyStatusOf(e: unknown): number | undefined {
  for (const c of causes(e)) {
    const status = (c as { connectResponseStatusCode?: unknown }).connectResponseStatusCode;
    if (typeof status === 'number' && status !== 200) return status;
    const message = (c as { message?: unknown }).message;
    const m = typeof message === 'string' ? /Proxy response \((\d{3})\)|Proxy Authentication Required \((407)\)/.exec(message) : null;
    if (m) return Number(m[1] ?? m[2]);
  }
  return undefined;
}

/** `host:port` of a connection that failed (Node's `address`/`port` or `hostname` on the error), if the error says. */
function failedEndpoint(e: unknown): { host: string; port?: number; code: string } | undefined {
  for (const c of causes(e)) {
    const { code, address, port, hostname } = c as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
    if (typeof code !== 'string') continue;
    const host = typeof address === 'string' ? address : typeof hostname === 'string' ? hostname : undefined;
    if (host) return { host, port: typeof port === 'number' ? port : undefined, code };
  }
  return undefined;
}

/**
 * What a connection failure was about, for OkApiError: the proxy (when the failure came from
 * connecting to it), a rejected certificate, or just "through this proxy". Undefined when there is
 * nothing more to say than "network".
 *
 * `proxy` is the proxy the transport chose, when it knows (the CLI). VS Code's `fetch` picks the
 * proxy itself (`settings: 'vscode'`): a refused CONNECT is recognised from undici's error, and a
 * connection refused or a name not found elsewhere than at OK's host is the proxy's.
 */
export function connectionProblem(e: unknown, ctx: { proxy?: ProxyInUse; target: URL; settings?: 'vscode' | 'env' }): ConnectionProblem | undefined {
  const { proxy } = ctx;
  const base: ConnectionProblem = proxy ? { proxy: proxy.display, proxySource: proxy.source } : ctx.settings === 'vscode' ? { proxySource: 'vscode' } : {};
  if (proxy?.envName) base.proxyEnvName = proxy.envName;
  const proxyError = causes(e).find((c): c is ProxyConnectError => c instanceof ProxyConnectError || (c as { code?: unknown }).code === 'ERR_OKCHAT_PROXY');
  const certificate = certificateErrorCode(e);
  const targetHost = ctx.target.host;
  if (proxyError && proxy) {
    if (certificate) return { ...base, certificate, host: proxy.host };
    const problem: ConnectionProblem = { ...base, proxyFailure: proxyError.reason, proxyCredentialsSent: proxy.credentials };
    if (proxyError.status !== undefined) problem.proxyStatus = proxyError.status;
    return problem;
  }
  const status = proxyStatusOf(e);
  if (status !== undefined) {
    const problem: ConnectionProblem = { ...base, proxyFailure: status === 407 ? 'auth' : 'refused', proxyStatus: status };
    if (proxy) problem.proxyCredentialsSent = proxy.credentials;
    return problem;
  }
  if (certificate) return { ...base, certificate, host: targetHost };
  if (ctx.settings === 'vscode' && !proxy) {
    // Not OK's own host and port: the connection VS Code opened to a proxy failed.
    const end = failedEndpoint(e);
    const targetPort = Number(defaultPort(ctx.target));
    const targetName = bareHost(ctx.target.hostname);
    if (end && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(end.code)) {
      const other = bareHost(end.host) !== targetName && (end.port === undefined ? end.code === 'ENOTFOUND' || end.code === 'EAI_AGAIN' : end.port !== targetPort);
      if (other) {
        const display = end.port === undefined ? end.host : `${net.isIPv6(end.host) ? `[${end.host}]` : end.host}:${end.port}`;
        return { ...base, proxy: display, proxyFailure: proxyFailureReason(e) };
      }
    }
  }
  return proxy || ctx.settings === 'vscode' ? base : undefined;
}
