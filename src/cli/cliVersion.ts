/** The CLI's version, for `ok-chat --version` and the User-Agent. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The version, set by scripts/build.mjs in the bundle (compiled without it, package.json is read). */
declare const OK_CHAT_VERSION: string | undefined;

export function cliVersion(): string {
  if (typeof OK_CHAT_VERSION === 'string') return OK_CHAT_VERSION;
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'ok-chat' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
