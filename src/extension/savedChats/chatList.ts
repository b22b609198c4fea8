// The saved chats as a list: lookups, order and changes, fast for 10 000 chats.
// No `vscode` import, so unit tests and the 10 000-chat benchmark (test/bench/chatListBench.ts) run it in Node.
import { chatLabel, type SavedChat, type ChatUpdate } from './savedChat';

const labelOrder = new Intl.Collator(undefined, { sensitivity: 'base' });
const idOrder = new Intl.Collator();

/** The order of the tree: by the label shown (case- and locale-aware, ё = е), then by id. */
export function compareChats(a: Pick<SavedChat, 'chatId' | 'title'>, b: Pick<SavedChat, 'chatId' | 'title'>): number {
  return labelOrder.compare(chatLabel(a), chatLabel(b)) || idOrder.compare(a.chatId, b.chatId);
}

/** The positions of `chats` (those given, else all) in the order of the tree. */
function sortPositions(chats: readonly SavedChat[], positions?: readonly number[]): number[] {
  const keyed = (positions ?? chats.map((_, i) => i)).map((i) => ({ i, chatId: chats[i].chatId, label: chatLabel(chats[i]) }));
  keyed.sort((a, b) => labelOrder.compare(a.label, b.label) || idOrder.compare(a.chatId, b.chatId));
  return keyed.map((k) => k.i);
}

/** In `ranks` (positions in `chats`, in the tree's order), from `lo` on: where `chat` goes, after every chat that sorts before or with it. */
function placeOf(ranks: readonly number[], chats: readonly SavedChat[], chat: SavedChat, lo = 0): number {
  let hi = ranks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareChats(chats[ranks[mid]], chat) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where position `i` of `chats` is in `ranks` (positions in `chats`, in the tree's order). */
function rankOf(ranks: readonly number[], chats: readonly SavedChat[], i: number): number {
  const at = placeOf(ranks, chats, chats[i]) - 1;
  return ranks[at] === i ? at : ranks.indexOf(i);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `chat` with the fields of `update` that are not undefined (a copy), or `chat` itself when they change nothing. */
function updated(chat: SavedChat, update: ChatUpdate): SavedChat {
  const before = chat as unknown as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in update) {
    const value = (update as Record<string, unknown>)[key];
    if (value === undefined || sameValue(before[key], value)) continue;
    out ??= { ...before };
    out[key] = value;
  }
  return (out as unknown as SavedChat | undefined) ?? chat;
}

/** `target` (new) with the fields of `update` that are not undefined. */
function withDefined(target: SavedChat, update: ChatUpdate): SavedChat {
  const out = target as unknown as Record<string, unknown>;
  for (const key in update) {
    const value = (update as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return target;
}

/** Up to this many chats to place again, each is found and placed by a binary search; more: sorted and merged. */
const FIND_LIMIT = 64;

const CHANGED = 1;
/** the label changed: the place in the order may have */
const MOVED = 2;

/**
 * Positions in the stored list by chat id: one map, built once and shared by the lists derived
 * from it while chats are only changed or added (their positions stay), plus the chats added since.
 */
class Positions {
  /** Added chats kept apart before the index is built again. */
  private static readonly ADDED_LIMIT = 512;

  private constructor(private readonly base: ReadonlyMap<string, number>, private readonly added?: ReadonlyMap<string, number>) {}

  static of(stored: readonly SavedChat[]): Positions {
    const base = new Map<string, number>();
    for (let i = 0; i < stored.length; i++) base.set(stored[i].chatId, i);
    return new Positions(base);
  }

  get(chatId: string): number | undefined {
    return this.added?.get(chatId) ?? this.base.get(chatId);
  }

  has(chatId: string): boolean {
    return this.base.has(chatId) || this.added?.has(chatId) === true;
  }

  /** The positions once `appended` (id → position) were added at the end of `stored`. */
  with(appended: ReadonlyMap<string, number>, stored: readonly SavedChat[]): Positions {
    if ((this.added?.size ?? 0) + appended.size > Positions.ADDED_LIMIT) return Positions.of(stored);
    return new Positions(this.base, this.added ? new Map([...this.added, ...appended]) : appended);
  }
}

/**
 * One stored list of saved chats (in the order they were added) with an index by id, built once,
 * and the tree's order (kept as positions in the stored list), sorted once when first asked for.
 * Never changed: `upsert` and `remove` return the next list, whose index and order are derived
 * from this one's: changing chats without renaming them keeps the order as it is.
 */
export class ChatList {
  private readonly index: Positions;
  /** positions in `stored`, in the tree's order */
  private ranks: readonly number[] | undefined;
  private order: readonly SavedChat[] | undefined;

  /** `index` and `ranks`: what is known already of `stored`. */
  constructor(readonly stored: readonly SavedChat[], index?: Positions, ranks?: readonly number[]) {
    this.index = index ?? Positions.of(stored);
    this.ranks = ranks;
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
    if (!this.order) {
      const stored = this.stored;
      this.order = (this.ranks ??= sortPositions(stored)).map((i) => stored[i]);
    }
    return this.order;
  }

  /**
   * Adds or updates chats (a chat given twice gets both updates, in order). `existingOnly`: chats
   * not in the list are left out, not added. `added` counts the new chats; `list` is this list
   * when nothing changed (updates that only repeat what is saved change nothing): then there is
   * nothing to write.
   */
  upsert(updates: readonly ChatUpdate[], now: number, existingOnly = false): { list: ChatList; added: number } {
    let next: SavedChat[] | undefined; // copied at the first change
    let appended: Map<string, number> | undefined;
    /** CHANGED, MOVED by position, for the chats saved before */
    let flags: Uint8Array | undefined;
    const changed: number[] = [];
    let moved = 0;
    let added = 0;
    // A refresh gives every chat in the tree's order: then the k-th update is the k-th chat of the order, found without hashing its id.
    const ranks = this.ranks;
    for (let k = 0; k < updates.length; k++) {
      const update = updates[k];
      const hint = ranks !== undefined && k < ranks.length ? ranks[k] : -1;
      const i = hint >= 0 && this.stored[hint].chatId === update.chatId ? hint : (appended?.get(update.chatId) ?? this.index.get(update.chatId));
      if (i !== undefined) {
        const before = (next ?? this.stored)[i];
        const after = updated(before, update);
        if (after === before) continue;
        next ??= this.stored.slice();
        next[i] = after;
        if (i >= this.stored.length) continue;
        flags ??= new Uint8Array(this.stored.length);
        if (!(flags[i] & CHANGED)) changed.push(i);
        flags[i] |= CHANGED;
        if (!(flags[i] & MOVED) && after.title !== before.title && chatLabel(after) !== chatLabel(this.stored[i])) {
          flags[i] |= MOVED;
          moved++;
        }
      } else if (!existingOnly) {
        next ??= this.stored.slice();
        (appended ??= new Map()).set(update.chatId, next.length);
        next.push(withDefined({ addedAt: now, chatId: update.chatId }, update));
        added++;
      }
    }
    if (!next) return { list: this, added };
    const index = appended ? this.index.with(appended, next) : this.index;
    return { list: new ChatList(next, index, ranks && this.reorder(ranks, next, flags, changed, moved, appended?.size ?? 0)), added };
  }

  /** The list without `chatId`, or undefined when it is not in it. */
  remove(chatId: string): ChatList | undefined {
    const i = this.index.get(chatId);
    if (i === undefined) return undefined;
    let ranks: number[] | undefined;
    if (this.ranks) {
      ranks = [];
      for (const r of this.ranks) if (r !== i) ranks.push(r > i ? r - 1 : r);
    }
    return new ChatList(this.stored.filter((c) => c.chatId !== chatId), undefined, ranks);
  }

  /**
   * The order of `next`, in which the saved chats at `changed` positions changed, `moved` of them
   * with a new label (flags: MOVED), and `added` were added at the end: the others keep their
   * place, the moved and the new ones are placed by binary search, or sorted and merged in.
   * Undefined (sort when asked) when most chats are to be placed.
   */
  private reorder(ranks: readonly number[], next: readonly SavedChat[], flags: Uint8Array | undefined, changed: readonly number[], moved: number, added: number): readonly number[] | undefined {
    if (moved === 0 && added === 0) return ranks;
    const placed: number[] = [];
    for (const i of changed) if ((flags as Uint8Array)[i] & MOVED) placed.push(i);
    for (let i = this.stored.length; i < next.length; i++) placed.push(i);
    if (placed.length > ranks.length / 2) return undefined;
    let kept: number[];
    if (moved <= FIND_LIMIT) {
      kept = ranks.slice();
      // found by their old label, in the old list's order
      for (const i of placed) if (i < this.stored.length) kept.splice(rankOf(kept, this.stored, i), 1);
    } else {
      kept = ranks.filter((i) => !((flags as Uint8Array)[i] & MOVED));
    }
    if (placed.length <= FIND_LIMIT) {
      for (const i of placed) kept.splice(placeOf(kept, next, next[i]), 0, i);
      return kept;
    }
    const out: number[] = [];
    let from = 0;
    for (const i of sortPositions(next, placed)) {
      const at = placeOf(kept, next, next[i], from);
      for (; from < at; from++) out.push(kept[from]);
      out.push(i);
    }
    for (; from < kept.length; from++) out.push(kept[from]);
    return out;
  }
}
