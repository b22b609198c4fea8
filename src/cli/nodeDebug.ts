/**
 * `NODE_DEBUG` makes Node (and undici) print debug lines to stderr; for `undici` and `fetch`
 * those lines hold every request URL, and OK's API takes the access token in the URL. The CLI
 * refuses to run while such a section is switched on rather than print the token.
 */

/**
 * Sections whose debug output may show a request's URL, headers or the bytes on the wire.
 * `undici`/`fetch` print the URL with the token; the others are refused too because their
 * lines vary between Node versions and a debug log is exactly what gets pasted into a bug report.
 */
export const URL_PRINTING_SECTIONS = ['undici', 'fetch', 'websocket', 'http', 'http2', 'https', 'net', 'tls'] as const;

/**
 * The sections of `NODE_DEBUG` that would print request URLs, matched the way Node matches them
 * (comma-separated, case-insensitive, `*` as a wildcard). Empty when it is safe to run.
 */
export function urlPrintingDebugSections(nodeDebug: string | undefined): string[] {
  if (!nodeDebug) return [];
  const found: string[] = [];
  for (const raw of nodeDebug.split(',')) {
    const pattern = raw.trim();
    if (!pattern) continue;
    const re = new RegExp(`^${pattern.replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    if (URL_PRINTING_SECTIONS.some((s) => re.test(s))) found.push(pattern);
  }
  return found;
}

/** The CLI's refusal, or undefined when `NODE_DEBUG` is safe. */
export function nodeDebugRefusal(nodeDebug: string | undefined): string | undefined {
  const sections = urlPrintingDebugSections(nodeDebug);
  if (sections.length === 0) return undefined;
  return (
    `ok-chat: refusing to run with NODE_DEBUG=${nodeDebug}: the ${sections.join(', ')} debug output prints every request URL, ` +
    `and the access token is part of the URL. Unset NODE_DEBUG (or remove ${sections.join(', ')} from it) and run again.\n`
  );
}
