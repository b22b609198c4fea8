/** Reading branch and person names and request numbers from a CI's environment. */

/** `refs/heads/feature/x` → `feature/x`, `origin/main` → `main`. */
export function branchName(value: string | undefined): string | undefined {
  const name = value
    ?.trim()
    .replace(/^refs\/heads\//, '')
    .replace(/^origin\//, '');
  return name || undefined;
}

/** `Ann Lee <ann@example.com>` → `Ann Lee`: an e-mail address is not for a group chat. */
export function personName(value: string | undefined): string | undefined {
  const name = value
    ?.replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name || /^[^\s@]+@[^\s@]+$/.test(name)) return undefined;
  return name;
}

/** `42`, `#42`, `!42` → `42`; anything else (e.g. Drone's empty value, `false`) → undefined. */
export function requestNumber(value: string | undefined): string | undefined {
  const m = /^[#!]?(\d+)$/.exec(value?.trim() ?? '');
  return m && m[1] !== '0' ? m[1] : undefined;
}
