import * as os from 'node:os';
import * as vscode from 'vscode';
import { Outbox, ownerAlive, type OutboxItem, type OutboxStore } from '../core/outbox';

const ITEM = 'okChat.outbox/';
const WINDOW = 'okChat.window/';
/** The records of versions that kept the whole Outbox under one key. */
const LEGACY = 'okChat.outbox';
const HEARTBEAT_MS = 30_000;

/** The Outbox records in the extension's global state, one key per record (shared by all windows). */
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
  save(item: OutboxItem): Thenable<void> {
    return this.state.update(ITEM + item.id, item);
  }
  delete(id: string): Thenable<void> {
    return this.state.update(ITEM + id, undefined);
  }
}

/**
 * The Outbox of this extension host. Every VS Code window runs its own extension host over the
 * same records: each says it is alive every 30 s, so that a record another live window is
 * sending is left to it, and one that a window closed, reloaded or crashed left "sending" is
 * told as "may have been sent". The records are read again every 30 s (other windows add theirs).
 */
export function openOutbox(state: vscode.Memento, log: { warn(m: string): void }): { outbox: Outbox; disposable: vscode.Disposable } {
  const owner = `${os.hostname()}/${process.pid}`;
  const store = new MementoOutboxStore(state);
  const beat = () => state.update(WINDOW + owner, Date.now());
  const failed = (what: string) => (e: unknown) => log.warn(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  const outbox = new Outbox(store, {
    owner,
    interruptedMessage: () => vscode.l10n.t('VS Code stopped while this message was being sent.'),
    heldMessage: () => vscode.l10n.t('VS Code closed before the build notification was sent.'),
    isOwnerAlive: (other) => other === owner || ownerAlive(other, state.get<number>(WINDOW + other)),
  });
  // Sends a previous run did not see end (VS Code closed or the extension host stopped mid-send)
  void Promise.resolve(beat())
    .then(() => store.migrate())
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
      void state.update(WINDOW + owner, undefined);
    }),
  };
}
