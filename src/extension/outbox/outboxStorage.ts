import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Outbox, ownerAlive } from '../../core/outbox/outboxQueue';
import type { OutboxItem, OutboxStore } from '../../core/outbox/outboxItems';
import { FileOutboxStore } from '../../core/outbox/outboxFiles';

const ITEM = 'okChat.outbox/';
const WINDOW = 'okChat.window/';
/** The records of versions that kept the whole Outbox under one key. */
const LEGACY = 'okChat.outbox';
const HEARTBEAT_MS = 30_000;

/** The Outbox records in the extension's global state, one key per record (shared by all windows); earlier versions kept them there. */
class MementoOutboxStore implements OutboxStore {
  constructor(private readonly state: vscode.Memento) {}
  load(): OutboxItem[] {
    const items = this.state
      .keys()
      .filter((k) => k.startsWith(ITEM))
      .map((k) => this.state.get<OutboxItem>(k))
      .filter((i): i is OutboxItem => i !== undefined && i !== null && typeof i === 'object');
    const legacy = this.state.get<OutboxItem[]>(LEGACY);
    if (!Array.isArray(legacy)) return items;
    const ids = new Set(items.map((i) => i.id));
    return [...items, ...legacy.filter((i) => !ids.has(i.id))];
  }

  /** Moves the records of the one-key layout to one key each. */
  async migrate(): Promise<void> {
    const legacy = this.state.get<OutboxItem[]>(LEGACY);
    if (!Array.isArray(legacy)) return;
    for (const item of legacy) if (this.state.get(ITEM + item.id) === undefined) await this.state.update(ITEM + item.id, item);
    await this.state.update(LEGACY, undefined);
  }
  /**
   * The record as this window's global state holds it now. Other windows' writes arrive there
   * within moments (not every 30 s like a reload): an attempt reads its record again before it
   * sends, and does not send one another window delivered, changed or is sending. Global state
   * has no atomic claim: two windows starting the same message within those moments both send.
   */
  read(id: string): OutboxItem | undefined {
    const legacy = this.state.get<OutboxItem[]>(LEGACY);
    const item = this.state.get<OutboxItem>(ITEM + id) ?? (Array.isArray(legacy) ? legacy.find((i) => i?.id === id) : undefined);
    return item && typeof item === 'object' ? item : undefined;
  }
  save(item: OutboxItem): Thenable<void> {
    return this.state.update(ITEM + item.id, item);
  }
  delete(id: string): Thenable<void> {
    return this.state.update(ITEM + id, undefined);
  }
}

/** Where a window says it is alive, read by the others. */
interface Heartbeats {
  beat(owner: string): PromiseLike<void>;
  lastBeat(owner: string): number | undefined;
  closed(owner: string): PromiseLike<void>;
}

function mementoHeartbeats(state: vscode.Memento): Heartbeats {
  return {
    beat: (owner) => state.update(WINDOW + owner, Date.now()),
    lastBeat: (owner) => state.get<number>(WINDOW + owner),
    closed: (owner) => state.update(WINDOW + owner, undefined),
  };
}

/** Moves the records kept in global state (by earlier versions) to the record files. */
async function moveToFiles(memento: MementoOutboxStore, files: FileOutboxStore, state: vscode.Memento): Promise<boolean> {
  const old = memento.load();
  if (old.length === 0 && !state.keys().some((k) => k.startsWith(WINDOW))) return false;
  const have = new Set(files.load().map((i) => i.id));
  for (const item of old) if (!have.has(item.id)) await files.save(item);
  for (const item of old) await memento.delete(item.id);
  if (state.get(LEGACY) !== undefined) await state.update(LEGACY, undefined);
  for (const k of state.keys()) if (k.startsWith(WINDOW)) await state.update(k, undefined);
  return old.length > 0;
}

/**
 * The Outbox of this extension host. Every VS Code window runs its own extension host over the
 * same records: each says it is alive every 30 s, so that a record another live window is
 * sending is left to it, and one that a window closed, reloaded or crashed left "sending" is
 * told as "may have been sent". The records are read again every 30 s (other windows add theirs).
 *
 * The records are files in the extension's global storage folder (see {@link FileOutboxStore}):
 * a send waits for its record before its first request, and a file is written in about a
 * millisecond. Where that folder is not on this machine's disk, global state keeps them.
 */
export function openOutbox(state: vscode.Memento, storage: vscode.Uri, log: { warn(m: string): void }): { outbox: Outbox; disposable: vscode.Disposable } {
  const owner = `${os.hostname()}/${process.pid}`;
  const memento = new MementoOutboxStore(state);
  const files = storage.scheme === 'file' ? new FileOutboxStore(path.join(storage.fsPath, 'outbox')) : undefined;
  const store: OutboxStore = files ?? memento;
  const hearts: Heartbeats = files ?? mementoHeartbeats(state);
  const beat = () => hearts.beat(owner);
  const failed = (what: string) => (e: unknown) => log.warn(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  const outbox = new Outbox(store, {
    owner,
    interruptedMessage: () => vscode.l10n.t('VS Code stopped while this message was being sent.'),
    heldMessage: () => vscode.l10n.t('VS Code closed before the build notification was sent.'),
    isOwnerAlive: (other) => other === owner || ownerAlive(other, hearts.lastBeat(other)),
  });
  // Sends a previous run did not see end (VS Code closed or the extension host stopped mid-send)
  void Promise.resolve(beat())
    .then(async () => {
      if (!files) return memento.migrate();
      if (await moveToFiles(memento, files, state)) await outbox.reload();
      void files.sweep().catch(failed('Outbox folder not tidied'));
    })
    .then(() => outbox.recover())
    .catch(failed('Outbox not recovered'));
  const timer = setInterval(() => {
    void Promise.resolve(beat()).then(() => outbox.reload()).catch(failed('Outbox not read again'));
  }, HEARTBEAT_MS);
  timer.unref?.();
  return {
    outbox,
    disposable: new vscode.Disposable(() => {
      clearInterval(timer);
      outbox.dispose();
      // the window closes: its records are no longer being sent by anyone
      void Promise.resolve(hearts.closed(owner)).then(undefined, () => undefined);
    }),
  };
}
