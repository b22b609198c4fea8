import * as os from 'node:os';
import * as l10n from '@vscode/l10n';
import { InputError } from '../model/ids';
import type { OutboxItem, OutboxStore } from './outboxItems';

/** An attempt to send one item. A write from an attempt of an earlier run (see {@link Outbox.restart}) is ignored, as a dead process writes nothing. */
export interface Attempt {
  readonly id: string;
  readonly run: number;
  readonly wasQueued: boolean;
  readonly abort: AbortController;
  /** The attempt's claim of the record in the store shared by windows (see {@link OutboxStore.claim}). */
  readonly claim?: string;
}

export interface Disposable {
  dispose(): void;
}

export { OWNER_STALE_MS, ownerAlive } from './outboxOwners';

export interface OutboxOptions {
  /** The text recorded on an item found mid-send at start. */
  interruptedMessage?: () => string;
  /** The text recorded on an item found held back ("waiting") at start. */
  heldMessage?: () => string;
  /** This window's id (each VS Code window runs its own extension host over shared records). */
  owner?: string;
  /** Whether the window that owns a "sending" record still runs (default: none but this one does). */
  isOwnerAlive?: (owner: string) => boolean;
  now?: () => number;
}

/**
 * The write-ahead Outbox: every send is recorded before its first request and after each part
 * OK accepts; the record is removed only when OK accepted the last part. A record found
 * "sending" at start is an attempt that never ended: OK may have its part in flight.
 */
export class Outbox implements Disposable {
  private readonly listeners = new Set<() => void>();
  /** The attempts running in this run, by item id: one at a time per item. */
  private readonly running = new Map<string, Attempt>();
  /** The items this run holds back before their attempt (see {@link hold}). */
  private readonly held = new Set<string>();
  private run = 0;
  /**
   * The records, as last written. Read from here, not from the store: VS Code echoes each
   * write of global state back to the extension host, and an echo of an earlier write can
   * briefly replace the Memento's value (and with it a record just written).
   */
  private items = new Map<string, OutboxItem>();
  private readonly options: Required<Omit<OutboxOptions, 'owner'>> & { owner: string | undefined };

  constructor(private readonly store: OutboxStore, options: OutboxOptions = {}) {
    this.load();
    this.options = {
      interruptedMessage: options.interruptedMessage ?? (() => 'Stopped while this message was being sent.'),
      heldMessage: options.heldMessage ?? (() => 'Stopped before this message was sent.'),
      owner: options.owner,
      isOwnerAlive: options.isOwnerAlive ?? ((owner) => owner === options.owner),
      now: options.now ?? Date.now,
    };
  }

  /** Called when the records change; returns what stops the calls. */
  readonly onDidChange = (listener: () => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Every record, also those of sends running now (written ahead of their first request). */
  all(): OutboxItem[] {
    return [...this.items.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** What the store holds now: what a new process (or another window) would find. */
  stored(): OutboxItem[] {
    return this.store.load().sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Reads the records from the store. `keepOwnWrites`: a write or removal of this run that the
   * store has not finished yet wins over what the store still holds (a record just removed
   * must not come back, nor one just written go missing).
   */
  private load(keepOwnWrites = false): void {
    this.items = new Map(this.store.load().map((i) => [i.id, i]));
    if (!keepOwnWrites) return;
    for (const [id, op] of this.inFlight) {
      if (op.item) this.items.set(id, op.item);
      else this.items.delete(id);
    }
  }

  /** The store's writes and removals not finished yet, by item id, with what the last one stores (undefined: removed). */
  private readonly inFlight = new Map<string, { count: number; item: OutboxItem | undefined }>();

  private async track(id: string, item: OutboxItem | undefined, op: () => PromiseLike<void>): Promise<void> {
    const entry = this.inFlight.get(id) ?? { count: 0, item };
    entry.count++;
    entry.item = item;
    this.inFlight.set(id, entry);
    try {
      await op();
    } finally {
      if (--entry.count === 0 && this.inFlight.get(id) === entry) this.inFlight.delete(id);
    }
  }

  /** Stores a record; resolves once the store has it (it keeps it if the process dies). */
  private async write(item: OutboxItem): Promise<void> {
    this.items.set(item.id, item);
    this.fire();
    await this.track(item.id, item, () => this.store.save(item));
  }

  /**
   * What the Outbox view lists: every record but new sends running now (a retry running now is
   * listed), and not the sends another window is running now.
   */
  listed(): OutboxItem[] {
    return this.all().filter((i) => {
      const a = this.running.get(i.id);
      if (a) return a.wasQueued;
      if (this.held.has(i.id)) return false;
      return !this.ownedElsewhere(i);
    });
  }

  /** Whether another live window is sending (or holding) this item now. */
  private ownedElsewhere(i: OutboxItem): boolean {
    return i.state !== undefined && i.owner !== undefined && i.owner !== this.options.owner && this.options.isOwnerAlive(i.owner);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /**
   * Starts an attempt for an item; undefined when one is already running for it (here or in
   * another window). Where windows share the store, the attempt first claims the record there
   * and reads it again: it goes only if the record is as this window knows it. A record gone
   * (sent or discarded in another window) or changed there is not sent from this window's older
   * copy: the copy is replaced and an {@link InputError} says why.
   */
  begin(id: string): Attempt | undefined {
    if (this.running.has(id)) return undefined;
    const known = this.get(id);
    if (known && this.ownedElsewhere(known)) return undefined;
    const owner = this.options.owner ?? `${os.hostname()}/${process.pid}`;
    const claim = this.store.claim?.(id, owner, (o) => o === owner || this.options.isOwnerAlive(o));
    if (this.store.claim && claim === undefined) return undefined;
    try {
      if (!this.asStored(id, known)) {
        if (claim !== undefined) this.store.release?.(id, claim);
        return undefined;
      }
    } catch (e) {
      if (claim !== undefined) this.store.release?.(id, claim);
      throw e;
    }
    this.held.delete(id);
    const attempt: Attempt = { id, run: this.run, wasQueued: known !== undefined && known.state !== 'waiting', abort: new AbortController(), claim };
    this.running.set(id, attempt);
    return attempt;
  }

  /**
   * Whether the record in the store is the one this window knows (false: another live window
   * is sending it). Throws when it is gone or changed there, after taking it as stored.
   */
  private asStored(id: string, known: OutboxItem | undefined): boolean {
    if (!this.store.read || this.inFlight.has(id)) return true; // this window's own write is newer than the store
    const stored = this.store.read(id);
    if (!stored) {
      if (!known) return true; // a new send
      this.items.delete(id);
      this.held.delete(id);
      this.fire();
      throw new InputError(l10n.t('This message was sent or discarded in another window.'));
    }
    if (this.ownedElsewhere(stored)) return false;
    const unfinished = stored.state !== undefined && !this.held.has(id); // left by an attempt that stopped
    if (known && !unfinished && JSON.stringify(stored) === JSON.stringify(known)) return true;
    this.items.set(id, stored);
    this.fire();
    if (unfinished) void this.recover();
    throw new InputError(l10n.t('This message changed in another window. Check it in the Outbox and retry.'));
  }

  end(attempt: Attempt): void {
    if (attempt.claim !== undefined) this.store.release?.(attempt.id, attempt.claim);
    if (this.running.get(attempt.id) === attempt) this.running.delete(attempt.id);
    this.fire();
  }

  /** Writes the item for an attempt (durably: resolves once stored); nothing if the attempt belongs to an earlier run. */
  async record(attempt: Attempt, item: OutboxItem): Promise<void> {
    if (attempt.run !== this.run) return;
    await this.put(item.state === 'sending' ? { ...item, owner: this.options.owner } : { ...item, owner: undefined });
  }

  /** Whether this run still holds the item back (not when a stop of the process came between). */
  isHeld(id: string): boolean {
    return this.held.has(id);
  }

  /**
   * Stores a send that is held back on purpose before its attempt starts (a crash meanwhile
   * leaves it in the Outbox as not sent, instead of losing it).
   */
  async hold(item: OutboxItem): Promise<void> {
    if (this.running.has(item.id)) return;
    this.held.add(item.id);
    await this.put({ ...item, state: 'waiting', owner: this.options.owner });
  }

  async finish(attempt: Attempt): Promise<void> {
    if (attempt.run !== this.run) return;
    await this.remove(attempt.id);
  }

  /**
   * On start, and when another window's records change: records still "sending" belong to an
   * attempt no live window runs. OK may have the part that was in flight, so they are kept as
   * "may have been sent" (a retry asks first). A record another live window is sending is left alone.
   */
  async recover(): Promise<number> {
    const found = this.all().filter((i) => i.state !== undefined && !this.running.has(i.id) && !this.ownedElsewhere(i) && !this.held.has(i.id));
    for (const i of found) {
      const was = i.state === 'sending' ? { delivery: 'unknown' as const, lastError: this.options.interruptedMessage() } : { delivery: 'not-sent' as const, lastError: this.options.heldMessage() };
      await this.write({ ...i, state: undefined, owner: undefined, ...was, updatedAt: this.options.now() });
    }
    return found.length;
  }

  /**
   * Takes the records as stored (other windows add and remove theirs), keeping this window's
   * running attempts as written here, then recovers what a window that stopped left "sending".
   */
  async reload(): Promise<number> {
    const before = JSON.stringify(this.all());
    const mine = [...this.items.values()].filter((i) => this.running.has(i.id));
    this.load(true);
    for (const i of mine) this.items.set(i.id, i);
    if (JSON.stringify(this.all()) !== before) this.fire();
    return this.recover();
  }

  /**
   * The same as the process being killed and started again: running attempts are cut off
   * (their requests aborted, their later writes ignored), then {@link recover} runs on what was stored.
   */
  async restart(): Promise<number> {
    this.run++;
    const cut = [...this.running.values()];
    this.running.clear();
    this.held.clear();
    for (const a of cut) {
      a.abort.abort();
      // a killed process's claims are taken over once it is known dead; this one lives on
      if (a.claim !== undefined) this.store.release?.(a.id, a.claim);
    }
    this.load();
    this.fire();
    return this.recover();
  }

  get(id: string): OutboxItem | undefined {
    return this.items.get(id);
  }

  async put(item: OutboxItem): Promise<void> {
    await this.write({ ...item, updatedAt: this.options.now() });
  }

  async remove(id: string): Promise<boolean> {
    this.held.delete(id);
    if (!this.items.delete(id)) return false;
    this.fire();
    await this.track(id, undefined, () => this.store.delete(id));
    return true;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
