import * as vscode from 'vscode';
import type { OkMessage } from '../../core/model/messageSchemas';
import { apiOrigin } from '../platform/settings';
import { countUnread, firstRecord, markedSeen, readRecord, type UnreadRecord } from './unreadCount';

/**
 * Per saved chat: the time of the newest message the user has seen and how many newer messages
 * others posted, kept in global state (the same in every window, surviving restarts), one map
 * per API origin like the saved chats.
 */
export class UnreadTracker implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly now: () => number = Date.now) {}

  private key(): string {
    return `okChat.unread:${apiOrigin()}`;
  }

  private stored(): Record<string, unknown> {
    const v = this.state.get<unknown>(this.key());
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  }

  /** The record of a chat, if it was ever looked at. */
  get(chatId: string): UnreadRecord | undefined {
    return readRecord(this.stored()[chatId]);
  }

  /** Unread messages of these chats (what the badge shows). */
  total(chatIds: Iterable<string>): number {
    let sum = 0;
    for (const id of chatIds) sum += this.get(id)?.count ?? 0;
    return sum;
  }

  private async write(changes: Readonly<Record<string, UnreadRecord>>, keep?: ReadonlySet<string>): Promise<void> {
    const next: Record<string, unknown> = {};
    for (const [id, r] of Object.entries(this.stored())) if (!keep || keep.has(id)) next[id] = r;
    Object.assign(next, changes);
    await this.state.update(this.key(), next);
    this.changed.fire();
  }

  /**
   * Starts the records of saved chats that have none at "now" (a chat just saved: its history is
   * not unread) and drops those of chats no longer saved.
   */
  async follow(saved: ReadonlySet<string>): Promise<void> {
    const now = this.now();
    const stored = this.stored();
    const started: Record<string, UnreadRecord> = {};
    for (const id of saved) if (!readRecord(stored[id])) started[id] = firstRecord(now);
    const dropped = Object.keys(stored).some((id) => !saved.has(id));
    if (Object.keys(started).length > 0 || dropped) await this.write(started, saved);
  }

  /** Counts a page of the chat's newest messages; returns the chat's new record. */
  async update(chatId: string, page: readonly OkMessage[], isOurs: (m: OkMessage) => boolean, pageSize: number): Promise<UnreadRecord> {
    const before = this.get(chatId);
    const after = countUnread(before ?? firstRecord(this.now()), page, isOurs, pageSize);
    if (JSON.stringify(before) !== JSON.stringify(after)) await this.write({ [chatId]: after });
    return after;
  }

  /** After OK accepted mark_seen: nothing unread, the newest message read (or shown: `shownUpTo`) is the newest seen. */
  async markSeen(chatId: string, shownUpTo?: number): Promise<void> {
    await this.write({ [chatId]: markedSeen(this.get(chatId), this.now(), shownUpTo) });
  }

  /** Fires the change event (the API origin changed, which switches maps). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
