// A saved chat: what OK says of it, and what the tree and the pickers show.
// No `vscode` import, so unit tests and the 10 000-chat benchmark run it in Node.
import type { Chat } from '../../core/model/okSchemas';
import { shortChatId, type ChatId } from '../../core/model/ids';
import { chatDescription, chatTitleOf, chatTooltip, isChatGone, type ChatInfo } from '../../core/messages/labels';

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

/** New or changed fields of a chat; fields left undefined keep their value. */
export type ChatUpdate = Partial<SavedChat> & { chatId: ChatId };

export function fromOk(chat: Chat): ChatUpdate {
  return {
    chatId: chat.chat_id as ChatId,
    title: chatTitleOf(chat),
    iconUrl: chat.icon?.url || undefined,
    status: chat.status,
    participants: chat.participants ? Object.keys(chat.participants) : undefined,
    lastEventTime: chat.lastEventTime,
  };
}

/** What a chat is called in the tree and the pickers: its title, else its id without `chat:`. */
export function chatLabel(chat: Pick<SavedChat, 'chatId' | 'title'>): string {
  return chat.title?.trim() || shortChatId(chat.chatId);
}

// Created once: `localeCompare` with options builds a collator on every comparison.

/** The group's chats that can be added: not left, not removed, not saved yet. */
export function addableChats<T extends Pick<Chat, 'chat_id' | 'status'>>(groupChats: readonly T[], saved: { has(chatId: string): boolean }): T[] {
  return groupChats.filter((c) => c.status !== 'LEFT' && c.status !== 'REMOVED' && !saved.has(c.chat_id));
}

/** Chats for a picker: the most recently used first, then the rest in list order. */
export function byRecentUse<T extends { lastUsedAt?: number }>(chats: readonly T[]): T[] {
  return chats
    .map((chat, index) => ({ chat, index }))
    .sort((a, b) => (b.chat.lastUsedAt ?? 0) - (a.chat.lastUsedAt ?? 0) || a.index - b.index)
    .map((e) => e.chat);
}

/** The items of "Choose a chat": most recently used first; the first says so (`recentlyUsed`). */
export function chatPickItems(saved: readonly SavedChat[], recentlyUsed: string): Array<{ label: string; description: string; chat: SavedChat }> {
  return byRecentUse(saved).map((chat, i) => {
    const short = shortChatId(chat.chatId);
    return { label: chatLabel(chat), description: i === 0 && chat.lastUsedAt ? `${short} · ${recentlyUsed}` : short, chat };
  });
}

/** What an unread check added to a chat: the count as shown ("3", "500+", '') and the time of the newest message it read. */
export interface ChatActivity {
  unread?: string;
  newest?: number;
}

export function chatInfo(chat: SavedChat, activity?: ChatActivity): ChatInfo {
  // the newest message an unread check read is activity too (OK's lastEventTime is only read on a refresh)
  const last = Math.max(chat.lastEventTime ?? 0, activity?.newest ?? 0) || undefined;
  return { chatId: chat.chatId, title: chat.title, status: chat.status, members: chat.participants?.length, lastEventTime: last, ...(activity?.unread ? { unread: activity.unread } : {}) };
}

/** What a chat's row in the tree shows (the tree item adds icons and commands; the tooltip comes on hover: chatRowTooltip). */
export interface ChatRow {
  label: string;
  /** the id without `chat:` */
  shortId: string;
  description: string;
  /** left or removed: nothing can be sent to it */
  gone: boolean;
}

export function chatRow(chat: SavedChat, now: number, locale?: string, activity?: ChatActivity): ChatRow {
  return {
    label: chatLabel(chat),
    shortId: shortChatId(chat.chatId),
    description: chatDescription(chatInfo(chat, activity), now, locale),
    gone: isChatGone(chat),
  };
}

/** The tooltip of a chat's row, Markdown. */
export function chatRowTooltip(chat: SavedChat, now: number, locale?: string, activity?: ChatActivity): string {
  return chatTooltip(chatInfo(chat, { ...activity, unread: '' }), now, locale);
}

/**
 * Fetches every chat of `saved` from OK one after the other. Stops at the first error other than
 * "not found" (`error`), keeping what was fetched until then; chats OK no longer knows are marked
 * REMOVED and listed in `gone`.
 */
export async function fetchChatUpdates(
  saved: readonly SavedChat[],
  fetchChat: (chatId: ChatId) => Promise<Chat>,
): Promise<{ updates: ChatUpdate[]; gone: SavedChat[]; error?: Error }> {
  const updates: ChatUpdate[] = [];
  const gone: SavedChat[] = [];
  for (const chat of saved) {
    try {
      updates.push(fromOk(await fetchChat(chat.chatId)));
    } catch (e) {
      if ((e as { kind?: string }).kind !== 'not-found') return { updates, gone, error: e instanceof Error ? e : new Error(String(e)) };
      updates.push({ chatId: chat.chatId, status: 'REMOVED' });
      gone.push(chat);
    }
  }
  return { updates, gone };
}
