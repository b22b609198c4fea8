/**
 * Proxies, as far as the core itself has to know about them: reading HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY for the CLI (undici's EnvHttpProxyAgent does the proxying, see `nodeTransport.ts`),
 * the NO_PROXY entries undici does not understand (IP ranges, IPv6 addresses), never showing
 * proxy credentials, and telling proxy failures apart from OK's, from the errors of undici and
 * of VS Code's network stack (whose `fetch` resolves proxies itself).
 *
 * Rules for the environment (see `envProxy`):
 * - An https target uses `https_proxy`/`HTTPS_PROXY`, else `http_proxy`/`HTTP_PROXY` (undici's
 *   rule); an http target `http_proxy`/`HTTP_PROXY`. Lower case first; an empty value is skipped.
 * - `no_proxy`/`NO_PROXY` lists exceptions (see `matchesNoProxy`).
 * - Loopback targets (localhost, *.localhost, 127.0.0.0/8, ::1) always go direct, like VS Code and
 *   unlike curl: a proxy elsewhere cannot reach this machine's loopback anyway. `proxyLoopback: true`
 *   turns that off (tests use it to put a proxy in front of a local server).
 * - Only http:// and https:// proxies; a proxy without a scheme is taken as http:// (like curl).
 *
 * Proxy credentials (`http://user:pass@proxy:3128`) are sent as `Proxy-Authorization: Basic`, and
 * are never shown: every description and error uses `http://user:***@proxy:3128`.
 */
import * as net from 'node:net';
import type { ConnectionProblem, ProxyFailureReason } from '../model/okApiError';
import { InputError } from '../model/ids';
import * as l10n from '@vscode/l10n';
import { bareHost, ipFamily, isLoopbackTarget } from './baseUrls';

export type Env = Readonly<Record<string, string | undefined>>;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const USERINFO_IN_URL = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^/\s@]*)@/gi;

/** Replaces the password of any `scheme://user:password@` in a text by `***`. */
export function redactUrlCredentials(text: string): string {
  return String(text).replace(USERINFO_IN_URL, '$1$2:***@');
}

/** A proxy URL fit to show: `http://user:***@proxy:3128` (a user name alone is hidden too). */
export function redactProxyUrl(url: string | URL): string {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(SCHEME.test(url.trim()) ? url.trim() : `http://${url.trim()}`) : url;
  } catch {
    return redactUrlCredentials(String(url)).replace(/^([^/@]*)@/, '***@');
  }
  const userinfo = u.password ? `${u.username}:***@` : u.username ? '***@' : '';
  return `${u.protocol}//${userinfo}${u.host}`;
}

/**
 * Parses a proxy URL. `where` names the setting or variable it came from, for the error message.
 * Throws an InputError for anything but an http:// or https:// URL with a host.
 */
export function parseProxyUrl(value: string, where: string): URL {
  const raw = String(value ?? '').trim();
  let url: URL;
  try {
    url = new URL(SCHEME.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new InputError(l10n.t('The proxy "{0}" ({1}) is not a valid URL. Expected something like http://proxy.example.com:3128.', redactProxyUrl(raw), where), 'proxy');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      l10n.t('The proxy {0} ({1}) uses {2}, which OK Chat does not support. Use an http:// or https:// proxy.', redactProxyUrl(url), where, url.protocol.replace(/:$/, '')),
      'proxy',
    );
  }
  if (!url.hostname) {
    throw new InputError(l10n.t('The proxy "{0}" ({1}) is not a valid URL. Expected something like http://proxy.example.com:3128.', redactProxyUrl(raw), where), 'proxy');
  }
  return url;
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
}

/** Splits a NO_PROXY value (commas and/or white space) or the entries of `http.noProxy`. */
export function parseNoProxy(value: string | readonly string[] | undefined): string[] {
  const parts = typeof value === 'string' ? [value] : (value ?? []);
  return parts
    .flatMap((p) => String(p).split(/[\s,]+/))
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
}

/** A NO_PROXY entry that is an IP address or range (`10.1.2.3`, `10.0.0.0/8`, `::1`, `[::1]:8080`), which undici does not match. */
export function isIpNoProxyEntry(entry: string): boolean {
  const e = entry.trim().toLowerCase();
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(e);
  if (cidr) return ipFamily(bareHost(cidr[1])) !== undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
  if (bracketed) return ipFamily(bracketed[1]) !== undefined;
  if (ipFamily(e)) return true;
  const withPort = /^(.*):(\d+)$/.exec(e);
  return !!withPort && ipFamily(withPort[1]) === 'ipv4';
}

/**
 * Whether the IP entries of a NO_PROXY list match the target: addresses (`10.1.2.3`, `::1`, with
 * an optional `:port`, `[::1]:4443`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`). They match IP
 * targets only: names are not resolved. Name entries are left to undici (see `nodeTransport.ts`).
 */
export function matchesNoProxy(target: URL, entries: readonly string[]): boolean {
  const host = bareHost(target.hostname);
  const port = defaultPort(target);
  const family = ipFamily(host);
  if (!family) return false;
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry || !isIpNoProxyEntry(entry)) continue;
    const list = new net.BlockList();
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const base = bareHost(cidr[1]);
      const prefix = Number(cidr[2]);
      if (ipFamily(base) !== family || prefix > (family === 'ipv4' ? 32 : 128)) continue;
      list.addSubnet(base, prefix, family);
    } else {
      let name = entry;
      let entryPort: string | undefined;
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
      if (bracketed) [, name, entryPort] = bracketed;
      else if (ipFamily(entry) !== 'ipv6') {
        const withPort = /^(.*):(\d+)$/.exec(entry);
        if (withPort) [, name, entryPort] = withPort;
      }
      if (entryPort !== undefined && entryPort !== port) continue;
      if (ipFamily(name) !== family) continue;
      list.addAddress(name, family);
    }
    if (list.check(host, family)) return true;
  }
  return false;
}

export interface EnvProxy {
  /** The proxy URL as written (with its credentials: for the transport only, never log it). */
  url: string;
  /** The variable it came from, e.g. `HTTPS_PROXY`. */
  envName: string;
}

function envValue(env: Env, names: readonly string[]): EnvProxy | undefined {
  for (const name of names) {
    const v = env[name];
    if (v && v.trim()) return { url: v.trim(), envName: name };
  }
  return undefined;
}

/** The proxies of the environment, as undici's EnvHttpProxyAgent uses them (lower case first, empty values skipped). */
export function envProxies(env: Env): { http?: EnvProxy; https?: EnvProxy; noProxy: string[] } {
  const http = envValue(env, ['http_proxy', 'HTTP_PROXY']);
  const https = envValue(env, ['https_proxy', 'HTTPS_PROXY']) ?? http;
  return { http, https, noProxy: parseNoProxy(env.no_proxy || env.NO_PROXY) };
}

/** The proxy a request goes through. */
export interface ProxyInUse {
  display: string;
  source: 'vscode' | 'env';
  envName?: string;
  host: string;
  credentials: boolean;
  /** Strings to mask in any text (the password, the Basic header value). */
  secrets: string[];
}

/** A proxy from the environment, as the client needs it for error messages (credentials redacted). */
export function proxyInUse(proxy: EnvProxy): ProxyInUse {
  const url = parseProxyUrl(proxy.url, proxy.envName);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const credentials = !!(url.username || url.password);
  const basic = credentials ? Buffer.from(`${user}:${password}`).toString('base64') : undefined;
  const secrets = basic ? [basic, ...[password, url.password].filter((s) => s.length >= 3)] : [];
  return { display: redactProxyUrl(url), source: 'env', envName: proxy.envName, host: url.hostname, credentials, secrets };
}

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

/** The `code`s along an error's cause chain (undici wraps socket and TLS errors). */
export function errorCodes(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

const CERT_CODE = /^(CERT_|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF|DECRYPT_CERT)|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH$)/;

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
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    const message = (cur as { message?: unknown }).message;
    if ((code === 'EPROTO' || (typeof code === 'string' && code.startsWith('ERR_SSL_'))) && typeof message === 'string' && PLAIN_HTTP_TEXT.test(message)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
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
  if (codes.some((c) => CERT_CODE.test(c) || c.startsWith('ERR_SSL_')) || has('EPROTO')) return 'tls';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) return 'not-found';
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT')) return 'timeout';
  if (has('UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED')) return 'closed';
  return 'unreachable';
}

/** Masks proxy credentials in a text: any `scheme://user:password@`, and the known secrets. */
export function redactProxyCredentials(text: string, proxy?: Pick<ProxyInUse, 'secrets'>): string {
  let out = redactUrlCredentials(text);
  for (const secret of proxy?.secrets ?? []) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

function causes(e: unknown): object[] {
  const list: object[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    list.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return list;
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

/** Whether a target goes direct whatever the proxy settings: loopback, unless proxying it is asked for. */
export function alwaysDirect(target: URL, proxyLoopback = false): boolean {
  return !proxyLoopback && isLoopbackTarget(target.hostname);
}
