import type * as vscode from 'vscode';
import { apiOrigin } from '../platform/settings';
import { readPeople, sendersOf, withPeople, type SenderOf } from './peopleRecords';

/**
 * The people of the group by name, learned from what OK returned (the senders of messages the
 * unread checks and the conversations read), kept in global state (every window, restarts), one
 * list per group and API origin, bounded (see peopleRecords.ts). The pickers of Add Members and
 * Remove Member and their confirmations name people with it.
 */
export class KnownPeople {
  /** The group of the token, once a part that asked OK told it (reset when the token changes). */
  group: string | undefined;

  constructor(private readonly state: vscode.Memento, private readonly now: () => number = Date.now) {}

  private key(): string {
    return `okChat.people:${apiOrigin()}`;
  }

  /** Learns the senders' names of messages read for `group` (nothing without a group). */
  async learn(group: string | undefined, messages: readonly SenderOf[]): Promise<void> {
    if (!group) return;
    this.group = group;
    const names = sendersOf(messages);
    if (names.size === 0) return;
    const next = withPeople(readPeople(this.state.get(this.key())), group, names, this.now());
    if (next) await this.state.update(this.key(), next);
  }

  /** The names known for `group`, by user id (`user:N`). */
  names(group: string | undefined): Map<string, string> {
    const people = group ? readPeople(this.state.get(this.key()))[group]?.people : undefined;
    return new Map(Object.entries(people ?? {}).map(([id, p]) => [id, p.name]));
  }
}
