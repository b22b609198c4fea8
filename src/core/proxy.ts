/**
 * Proxies and certificate authorities for the OK client: which proxy a request goes through
 * (VS Code's `http.proxy` / `http.noProxy`, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY), and the
 * undici dispatcher that does it, trusting extra (corporate) CAs on top of Node's own.
 *
 * Rules (see `resolveProxy`):
 * - An explicit proxy (the `http.proxy` setting) wins over the environment. Without one, an https
 *   target uses `https_proxy`/`HTTPS_PROXY`, an http target `http_proxy`/`HTTP_PROXY` (lower case
 *   first, like curl). There is no fallback from HTTPS_PROXY to HTTP_PROXY, and ALL_PROXY is not read.
 * - The bypass list is `http.noProxy` when it has entries, otherwise `no_proxy`/`NO_PROXY` (VS Code's
 *   rule); it applies to whichever proxy was chosen.
 * - Loopback targets (localhost, *.localhost, 127.0.0.0/8, ::1) always go direct, like VS Code and
 *   unlike curl: a proxy elsewhere cannot reach this machine's loopback anyway. `proxyLoopback: true`
 *   turns that off (tests use it to put a proxy in front of a local server).
 * - Only http:// and https:// proxies; a proxy without a scheme is taken as http:// (like curl).
 *
 * Proxy credentials (`http://user:pass@proxy:3128`) are sent as `Proxy-Authorization: Basic`, and
 * are never shown: every description and error uses `http://user:***@proxy:3128`.
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ConnectionProblem, ProxyFailureReason } from './errors';
import { Agent, Pool, httpConnect, newProxyAgent, type Dispatcher, type PoolOptions } from './http';
import { InputError } from './ids';
import { t } from './l10n';
import { bareHost, ipFamily, isLoopbackTarget } from './urls';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ProxyConfig {
  /** An explicit proxy URL (VS Code's `http.proxy`); wins over the environment. */
  proxy?: string;
  /** Hosts that bypass the proxy (VS Code's `http.noProxy`); when empty, NO_PROXY is used. */
  noProxy?: readonly string[];
  /** The environment to read HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS from (default `process.env`). */
  env?: Env;
  /** Send loopback targets through the proxy too (off by default). */
  proxyLoopback?: boolean;
}

export type ProxySource = 'setting' | 'env' | 'none';

export interface ProxyResolution {
  /** The proxy to use (normalised, with its credentials: for the dispatcher only, never log it). */
  proxyUrl?: string;
  /** The configured proxy with credentials replaced by `***`, also when it is bypassed. */
  display?: string;
  source: ProxySource;
  /** The environment variable the proxy came from, e.g. `HTTPS_PROXY`. */
  envName?: string;
  /** A proxy is configured, but this target goes direct. */
  bypassed?: boolean;
  bypassedBy?: 'loopback' | 'noProxy' | 'NO_PROXY';
}

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
    throw new InputError(t('The proxy "{0}" ({1}) is not a valid URL. Expected something like http://proxy.example.com:3128.', redactProxyUrl(raw), where), 'proxy');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      t('The proxy {0} ({1}) uses {2}, which OK Chat does not support. Use an http:// or https:// proxy.', redactProxyUrl(url), where, url.protocol.replace(/:$/, '')),
      'proxy',
    );
  }
  if (!url.hostname) {
    throw new InputError(t('The proxy "{0}" ({1}) is not a valid URL. Expected something like http://proxy.example.com:3128.', redactProxyUrl(raw), where), 'proxy');
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

/**
 * Whether a NO_PROXY-style list matches the target:
 * `*` (everything); `example.com` and `.example.com` (the domain and its subdomains; `*.example.com`
 * too); an optional `:port` (`example.com:8443`, `[::1]:8080`); IP addresses (`10.1.2.3`, `::1`) and
 * CIDR ranges (`10.0.0.0/8`), which match IP targets only: names are not resolved.
 */
export function matchesNoProxy(target: URL, entries: readonly string[]): boolean {
  const host = bareHost(target.hostname);
  const port = defaultPort(target);
  const family = ipFamily(host);
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const base = bareHost(cidr[1]);
      const baseFamily = ipFamily(base);
      const prefix = Number(cidr[2]);
      if (family && baseFamily === family && prefix <= (family === 'ipv4' ? 32 : 128)) {
        const list = new net.BlockList();
        list.addSubnet(base, prefix, family);
        if (list.check(host, family)) return true;
      }
      continue;
    }
    let name = entry;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      name = bracketed[1];
      entryPort = bracketed[2];
    } else if (ipFamily(entry) !== 'ipv6') {
      const withPort = /^(.*):(\d+)$/.exec(entry);
      if (withPort) {
        name = withPort[1];
        entryPort = withPort[2];
      }
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    name = name.replace(/^\*\./, '.').replace(/\.$/, '');
    const nameFamily = ipFamily(name);
    if (nameFamily || family) {
      if (nameFamily && nameFamily === family) {
        const list = new net.BlockList();
        list.addAddress(name, nameFamily);
        if (list.check(host, family)) return true;
      }
      continue;
    }
    const domain = name.replace(/^\.+/, '');
    if (domain && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/** Decides whether (and through which proxy) a request to `target` goes. See the module comment. */
export function resolveProxy(target: URL, cfg: ProxyConfig = {}): ProxyResolution {
  const env = cfg.env ?? process.env;
  let raw: string | undefined;
  let source: ProxySource = 'none';
  let envName: string | undefined;
  if (cfg.proxy && cfg.proxy.trim()) {
    raw = cfg.proxy;
    source = 'setting';
  } else {
    for (const name of target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']) {
      const v = env[name];
      if (v && v.trim()) {
        raw = v;
        source = 'env';
        envName = name;
        break;
      }
    }
  }
  if (raw === undefined) return { source: 'none' };
  const base: ProxyResolution = { source, display: redactProxyUrl(raw) };
  if (envName) base.envName = envName;
  if (!cfg.proxyLoopback && isLoopbackTarget(target.hostname)) return { ...base, bypassed: true, bypassedBy: 'loopback' };
  const fromSetting = parseNoProxy(cfg.noProxy);
  const useSetting = fromSetting.length > 0;
  const noProxy = useSetting ? fromSetting : parseNoProxy(env.no_proxy || env.NO_PROXY);
  if (matchesNoProxy(target, noProxy)) return { ...base, bypassed: true, bypassedBy: useSetting ? 'noProxy' : 'NO_PROXY' };
  // Only a proxy that is actually used must be valid: a socks:// HTTPS_PROXY does not break loopback.
  const url = parseProxyUrl(raw, envName ?? 'http.proxy');
  return { ...base, proxyUrl: url.href, display: redactProxyUrl(url) };
}

export type CaInput = string | Buffer | ReadonlyArray<string | Buffer>;

/**
 * The CA list for TLS, or undefined to keep Node's default store. Node's default store is its
 * bundled roots plus NODE_EXTRA_CA_CERTS (read once at startup). Passing `ca` to TLS *replaces*
 * that store, so extra CAs are added to `tls.rootCertificates` and to the NODE_EXTRA_CA_CERTS
 * file(s) — Node's and `env`'s, if that one differs — instead of being passed alone.
 */
export function combineCa(ca: CaInput | undefined, env: Env = process.env): { ca?: Array<string | Buffer>; notes: string[] } {
  const given = ca === undefined ? [] : typeof ca === 'string' || Buffer.isBuffer(ca) ? [ca] : [...ca];
  const nodeFile = process.env.NODE_EXTRA_CA_CERTS || undefined;
  const envFile = env.NODE_EXTRA_CA_CERTS || undefined;
  const notes: string[] = [];
  if (given.length === 0 && (!envFile || envFile === nodeFile)) {
    if (nodeFile) notes.push(`NODE_EXTRA_CA_CERTS ${nodeFile} (loaded by Node)`);
    return { notes };
  }
  const list: Array<string | Buffer> = [...tls.rootCertificates];
  for (const file of new Set([nodeFile, envFile].filter((f): f is string => !!f))) {
    try {
      list.push(readFileSync(file, 'utf8'));
      notes.push(`NODE_EXTRA_CA_CERTS ${file}`);
    } catch (e) {
      notes.push(`NODE_EXTRA_CA_CERTS ${file} could not be read (${(e as { code?: string }).code ?? 'error'})`);
    }
  }
  list.push(...given);
  if (given.length) notes.push(`${given.length} extra CA certificate${given.length === 1 ? '' : 's'}`);
  return { ca: list, notes };
}

/** The proxy a dispatcher goes through, as the client needs it for error messages. */
export interface ProxyInUse {
  display: string;
  source: 'setting' | 'env';
  envName?: string;
  host: string;
  credentials: boolean;
  /** Strings to mask in any text (the password, the Basic header value). */
  secrets: string[];
}

export interface DispatcherOptions extends ProxyConfig {
  target: URL | string;
  /** Verify TLS certificates (VS Code's `http.proxyStrictSSL`); default true. Applies to OK and to an https:// proxy. */
  strictSSL?: boolean;
  /** Extra CA certificates (PEM), added to Node's default ones. */
  ca?: CaInput;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  keepAliveMaxTimeoutMs?: number;
}

export interface CreatedDispatcher {
  dispatcher: Dispatcher;
  /** One line for the log, credentials redacted: `direct`, `through proxy http://u:***@p:3128 (from HTTPS_PROXY)`… */
  description: string;
  resolution: ProxyResolution;
  proxy?: ProxyInUse;
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

function proxyFailureReason(e: unknown): ProxyFailureReason {
  const codes = errorCodes(e);
  const has = (...names: string[]) => codes.some((c) => names.includes(c));
  if (codes.some((c) => CERT_CODE.test(c) || c.startsWith('ERR_SSL_')) || has('EPROTO')) return 'tls';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) return 'not-found';
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT')) return 'timeout';
  if (has('UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED')) return 'closed';
  return 'unreachable';
}

type Connectable = Dispatcher & { connect(options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> };

/**
 * The client to the proxy. undici's ProxyAgent calls `connect` on it; without undici's index that
 * method is missing, so it is provided here, and it turns every failure of the CONNECT step into a
 * ProxyConnectError (also a non-200 answer, which undici would report as an "aborted" request).
 */
function proxyClient(origin: URL, options: object, headersTimeout: number): Dispatcher {
  const pool = new Pool(origin, { ...(options as PoolOptions), headersTimeout, bodyTimeout: headersTimeout }) as unknown as Connectable;
  pool.connect = async (opts: Dispatcher.ConnectOptions) => {
    let data: Dispatcher.ConnectData;
    try {
      data = await httpConnect(pool, opts);
    } catch (e) {
      if (errorCodes(e).includes('UND_ERR_ABORTED')) throw e;
      throw new ProxyConnectError(proxyFailureReason(e), undefined, { cause: e });
    }
    if (data.statusCode !== 200) {
      data.socket.on('error', () => undefined).destroy();
      throw new ProxyConnectError(data.statusCode === 407 ? 'auth' : 'refused', data.statusCode);
    }
    return data;
  };
  return pool;
}

/** Builds the undici dispatcher for requests to `target`: a keep-alive Agent, or a ProxyAgent. */
export function createDispatcher(opts: DispatcherOptions): CreatedDispatcher {
  const target = typeof opts.target === 'string' ? new URL(opts.target) : opts.target;
  const env = opts.env ?? process.env;
  const resolution = resolveProxy(target, { ...opts, env });
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const keepAlive = { keepAliveTimeout: opts.keepAliveTimeoutMs ?? 10_000, keepAliveMaxTimeout: opts.keepAliveMaxTimeoutMs ?? 60_000 };
  const { ca, notes } = combineCa(opts.ca, env);
  const tlsOptions: { timeout: number; ca?: Array<string | Buffer>; secureContext?: tls.SecureContext; rejectUnauthorized?: boolean } = { timeout: connectTimeoutMs };
  if (ca) {
    // Parsing a few hundred CA certificates takes ~100 ms: do it once, not on every connection.
    // `ca` stays set too, so that nothing (VS Code's TLS patch) adds to this shared context.
    tlsOptions.secureContext = tls.createSecureContext({ ca });
    tlsOptions.ca = ca;
  }
  if (opts.strictSSL === false) tlsOptions.rejectUnauthorized = false;
  const tlsNotes = [...(opts.strictSSL === false ? ['certificate checks off (http.proxyStrictSSL: false)'] : []), ...notes];
  const tail = tlsNotes.length ? `; ${tlsNotes.join('; ')}` : '';

  if (!resolution.proxyUrl) {
    const dispatcher = new Agent({ ...keepAlive, connect: tlsOptions });
    let description = 'direct';
    if (resolution.bypassed) {
      const why =
        resolution.bypassedBy === 'loopback'
          ? `${target.hostname} is a loopback address`
          : `${resolution.bypassedBy === 'noProxy' ? 'http.noProxy' : 'NO_PROXY'} matches ${target.host}`;
      description += ` (${why}; proxy ${resolution.display} from ${resolution.envName ?? 'http.proxy'} not used)`;
    }
    return { dispatcher, description: description + tail, resolution };
  }

  const proxyUrl = new URL(resolution.proxyUrl);
  const user = decodeURIComponent(proxyUrl.username);
  const password = decodeURIComponent(proxyUrl.password);
  const credentials = !!(proxyUrl.username || proxyUrl.password);
  const token = credentials ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  const secrets = credentials ? [token!.slice('Basic '.length), ...[password, proxyUrl.password].filter((s) => s.length >= 3)] : [];
  // undici gets the URL without credentials (they could show up in its errors) and the header instead.
  const uri = `${proxyUrl.protocol}//${proxyUrl.host}`;
  const dispatcher = newProxyAgent({
    uri,
    ...(token ? { token } : {}),
    ...keepAlive,
    requestTls: tlsOptions,
    proxyTls: tlsOptions,
    clientFactory: (origin: URL, options: object) => proxyClient(origin, options, connectTimeoutMs),
  });
  const source = resolution.source === 'env' ? 'env' : 'setting';
  const proxy: ProxyInUse = { display: resolution.display!, source, host: proxyUrl.hostname, credentials, secrets };
  if (resolution.envName) proxy.envName = resolution.envName;
  const description = `through proxy ${proxy.display} (from ${resolution.envName ?? 'http.proxy'})${tail}`;
  return { dispatcher, description, resolution, proxy };
}

/** Masks proxy credentials in a text: any `scheme://user:password@`, and the known secrets. */
export function redactProxyCredentials(text: string, proxy?: Pick<ProxyInUse, 'secrets'>): string {
  let out = redactUrlCredentials(text);
  for (const secret of proxy?.secrets ?? []) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * What a connection failure was about, for OkApiError: the proxy (when the failure came from
 * connecting to it), a rejected certificate, or just "through this proxy". Undefined when there is
 * nothing more to say than "network".
 */
export function connectionProblem(e: unknown, ctx: { proxy?: ProxyInUse; targetHost: string }): ConnectionProblem | undefined {
  const { proxy } = ctx;
  const base: ConnectionProblem = proxy ? { proxy: proxy.display, proxySource: proxy.source } : {};
  if (proxy?.envName) base.proxyEnvName = proxy.envName;
  let cur: unknown = e;
  let proxyError: ProxyConnectError | undefined;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    if (cur instanceof ProxyConnectError || (cur as { code?: unknown }).code === 'ERR_OKCHAT_PROXY') {
      proxyError = cur as ProxyConnectError;
      break;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  const certificate = certificateErrorCode(e);
  if (proxyError && proxy) {
    if (certificate) return { ...base, certificate, host: proxy.host };
    const problem: ConnectionProblem = { ...base, proxyFailure: proxyError.reason, proxyCredentialsSent: proxy.credentials };
    if (proxyError.status !== undefined) problem.proxyStatus = proxyError.status;
    return problem;
  }
  if (certificate) return { ...base, certificate, host: ctx.targetHost };
  return proxy ? base : undefined;
}
