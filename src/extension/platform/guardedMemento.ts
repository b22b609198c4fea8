import type * as vscode from 'vscode';

/**
 * `globalState` that does not lose a write to the echo of an older one.
 *
 * VS Code keeps an extension's global state as one object. `update` changes the extension
 * host's copy at once and writes the whole object a moment later; every write comes back as an
 * event with the whole object as stored, which replaces the copy (this is how other windows'
 * changes arrive). A write made while an earlier one is on its way is undone when the earlier
 * one comes back, and if its own write had not left yet, the older object is what gets stored:
 * the newer value is lost, whatever its key (microsoft/vscode#137132). Saved chats, unread counts
 * and the Outbox fallback all write to global state from independent events, so it happens.
 *
 * Here, until a write has settled its key reads as written, and once it has, the value stored is
 * checked: if an echo undid it, it is written again (up to three times). Another window's write
 * in that moment is overwritten, which is what a write a moment later would have done anyway.
 */
export class GuardedMemento implements vscode.Memento {
  /** Values written and not yet settled, by key, with the number of their write. */
  private readonly pending = new Map<string, { value: unknown; write: number }>();
  private writes = 0;

  constructor(private readonly state: vscode.Memento) {}

  keys(): readonly string[] {
    const keys = new Set(this.state.keys());
    for (const [key, p] of this.pending) {
      if (p.value === undefined) keys.delete(key);
      else keys.add(key);
    }
    return [...keys];
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    const p = this.pending.get(key);
    const value = p ? (p.value as T | undefined) : this.state.get<T>(key);
    return value === undefined ? defaultValue : value;
  }

  async update(key: string, value: unknown): Promise<void> {
    const write = ++this.writes;
    this.pending.set(key, { value, write });
    const newest = () => this.pending.get(key)?.write === write;
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        await this.state.update(key, value);
        // a newer write of this key owns it now; or the stored value is this one
        if (!newest() || sameJson(this.state.get(key), value)) return;
      }
      // undone three times in a row: the writes keep crossing another window's; the last one stands
    } finally {
      if (newest()) this.pending.delete(key);
    }
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
