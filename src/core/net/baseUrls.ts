import * as net from 'node:net';
import * as l10n from '@vscode/l10n';
import { InputError } from '../model/ids';
import { redact } from '../model/redact';

/** OK's Graph API: where requests go unless the user's settings (or OK_API_BASE_URL for the CLI) say otherwise. */
export const DEFAULT_BASE_URL = 'https://api.ok.ru/graph';

/** A host name without IPv6 brackets or a trailing dot, lowercased. */
export function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

export function ipFamily(host: string): 'ipv4' | 'ipv6' | undefined {
  const v = net.isIP(host);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
}

let loopback: net.BlockList | undefined;
/** Built on first use: this module is also in the extension's activation bundle. */
function loopbackRanges(): net.BlockList {
  if (!loopback) {
    loopback = new net.BlockList();
    loopback.addSubnet('127.0.0.0', 8, 'ipv4'); // for ::ffff:127.x.x.x
    loopback.addAddress('::1', 'ipv6');
  }
  return loopback;
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 and ::ffff:127.x.x.x. */
export function isLoopbackTarget(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = ipFamily(host);
  // A valid IPv4 address has no leading zeros: 127.x.x.x is all of 127.0.0.0/8.
  if (family === 'ipv4') return host.startsWith('127.');
  return family !== undefined && loopbackRanges().check(host, family);
}

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
