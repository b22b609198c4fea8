import * as vscode from 'vscode';
import type { Chat, ChatId } from '../../core';
import { ChatList } from './chatList';
import { fromOk, type ChatUpdate, type SavedChat } from './savedChat';
import { apiOrigin } from '../platform/settings';

const EMPTY: readonly SavedChat[] = Object.freeze([]);

/**
 * The chats the user saved, kept in global state (they survive restarts and are the same in
 * every window), one list per API origin. The index by id and the sorted order are built once
 * per stored list (another window's change brings a new list) and each change writes once.
 */
export class ChatStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private cache: { key: string; list: ChatList } | undefined;

  constructor(private readonly state: vscode.Memento) {}

  private key(): string {
    return `okChat.chats:${apiOrigin()}`;
  }

  /** The saved chats of the current API origin, indexed (use it for many lookups in a row). */
  list(): ChatList {
    const key = this.key();
    const stored = this.state.get<readonly SavedChat[]>(key, EMPTY);
    if (this.cache?.key !== key || this.cache.list.stored !== stored) this.cache = { key, list: new ChatList(stored) };
    return this.cache.list;
  }

  /** Saved chats sorted by label (then id), case- and locale-aware. Do not change the array. */
  all(): readonly SavedChat[] {
    return this.list().sorted();
  }

  get size(): number {
    return this.list().size;
  }

  get(chatId: string): SavedChat | undefined {
    return this.list().get(chatId);
  }

  has(chatId: string): boolean {
    return this.list().has(chatId);
  }

  private async write(key: string, list: ChatList): Promise<void> {
    // Cached first: the list's order is known already, and listeners read it at once.
    this.cache = { key, list };
    await this.state.update(key, list.stored);
    this.changed.fire();
  }

  /** Adds or updates chats, with one write; returns how many were new. `existingOnly`: updates only chats still saved. */
  async upsert(chats: readonly ChatUpdate[], existingOnly = false): Promise<number> {
    const key = this.key();
    const current = this.list();
    const { list, added } = current.upsert(chats, Date.now(), existingOnly);
    if (list !== current) await this.write(key, list);
    return added;
  }

  /** Remembers that something was just sent to a saved chat (which is also its latest event). */
  async touch(chatId: string): Promise<void> {
    const now = Date.now();
    await this.upsert([{ chatId: chatId as ChatId, lastUsedAt: now, lastEventTime: now }], true);
  }

  async updateFromOk(chat: Chat): Promise<void> {
    await this.upsert([fromOk(chat)]);
  }

  async remove(chatId: string): Promise<boolean> {
    const key = this.key();
    const next = this.list().remove(chatId);
    if (!next) return false;
    await this.write(key, next);
    return true;
  }

  /** Fires the change event (e.g. after the base URL changed, which switches lists). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
