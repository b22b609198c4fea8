/**
 * The state file of `ok-chat notify` (--when change, --state-file): the last status of each
 * chat and build name, kept between runs.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildStatus, ChatId } from '../core';
import { crypto, fsp } from './lazyNodeModules';

export interface StateEntry {
  status: BuildStatus;
  updatedAt: string;
}
export interface StateFile {
  version: 1;
  builds: Record<string, StateEntry>;
}

export function defaultStateFile(chat: ChatId, name: string, cwd: string): string {
  const hash = crypto().createHash('sha256').update(`${chat}\n${name}\n${path.resolve(cwd)}`).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), 'ok-chat', `last-status-${hash}.json`);
}

export const stateKey = (chat: ChatId, name: string) => `${chat} ${name}`;

export async function readState(file: string, warn: (s: string) => void): Promise<StateFile> {
  let text: string;
  try {
    text = await fsp().readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`could not read the state file ${file}: ${(e as Error).message}; treating the previous status as unknown.`);
    return { version: 1, builds: {} };
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile> | null;
    if (parsed && typeof parsed === 'object' && parsed.builds && typeof parsed.builds === 'object') return { version: 1, builds: parsed.builds };
  } catch {
    // fall through
  }
  warn(`the state file ${file} is not valid; treating the previous status as unknown.`);
  return { version: 1, builds: {} };
}

export async function writeState(file: string, state: StateFile, warn: (s: string) => void): Promise<void> {
  try {
    await fsp().mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp().writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await fsp().rename(tmp, file);
  } catch (e) {
    warn(`could not write the state file ${file}: ${(e as Error).message}. The next run will not know this result.`);
  }
}

export function isBuildStatus(v: unknown): v is BuildStatus {
  return v === 'success' || v === 'failure' || v === 'cancelled';
}
