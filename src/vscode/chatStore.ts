import * as vscode from 'vscode';
import type { Chat, ChatId } from '../core';
import { apiOrigin } from './settings';

export interface SavedChat {
  chatId: ChatId;
  title?: string;
  iconUrl?: string;
  /** ACTIVE, LEFT or REMOVED as last seen on OK. */
  status?: string;
  participants?: string[];
  /** When something last happened in the chat, as OK said (ms). */
  lastEventTime?: number;
  addedAt: number;
  /** When something was last sent to it from this machine (orders the chat pickers). */
  lastUsedAt?: number;
}


/**
 * The chats the user saved, kept in global state (they survive restarts and are the same in
 * every window), one list per API origin.
 */
export class ChatStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private key(): string {
    return `okChat.chats:${apiOrigin()}`;
  }

  /** Saved chats sorted by title (then id), case- and locale-aware. */
  all(): SavedChat[] {
    const list = this.state.get<SavedChat[]>(this.key(), []);
    return [...list].sort((a, b) => (a.title ?? a.chatId).localeCompare(b.title ?? b.chatId, undefined, { sensitivity: 'base' }) || a.chatId.localeCompare(b.chatId));
  }

  get(chatId: string): SavedChat | undefined {
    return this.state.get<SavedChat[]>(this.key(), []).find((c) => c.chatId === chatId);
  }

  has(chatId: string): boolean {
    return this.get(chatId) !== undefined;
  }

  private async write(list: SavedChat[]): Promise<void> {
    await this.state.update(this.key(), list);
    this.changed.fire();
  }

  /** Adds or updates chats; returns how many were new. */
  async upsert(chats: ReadonlyArray<Partial<SavedChat> & { chatId: ChatId }>): Promise<number> {
    const list = this.state.get<SavedChat[]>(this.key(), []).slice();
    let added = 0;
    for (const chat of chats) {
      const i = list.findIndex((c) => c.chatId === chat.chatId);
      const defined = Object.fromEntries(Object.entries(chat).filter(([, v]) => v !== undefined)) as Partial<SavedChat>;
      if (i >= 0) {
        list[i] = { ...list[i], ...defined };
      } else {
        list.push({ addedAt: Date.now(), ...defined, chatId: chat.chatId });
        added++;
      }
    }
    await this.write(list);
    return added;
  }

  /** Remembers that something was just sent to a saved chat (which is also its latest event). */
  async touch(chatId: string): Promise<void> {
    const now = Date.now();
    if (this.has(chatId)) await this.upsert([{ chatId: chatId as ChatId, lastUsedAt: now, lastEventTime: now }]);
  }

  async updateFromOk(chat: Chat): Promise<void> {
    await this.upsert([fromOk(chat)]);
  }

  async remove(chatId: string): Promise<boolean> {
    const list = this.state.get<SavedChat[]>(this.key(), []);
    const next = list.filter((c) => c.chatId !== chatId);
    if (next.length === list.length) return false;
    await this.write(next);
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

export function fromOk(chat: Chat): Partial<SavedChat> & { chatId: ChatId } {
  return {
    chatId: chat.chat_id as ChatId,
    title: chat.title || undefined,
    iconUrl: chat.icon?.url || undefined,
    status: chat.status,
    participants: chat.participants ? Object.keys(chat.participants) : undefined,
    lastEventTime: chat.lastEventTime,
  };
}

export function chatLabel(chat: Pick<SavedChat, 'chatId' | 'title'>): string {
  return chat.title?.trim() || chat.chatId.slice('chat:'.length);
}
