import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutboxItem, OutboxStore } from './outboxItems';

const RECORD = '.json';

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
 * Windows say they are alive in `windows/` (one file per window, its time of last beat).
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

  /** Removes what a process killed mid-write left behind (older than an hour, so never a write running now). */
  async sweep(now = Date.now()): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.tmp')) continue;
      const file = path.join(this.dir, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs > 3_600_000) await fs.promises.rm(file, { force: true }).catch(() => undefined);
    }
  }
}
