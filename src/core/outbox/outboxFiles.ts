import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutboxItem, OutboxStore } from './outboxItems';

const RECORD = '.json';
/** An attempt's claim of a record (see {@link FileOutboxStore.claim}). */
const CLAIM = '.claim';

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The Outbox records as files, one per item, in a folder every window of this machine shares
 * (VS Code: the extension's global storage folder). A write is a new file renamed over the old
 * one, so a reader sees the old record or the new one, never half of one; once `save` resolves
 * the record is in the file system and outlives the process (a crash or kill of the extension
 * host right after loses nothing). The send waits for it before its first request, so it is
 * written synchronously: a small file takes a fraction of a millisecond, where the thread pool
 * of asynchronous file calls, shared with the rest of the extension host, sometimes kept it
 * waiting for 50-200 ms; a write of VS Code's global state is a round trip to the window.
 *
 * Windows say they are alive in `windows/` (one file per window, its time of last beat). An
 * attempt claims its record in `<id>.claim` before it sends (see {@link FileOutboxStore.claim}).
 */
export class FileOutboxStore implements OutboxStore {
  private made = false;
  private serial = 0;

  constructor(readonly dir: string) {}

  private file(id: string): string {
    return path.join(this.dir, encodeURIComponent(id) + RECORD);
  }

  /** Every readable record (a damaged or foreign file is skipped, not fatal). */
  load(): OutboxItem[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const items: OutboxItem[] = [];
    for (const name of names) {
      if (!name.endsWith(RECORD)) continue;
      try {
        const item = JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8')) as OutboxItem;
        if (item && typeof item === 'object' && typeof item.id === 'string' && Array.isArray(item.parts)) items.push(item);
      } catch {
        /* being replaced right now, or damaged: the next read sees it whole */
      }
    }
    return items;
  }

  private mkdir(): void {
    if (this.made) return;
    fs.mkdirSync(path.join(this.dir, 'windows'), { recursive: true, mode: 0o700 });
    this.made = true;
  }

  /** Runs a write now, as a settled promise (the store's interface is asynchronous). */
  private static now(write: () => void): Promise<void> {
    try {
      write();
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  save(item: OutboxItem): Promise<void> {
    return FileOutboxStore.now(() => {
      this.mkdir();
      const target = this.file(item.id);
      const temp = `${target}.${process.pid}.${++this.serial}.tmp`;
      try {
        fs.writeFileSync(temp, JSON.stringify(item), { mode: 0o600 });
        fs.renameSync(temp, target);
      } catch (e) {
        fs.rmSync(temp, { force: true });
        throw e;
      }
    });
  }

  delete(id: string): Promise<void> {
    return FileOutboxStore.now(() => fs.rmSync(this.file(id), { force: true }));
  }

  /** The record as on disk now (undefined: removed, or not readable). */
  read(id: string): OutboxItem | undefined {
    const text = readText(this.file(id));
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as OutboxItem;
    } catch {
      return undefined;
    }
  }

  private claimFile(id: string): string {
    return path.join(this.dir, encodeURIComponent(id) + CLAIM);
  }

  /**
   * Claims record `id` for one attempt: `<id>.claim` holds the owner and a token. It is made by
   * a hard link of a file already written, so it appears whole or not at all, and only one
   * process can make it. A claim whose owner is dead is moved aside (one rename: one taker) and
   * the claim made again; had a live window claimed in between, its claim is put back.
   */
  claim(id: string, owner: string, isOwnerAlive: (owner: string) => boolean): string | undefined {
    this.mkdir();
    const lock = this.claimFile(id);
    const token = `${owner}\n${process.pid}.${Date.now()}.${++this.serial}.${Math.random().toString(36).slice(2)}`;
    const temp = `${lock}.${process.pid}.${++this.serial}.tmp`;
    fs.writeFileSync(temp, token, { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          fs.linkSync(temp, lock);
          return token;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const held = readText(lock);
        if (held === undefined) continue; // given up meanwhile
        if (isOwnerAlive(held.split('\n')[0])) return undefined;
        const aside = `${lock}.${process.pid}.${++this.serial}.tmp`;
        try {
          fs.renameSync(lock, aside);
        } catch {
          continue; // another window moved it first
        }
        if (readText(aside) !== held) {
          try {
            fs.linkSync(aside, lock); // a live window's claim, made after the dead one was read: back
          } catch {
            /* a third window claimed meanwhile: it holds it */
          }
        }
        fs.rmSync(aside, { force: true });
      }
      return undefined;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  release(id: string, token: string): void {
    const lock = this.claimFile(id);
    if (readText(lock) === token) fs.rmSync(lock, { force: true });
  }

  private beatFile(owner: string): string {
    return path.join(this.dir, 'windows', encodeURIComponent(owner));
  }

  /** Says that the window `owner` is alive now. */
  async beat(owner: string, now = Date.now()): Promise<void> {
    this.mkdir();
    await fs.promises.writeFile(this.beatFile(owner), String(now), { mode: 0o600 });
  }

  /** When the window `owner` last said it is alive (undefined: never, or it closed). */
  lastBeat(owner: string): number | undefined {
    try {
      const at = Number(fs.readFileSync(this.beatFile(owner), 'utf8'));
      return Number.isFinite(at) ? at : undefined;
    } catch {
      return undefined;
    }
  }

  /** The window `owner` closed: its records are no longer being sent by anyone. */
  async closed(owner: string): Promise<void> {
    await fs.promises.rm(this.beatFile(owner), { force: true });
  }

  /**
   * Removes what a process killed mid-write left behind, and claims of records no longer there
   * (older than an hour, so never a write or an attempt running now).
   */
  async sweep(now = Date.now()): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    const records = new Set(names.filter((n) => n.endsWith(RECORD)));
    for (const name of names) {
      const orphanClaim = name.endsWith(CLAIM) && !records.has(name.slice(0, -CLAIM.length) + RECORD);
      if (!name.endsWith('.tmp') && !orphanClaim) continue;
      const file = path.join(this.dir, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs > 3_600_000) await fs.promises.rm(file, { force: true }).catch(() => undefined);
    }
  }
}
