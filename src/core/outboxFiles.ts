import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutboxItem, OutboxStore } from './outbox';

const RECORD = '.json';

/**
 * The Outbox records as files, one per item, in a folder every window of this machine shares
 * (VS Code: the extension's global storage folder). A write is a new file renamed over the old
 * one, so a reader sees the old record or the new one, never half of one; once `save` resolves
 * the record is in the file system and outlives the process (a crash or kill of the extension
 * host right after loses nothing). It takes about a millisecond, where a write of VS Code's
 * global state is a round trip to the window (tens of milliseconds on a busy machine), and the
 * send waits for it before its first request.
 *
 * Windows say they are alive in `windows/` (one file per window, its time of last beat).
 */
export class FileOutboxStore implements OutboxStore {
  /** Writes of one record run in order (a later write never lands before an earlier one). */
  private readonly queues = new Map<string, Promise<void>>();
  private made: Promise<void> | undefined;
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

  private mkdir(): Promise<void> {
    this.made ??= fs.promises.mkdir(path.join(this.dir, 'windows'), { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (e: unknown) => {
        this.made = undefined;
        throw e;
      },
    );
    return this.made;
  }

  private queue(id: string, write: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(id) ?? Promise.resolve()).catch(() => undefined).then(write);
    this.queues.set(id, next);
    const forget = () => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    };
    next.then(forget, forget);
    return next;
  }

  save(item: OutboxItem): Promise<void> {
    const text = JSON.stringify(item);
    return this.queue(item.id, async () => {
      await this.mkdir();
      const target = this.file(item.id);
      const temp = `${target}.${process.pid}.${++this.serial}.tmp`;
      try {
        await fs.promises.writeFile(temp, text, { mode: 0o600 });
        await fs.promises.rename(temp, target);
      } catch (e) {
        await fs.promises.rm(temp, { force: true }).catch(() => undefined);
        throw e;
      }
    });
  }

  delete(id: string): Promise<void> {
    return this.queue(id, () => fs.promises.rm(this.file(id), { force: true }));
  }

  private beatFile(owner: string): string {
    return path.join(this.dir, 'windows', encodeURIComponent(owner));
  }

  /** Says that the window `owner` is alive now. */
  async beat(owner: string, now = Date.now()): Promise<void> {
    await this.mkdir();
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
