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

export function defaultPort(url: URL): string {
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

/** Masks proxy credentials in a text: any `scheme://user:password@`, and the known secrets. */
export function redactProxyCredentials(text: string, proxy?: Pick<ProxyInUse, 'secrets'>): string {
  let out = redactUrlCredentials(text);
  for (const secret of proxy?.secrets ?? []) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

/** Whether a target goes direct whatever the proxy settings: loopback, unless proxying it is asked for. */
export function alwaysDirect(target: URL, proxyLoopback = false): boolean {
  return !proxyLoopback && isLoopbackTarget(target.hostname);
}
