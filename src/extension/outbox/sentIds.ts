import type * as vscode from 'vscode';
import { readSentRecords, withSentIds } from '../../core/messages/sentRecords';

/**
 * The message ids OK gave back to our sends, so that a message OK shows with another sender than
 * the group is still known as ours (see the core's `oursBy`). Kept in global state (shared by every
 * window, surviving restarts), the newest 1000 for 30 days; windows read the stored list on each
 * check, so a send from one window counts in all.
 */
const KEY = 'okChat.sentMessageIds';

export class SentIds {
  constructor(private readonly state: vscode.Memento, private readonly now: () => number = Date.now) {}

  /** Ids OK gave to sends just accepted. */
  async add(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.state.update(KEY, withSentIds(readSentRecords(this.state.get(KEY), this.now()), ids, this.now()));
  }

  /** The ids now kept, for one poll or one page of lines. */
  snapshot(): { has(id: string): boolean } {
    return new Set(readSentRecords(this.state.get(KEY), this.now()).map((r) => r.id));
  }
}

let shared: SentIds | undefined;

/** Opens the window's store over the extension's global state (at activation). */
export function openSentIds(state: vscode.Memento): void {
  shared = new SentIds(state);
}

/** The window's store (none before activation, in tests of parts: nothing is kept). */
export function sentIds(): Pick<SentIds, 'add' | 'snapshot'> {
  return shared ?? { add: () => Promise.resolve(), snapshot: () => new Set<string>() };
}
