/**
 * OK's own hosts: ok.ru, mycdn.me, okcdn.ru, odnoklassniki.ru and their subdomains. One list for
 * everything that trusts a host because it is OK's: images that load by themselves in the
 * conversation, and http upload URLs that may be moved to https.
 */
export const OK_DOMAINS = ['ok.ru', 'mycdn.me', 'okcdn.ru', 'odnoklassniki.ru'] as const;

/** True for one of {@link OK_DOMAINS} or a subdomain of one (`i.mycdn.me`, `pu.mycdn.me`, `www.ok.ru`). */
export function isOkHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return OK_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** True for an absolute URL whose host is one of OK's (any scheme; the caller checks the scheme it needs). */
export function isOkUrl(url: string | URL): boolean {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return isOkHost(parsed.hostname);
  } catch {
    return false;
  }
}
