import * as vscode from 'vscode';
import type { ChatId, Delivery, UploadedFile } from '../core';

export type OutboxKind = 'text' | 'image' | 'users' | 'file';

/** A send that did not complete. Its text is kept until it is delivered or discarded. */
export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  chatId?: ChatId;
  /** The chat title when it was queued, for display. */
  chatTitle?: string;
  userIds?: string[];
  /** Message parts (texts); for an image its URL; for files their URIs (1 to 5, sent as one message). */
  parts: string[];
  /** For a file: its name (the names, for several), and the text sent with it. */
  fileName?: string;
  caption?: string;
  /**
   * For files: what OK already received, by index in `parts` (token, size and when). A retry
   * sends these tokens again instead of uploading, until they are too old.
   */
  uploads?: Array<UploadedFile | null>;
  /** How many parts OK has already accepted: a retry starts after them. */
  sent: number;
  createdAt: number;
  updatedAt: number;
  attempts: number;
  lastError?: string;
  /** Whether the last failed attempt may nevertheless have reached OK. */
  delivery?: Delivery;
  /** What produced it: "text", "selection", "file", "image", "users", "build". */
  source: string;
  /**
   * "sending" while an attempt runs: the record is written before the first request and kept
   * until OK accepted the last part. Found so at start (VS Code or the extension host stopped
   * mid-send), the item may have been sent.
   */
  state?: 'sending';
}

const KEY = 'okChat.outbox';

/** A write from an attempt of an earlier run (see {@link Outbox.restart}): ignored, as a dead process writes nothing. */
export interface Attempt {
  readonly id: string;
  readonly run: number;
  readonly wasQueued: boolean;
  readonly abort: AbortController;
}

export class Outbox implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** The attempts running in this run, by item id: one at a time per item. */
  private readonly running = new Map<string, Attempt>();
  private run = 0;
  /**
   * The records, as last written. Read from here, not from the Memento: VS Code echoes each
   * write of global state back to the extension host, and an echo of an earlier write can
   * briefly replace the Memento's value (and with it a record just written).
   */
  private items: OutboxItem[];

  constructor(
    private readonly state: vscode.Memento,
    private readonly interruptedMessage: () => string = () => vscode.l10n.t('VS Code stopped while this message was being sent.'),
  ) {
    this.items = state.get<OutboxItem[]>(KEY, []);
  }

  /** Every record, also those of sends running now (written ahead of their first request). */
  all(): OutboxItem[] {
    return this.items;
  }

  /** Stores the records; resolves once VS Code has them (it keeps them if the extension host dies). */
  private async write(next: OutboxItem[]): Promise<void> {
    this.items = next;
    this.changed.fire();
    await this.state.update(KEY, next);
  }

  /** What the Outbox view lists: every record but new sends running now (a retry running now is listed). */
  listed(): OutboxItem[] {
    return this.all().filter((i) => {
      const a = this.running.get(i.id);
      return !a || a.wasQueued;
    });
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Starts an attempt for an item; undefined when one is already running for it. */
  begin(id: string): Attempt | undefined {
    if (this.running.has(id)) return undefined;
    const attempt: Attempt = { id, run: this.run, wasQueued: this.get(id) !== undefined, abort: new AbortController() };
    this.running.set(id, attempt);
    return attempt;
  }

  end(attempt: Attempt): void {
    if (this.running.get(attempt.id) === attempt) this.running.delete(attempt.id);
    this.changed.fire();
  }

  /** Writes the item for an attempt (durably: resolves once stored); nothing if the attempt belongs to an earlier run. */
  async record(attempt: Attempt, item: OutboxItem): Promise<void> {
    if (attempt.run !== this.run) return;
    await this.put(item);
  }

  async finish(attempt: Attempt): Promise<void> {
    if (attempt.run !== this.run) return;
    await this.remove(attempt.id);
  }

  /**
   * On start: records still "sending" belong to an attempt VS Code did not see end. OK may
   * have the part that was in flight, so they are kept as "may have been sent" (a retry asks first).
   */
  async recover(): Promise<number> {
    const list = this.all();
    let found = 0;
    const next = list.map((i) => {
      if (i.state !== 'sending' || this.running.has(i.id)) return i;
      found++;
      return { ...i, state: undefined, delivery: 'unknown' as const, lastError: this.interruptedMessage(), updatedAt: Date.now() };
    });
    if (found === 0) return 0;
    await this.write(next);
    return found;
  }

  /**
   * For tests, the same as the extension host being killed and started again: running
   * attempts are cut off (their requests aborted, their later writes ignored), then
   * {@link recover} runs on what was stored.
   */
  async restart(): Promise<number> {
    this.run++;
    const cut = [...this.running.values()];
    this.running.clear();
    for (const a of cut) a.abort.abort();
    this.items = this.state.get<OutboxItem[]>(KEY, []);
    return this.recover();
  }

  get(id: string): OutboxItem | undefined {
    return this.all().find((i) => i.id === id);
  }

  async put(item: OutboxItem): Promise<void> {
    const list = this.all().filter((i) => i.id !== item.id);
    list.push({ ...item, updatedAt: Date.now() });
    await this.write(list);
  }

  async remove(id: string): Promise<boolean> {
    const list = this.all();
    const next = list.filter((i) => i.id !== id);
    if (next.length === list.length) return false;
    await this.write(next);
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function newOutboxId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The text that was not delivered yet (what "Copy" puts on the clipboard). */
export function pendingText(item: OutboxItem): string {
  return item.parts
    .slice(item.sent)
    .map((p) => p.replace(/^\(\d+\/\d+\) /, ''))
    .join('');
}

export function outboxLabel(item: OutboxItem): string {
  if (item.kind === 'file' && item.fileName) return item.fileName;
  const first = pendingText(item).split(/\r?\n/).find((l) => l.trim()) ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
}
