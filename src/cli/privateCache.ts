/**
 * The user's own cache folder of `ok-chat` (the state of `notify --when change`), and files in it
 * written so that another local user cannot plant or redirect them.
 *
 * The folder: `$XDG_CACHE_HOME/ok-chat` (else `~/.cache/ok-chat`) on Linux and other Unix
 * systems, `~/Library/Caches/ok-chat` on macOS, `%LOCALAPPDATA%\ok-chat` on Windows. It is made
 * with mode 0700 and refused when it is a symbolic link or, where there are owners, not the
 * user's. Files are read without following a symbolic link (O_NOFOLLOW), and written to a new
 * temporary file in the folder (O_EXCL, mode 0600) that is then renamed over the file: a
 * symbolic link planted at the file's path is replaced, never written through.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Env } from '../core';
import { crypto, fsp } from './lazyNodeModules';

/** The user's cache folder of ok-chat, or undefined when there is no home for it. */
export function userCacheDir(env: Env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string | undefined {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const given = platform === 'win32' ? env.LOCALAPPDATA : platform === 'darwin' ? undefined : env.XDG_CACHE_HOME;
  const base =
    given && p.isAbsolute(given)
      ? given
      : !home
        ? undefined
        : platform === 'win32'
          ? p.join(home, 'AppData', 'Local')
          : platform === 'darwin'
            ? p.join(home, 'Library', 'Caches')
            : p.join(home, '.cache');
  return base ? p.join(base, 'ok-chat') : undefined;
}

/** Why a folder or file is not safe to use, in a few words. */
export class UnsafePath extends Error {}

const ownUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** Makes `dir` (mode 0700) if needed and checks it: a real folder of this user, closed to others. */
export async function privateDir(dir: string): Promise<void> {
  const fs = fsp();
  await fs.mkdir(path.dirname(dir), { recursive: true });
  try {
    await fs.mkdir(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const st = await fs.lstat(dir);
  if (st.isSymbolicLink()) throw new UnsafePath(`${dir} is a symbolic link`);
  if (!st.isDirectory()) throw new UnsafePath(`${dir} is not a folder`);
  const uid = ownUid();
  if (uid !== undefined && st.uid !== uid) throw new UnsafePath(`${dir} belongs to another user`);
  // Ours, but open to others (made by an older version, or by hand): closed.
  if (uid !== undefined && (st.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

/** O_NOFOLLOW where the platform has it (not on Windows, where there is nothing to add). */
const noFollow = (): number => fsp().constants.O_NOFOLLOW ?? 0;

/**
 * The text of `file`, read without following a symbolic link; undefined when there is none.
 * Throws UnsafePath for a link, something else than a file, or a file of another user.
 */
export async function readPrivate(file: string): Promise<string | undefined> {
  const fs = fsp();
  let handle;
  try {
    handle = await fs.open(file, fs.constants.O_RDONLY | noFollow());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafePath(`${file} is a symbolic link`);
    throw e;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnsafePath(`${file} is not a file`);
    const uid = ownUid();
    if (uid !== undefined && st.uid !== uid) throw new UnsafePath(`${file} belongs to another user`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Writes `file` through a new temporary file (O_EXCL, O_NOFOLLOW, mode 0600) beside it and a rename. */
export async function writeReplacing(file: string, text: string): Promise<void> {
  const fs = fsp();
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | noFollow(), 0o600);
  try {
    try {
      await handle.writeFile(text, 'utf8');
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
