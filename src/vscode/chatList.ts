// The saved chats as data: lookups, order, changes and what the tree and the pickers show.
// No `vscode` import, so unit tests and the 10 000-chat benchmark (test/bench/chats.ts) run it in Node.
import type { Chat } from '../core/schemas';
import type { ChatId } from '../core/ids';
import { chatDescription, chatTooltip, isChatGone, type ChatInfo } from '../core/display';

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
    title: chat.title || undefined,
    iconUrl: chat.icon?.url || undefined,
    status: chat.status,
    participants: chat.participants ? Object.keys(chat.participants) : undefined,
    lastEventTime: chat.lastEventTime,
  };
}

/** What a chat is called in the tree and the pickers: its title, else its id without `chat:`. */
export function chatLabel(chat: Pick<SavedChat, 'chatId' | 'title'>): string {
  return chat.title?.trim() || chat.chatId.slice('chat:'.length);
}

// Created once: `localeCompare` with options builds a collator on every comparison.
const labelOrder = new Intl.Collator(undefined, { sensitivity: 'base' });
const idOrder = new Intl.Collator();

/** The order of the tree: by the label shown (case- and locale-aware, ё = е), then by id. */
export function compareChats(a: Pick<SavedChat, 'chatId' | 'title'>, b: Pick<SavedChat, 'chatId' | 'title'>): number {
  return labelOrder.compare(chatLabel(a), chatLabel(b)) || idOrder.compare(a.chatId, b.chatId);
}

function sortChats(chats: readonly SavedChat[]): SavedChat[] {
  const keyed = chats.map((chat) => ({ chat, label: chatLabel(chat) }));
  keyed.sort((a, b) => labelOrder.compare(a.label, b.label) || idOrder.compare(a.chat.chatId, b.chat.chatId));
  return keyed.map((k) => k.chat);
}

/** Inserts `chat` into `sorted` (ordered by compareChats) where it belongs. */
function insertSorted(sorted: SavedChat[], chat: SavedChat): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareChats(sorted[mid], chat) <= 0) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, chat);
}

/** `target` with the fields of `update` that are not undefined. */
function withDefined(target: SavedChat, update: ChatUpdate): SavedChat {
  const out = target as unknown as Record<string, unknown>;
  for (const key in update) {
    const value = (update as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return target;
}

/** Up to this many changed chats, the order is updated in place of sorting everything again. */
const INCREMENTAL_LIMIT = 64;

/**
 * One stored list of saved chats (in the order they were added) with an index by id, built once,
 * and the tree's order, sorted once when first asked for. Never changed: `upsert` and `remove`
 * return the next list, whose order is derived from this one's when few chats changed.
 */
export class ChatList {
  private readonly index = new Map<string, number>();
  private order: readonly SavedChat[] | undefined;

  constructor(readonly stored: readonly SavedChat[], sorted?: readonly SavedChat[]) {
    stored.forEach((chat, i) => this.index.set(chat.chatId, i));
    this.order = sorted;
  }

  get size(): number {
    return this.stored.length;
  }

  get(chatId: string): SavedChat | undefined {
    const i = this.index.get(chatId);
    return i === undefined ? undefined : this.stored[i];
  }

  has(chatId: string): boolean {
    return this.index.has(chatId);
  }

  /** The chats by label (then id): the order of the tree. */
  sorted(): readonly SavedChat[] {
    this.order ??= sortChats(this.stored);
    return this.order;
  }

  /**
   * Adds or updates chats (a chat given twice gets both updates, in order). `existingOnly`: chats
   * not in the list are left out, not added. `added` counts the new chats; `list` is this list
   * when nothing changed.
   */
  upsert(updates: readonly ChatUpdate[], now: number, existingOnly = false): { list: ChatList; added: number } {
    const next = this.stored.slice();
    const positions = new Map<string, number>();
    const changed = new Set<string>();
    /** chats whose place in the order may have changed: new ones and those with a new label */
    const moved = new Set<string>();
    let added = 0;
    for (const update of updates) {
      const i = positions.get(update.chatId) ?? this.index.get(update.chatId);
      if (i !== undefined) {
        const before = next[i];
        next[i] = withDefined({ ...before }, update);
        if (update.title !== undefined && chatLabel(next[i]) !== chatLabel(before)) moved.add(update.chatId);
      } else if (!existingOnly) {
        positions.set(update.chatId, next.length);
        next.push(withDefined({ addedAt: now, chatId: update.chatId }, update));
        moved.add(update.chatId);
        added++;
      } else {
        continue;
      }
      changed.add(update.chatId);
    }
    if (changed.size === 0) return { list: this, added };
    return { list: new ChatList(next, this.reorder(changed, moved, (id) => next[positions.get(id) ?? this.index.get(id) ?? -1])), added };
  }

  /** The list without `chatId`, or undefined when it is not in it. */
  remove(chatId: string): ChatList | undefined {
    if (!this.has(chatId)) return undefined;
    return new ChatList(
      this.stored.filter((c) => c.chatId !== chatId),
      this.order?.filter((c) => c.chatId !== chatId),
    );
  }

  /**
   * The order after `changed` chats changed, of which `moved` are new or have a new label (the
   * others keep their place): undefined to sort again when asked.
   */
  private reorder(changed: ReadonlySet<string>, moved: ReadonlySet<string>, current: (chatId: string) => SavedChat): SavedChat[] | undefined {
    if (!this.order || moved.size > INCREMENTAL_LIMIT) return undefined;
    const order: SavedChat[] = [];
    for (const chat of this.order) {
      if (!moved.has(chat.chatId)) order.push(changed.has(chat.chatId) ? current(chat.chatId) : chat);
    }
    for (const id of moved) insertSorted(order, current(id));
    return order;
  }
}

/** The group's chats that can be added: not left, not removed, not saved yet. */
export function addableChats<T extends Pick<Chat, 'chat_id' | 'status'>>(groupChats: readonly T[], saved: Pick<ChatList, 'has'>): T[] {
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
    const short = chat.chatId.slice('chat:'.length);
    return { label: chatLabel(chat), description: i === 0 && chat.lastUsedAt ? `${short} · ${recentlyUsed}` : short, chat };
  });
}

export function chatInfo(chat: SavedChat): ChatInfo {
  return { chatId: chat.chatId, title: chat.title, status: chat.status, members: chat.participants?.length, lastEventTime: chat.lastEventTime };
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

export function chatRow(chat: SavedChat, now: number, locale?: string): ChatRow {
  return {
    label: chatLabel(chat),
    shortId: chat.chatId.slice('chat:'.length),
    description: chatDescription(chatInfo(chat), now, locale),
    gone: isChatGone(chat),
  };
}

/** The tooltip of a chat's row, Markdown. */
export function chatRowTooltip(chat: SavedChat, now: number, locale?: string): string {
  return chatTooltip(chatInfo(chat), now, locale);
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
