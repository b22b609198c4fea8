import type * as vscode from 'vscode';

/**
 * `globalState` that does not lose a write to the echo of an older one.
 *
 * VS Code keeps an extension's global state as one object. `update` changes the extension
 * host's copy at once and writes the whole copy a moment later (a 0 ms timer); the window stores
 * it and, if the stored text changed, sends it back before it answers the write; what comes back
 * replaces the copy (this is how other windows' changes arrive). So while a write is on its way,
 * its echo can put an older copy in place of a newer change, and any write that leaves before the
 * newer change's own echo has come back carries that older copy, whatever key it was made for:
 * stored after the newer change, it undoes it (microsoft/vscode#137132).
 *
 * That is why a key cannot be trusted when its own write is answered: a write of another key may
 * already be on its way with an older copy. Here a key reads as written until every write of this
 * window has been answered (then the host's copy is what is stored); only then is it checked, and
 * written again if it was undone (at most {@link MAX_ROUNDS} times). Another window's write in that
 * moment is overwritten, which is what a write a moment later would have done anyway.
 */
export class GuardedMemento implements vscode.Memento {
  /** Values written and not yet confirmed as stored, by key, with the number of their write. */
  private readonly pending = new Map<string, { value: unknown; write: number }>();
  private writes = 0;
  /** Writes given to VS Code and not answered yet. */
  private onTheirWay = 0;
  /** Called when no write is on its way any more. */
  private waiting: Array<() => void> = [];
  /** Updates not yet answered and checked. */
  private readonly running = new Set<Promise<void>>();

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
    const running = this.write(key, value);
    this.running.add(running);
    try {
      await running;
    } finally {
      this.running.delete(running);
    }
  }

  /**
   * Resolves when every update made so far, and any made meanwhile, has been answered and checked:
   * then the host's copy is what is stored, and no echo of this window's writes is on its way.
   */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async write(key: string, value: unknown): Promise<void> {
    const write = ++this.writes;
    this.pending.set(key, { value, write });
    const newest = () => this.pending.get(key)?.write === write;
    try {
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        await this.send(key, value);
        await this.allAnswered();
        // a newer write of this key owns it now; or the stored value is this one
        if (!newest() || sameJson(this.state.get(key), value)) return;
      }
      // undone every round: the writes keep crossing another window's; the last one stands
    } finally {
      if (newest()) this.pending.delete(key);
    }
  }

  private async send(key: string, value: unknown): Promise<void> {
    this.onTheirWay++;
    try {
      await this.state.update(key, value);
    } finally {
      if (--this.onTheirWay === 0) {
        const waiting = this.waiting;
        this.waiting = [];
        for (const resume of waiting) resume();
      }
    }
  }

  /**
   * Resolves when no write of this window is on its way (at once if none is). The checks that
   * follow run before any message from the window can arrive, so the host's copy is what is stored.
   */
  private allAnswered(): Promise<void> {
    if (this.onTheirWay === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** How many times a write undone by an echo is made again. */
const MAX_ROUNDS = 5;

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
