/**
 * The state file of `ok-chat notify` (--when change, --state-file): the last status of each
 * chat and build name, kept between runs; and the message a run's "started" posted, which its
 * result edits (`started`, by chat, name and run; files without it are read as before).
 *
 * By default one file per chat, name and folder in the user's own cache folder (see
 * ./privateCache: never a shared folder such as /tmp, where another user could plant the file or
 * a symbolic link). A file left in the temporary folder by earlier versions is moved there once.
 * Entries not updated for {@link STATE_MAX_AGE_DAYS} days are dropped when the file is written,
 * and default files not written for as long are deleted.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildStatus, ChatId, Env } from '../core';
import { crypto, fsp } from './lazyNodeModules';
import { UnsafePath, privateDir, readPrivate, userCacheDir, writeReplacing } from './privateCache';

export interface StateEntry {
  status: BuildStatus;
  updatedAt: string;
}
/** A run's "started" message: its id, or none when OK gave none. */
export interface StartedEntry {
  messageId?: string;
  updatedAt: string;
}
export interface StateFile {
  version: 1;
  builds: Record<string, StateEntry>;
  /** By {@link startedKey}; absent in files of earlier versions. */
  started?: Record<string, StartedEntry>;
}

/** Where the state is kept. */
export interface StateLocation {
  file: string;
  /** The default file: `dir` is the user's private cache folder, checked before any use. */
  dir?: string;
  /** Where earlier versions kept the default file (in the shared temporary folder). */
  legacy?: string;
}

export const STATE_MAX_AGE_DAYS = 90;
const MAX_AGE_MS = STATE_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
/** A "started" message older than this is left alone: its run is long over (a CI job runs for hours at most). */
export const STARTED_MAX_AGE_DAYS = 7;
const STARTED_MAX_AGE_MS = STARTED_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
const DEFAULT_NAME = /^last-status-[0-9a-f]{16}\.json$/;

function defaultName(chat: ChatId, name: string, cwd: string): string {
  const hash = crypto().createHash('sha256').update(`${chat}\n${name}\n${path.resolve(cwd)}`).digest('hex').slice(0, 16);
  return `last-status-${hash}.json`;
}

/** The default state of a chat, name and folder; undefined when the user has no cache folder (no home). */
export function defaultStateLocation(chat: ChatId, name: string, cwd: string, env: Env): StateLocation | undefined {
  const dir = userCacheDir(env);
  if (!dir) return undefined;
  const file = defaultName(chat, name, cwd);
  return { file: path.join(dir, file), dir, legacy: path.join(os.tmpdir(), 'ok-chat', file) };
}

export const stateKey = (chat: ChatId, name: string) => `${chat} ${name}`;
/** The key of a run's "started" message: the chat, the name and the run (`-` for none). */
export const startedKey = (chat: ChatId, name: string, runKey: string | undefined) => `${stateKey(chat, name)} ${runKey || '-'}`;

const empty = (): StateFile => ({ version: 1, builds: {} });

function parse(text: string): StateFile | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<StateFile> | null;
    if (parsed && typeof parsed === 'object' && parsed.builds && typeof parsed.builds === 'object') {
      const started = parsed.started && typeof parsed.started === 'object' && !Array.isArray(parsed.started) ? parsed.started : undefined;
      return { version: 1, builds: parsed.builds, ...(started ? { started } : {}) };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** The earlier versions' file in the temporary folder, when it is this user's own regular file; it is then deleted. */
async function takeLegacy(legacy: string, warn: (s: string) => void): Promise<StateFile | undefined> {
  let text: string | undefined;
  try {
    text = await readPrivate(legacy);
  } catch (e) {
    if (e instanceof UnsafePath) warn(`ignoring the old state file: ${e.message}.`);
    return undefined;
  }
  if (text === undefined) return undefined;
  await fsp().rm(legacy, { force: true }).catch(() => undefined);
  return parse(text);
}

export async function readState(where: StateLocation, warn: (s: string) => void): Promise<StateFile> {
  const { file, dir, legacy } = where;
  let text: string | undefined;
  try {
    if (dir) {
      await privateDir(dir);
      text = await readPrivate(file);
      if (text === undefined && legacy) {
        const moved = await takeLegacy(legacy, warn);
        if (moved) await writeReplacing(file, `${JSON.stringify(moved, null, 2)}\n`);
        return moved ?? empty();
      }
    } else {
      text = await fsp().readFile(file, 'utf8');
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof UnsafePath) warn(`not using the state file: ${e.message}; treating the previous status as unknown. --state-file <path> chooses another file.`);
    else if (code !== 'ENOENT') warn(`could not read the state file ${file}: ${(e as Error).message}; treating the previous status as unknown.`);
    return empty();
  }
  if (text === undefined) return empty();
  const state = parse(text);
  if (state) return state;
  warn(`the state file ${file} is not valid; treating the previous status as unknown.`);
  return empty();
}

/**
 * The entries updated in the last {@link STATE_MAX_AGE_DAYS} days (and those without a readable
 * time); "started" messages of the last {@link STARTED_MAX_AGE_DAYS} days.
 */
export function pruneState(state: StateFile, now: number = Date.now()): StateFile {
  const builds: Record<string, StateEntry> = {};
  for (const [key, entry] of Object.entries(state.builds)) {
    const at = Date.parse(entry?.updatedAt ?? '');
    if (!(now - at > MAX_AGE_MS)) builds[key] = entry;
  }
  const started: Record<string, StartedEntry> = {};
  for (const [key, entry] of Object.entries(state.started ?? {})) if (isRecentStart(entry, now)) started[key] = entry;
  return Object.keys(started).length > 0 ? { version: 1, builds, started } : { version: 1, builds };
}

/** Whether an entry is a "started" message of the last {@link STARTED_MAX_AGE_DAYS} days. */
export function isRecentStart(entry: unknown, now: number = Date.now()): entry is StartedEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { messageId, updatedAt } = entry as Partial<StartedEntry>;
  // (a time a little ahead, from another machine's clock, counts as recent)
  const age = Math.abs(now - Date.parse(typeof updatedAt === 'string' ? updatedAt : ''));
  return (messageId === undefined || (typeof messageId === 'string' && messageId !== '')) && age <= STARTED_MAX_AGE_MS;
}

/** Deletes the default state files of the folder that were not written for {@link STATE_MAX_AGE_DAYS} days. */
async function pruneFolder(dir: string, now: number): Promise<void> {
  for (const name of await fsp().readdir(dir)) {
    if (!DEFAULT_NAME.test(name)) continue;
    const file = path.join(dir, name);
    const st = await fsp().lstat(file).catch(() => undefined);
    if (st?.isFile() && now - st.mtimeMs > MAX_AGE_MS) await fsp().rm(file, { force: true });
  }
}

export async function writeState(where: StateLocation, state: StateFile, warn: (s: string) => void): Promise<void> {
  const { file, dir } = where;
  const now = Date.now();
  const text = `${JSON.stringify(pruneState(state, now), null, 2)}\n`;
  try {
    if (dir) {
      await privateDir(dir);
      await pruneFolder(dir, now).catch(() => undefined);
    } else {
      await fsp().mkdir(path.dirname(path.resolve(file)), { recursive: true });
    }
    await writeReplacing(file, text);
  } catch (e) {
    if (e instanceof UnsafePath) return; // said when it was read
    warn(`could not write the state file ${file}: ${(e as Error).message}. The next run will not know this result.`);
  }
}

export function isBuildStatus(v: unknown): v is BuildStatus {
  return v === 'success' || v === 'failure' || v === 'cancelled';
}
