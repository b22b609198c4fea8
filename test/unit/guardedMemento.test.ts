// Global state that loses no write to the echo of an older one, against a model of how VS Code's
// extension host keeps global state (one object per extension, written a moment after `update`,
// every stored object sent back and put in place of the host's copy).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type * as vscode from 'vscode';
import { GuardedMemento } from '../../src/extension/platform/guardedMemento';
import { sleep } from '../helpers/sleep';


/**
 * The extension host's side: `update` changes the copy and schedules writing the whole object;
 * the main process stores it, sends it back (the event other windows' changes come by) and then
 * answers. Delays in ms: the write leaves `flushMs` after the last update, the echo arrives
 * `echoMs` after it left, the answer right after the echo.
 */
class ModelGlobalState implements vscode.Memento {
  copy: Record<string, unknown> = {};
  stored: Record<string, unknown> = {};
  private timer: NodeJS.Timeout | undefined;
  private waiting: Array<() => void> = [];
  constructor(private readonly flushMs = 5, private readonly echoMs = 3) {}
  keys(): readonly string[] {
    return Object.keys(this.copy);
  }
  get<T>(key: string, defaultValue?: T): T {
    return (this.copy[key] ?? defaultValue) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) delete this.copy[key];
    else this.copy[key] = value;
    const done = new Promise<void>((r) => this.waiting.push(r));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const sent = JSON.stringify(this.copy);
      const answered = this.waiting;
      this.waiting = [];
      setTimeout(() => {
        this.stored = JSON.parse(sent) as Record<string, unknown>;
        this.copy = JSON.parse(sent) as Record<string, unknown>; // the echo
        setTimeout(() => answered.forEach((r) => r()), 0);
      }, this.echoMs);
    }, this.flushMs);
    return done;
  }
}

/** Two independent writers: the second writes while the first one's write is on its way back. */
async function twoWriters(state: vscode.Memento): Promise<void> {
  const first = state.update('okChat.chats', ['Backend']);
  await sleep(6); // the first write has left, its echo has not come back
  const second = state.update('okChat.unread', { Backend: 2 });
  await Promise.all([first, second]);
}

describe('GuardedMemento (global state written by independent events)', () => {
  it('the model loses the second write without it (the failure this guards against)', async () => {
    const state = new ModelGlobalState();
    await twoWriters(state);
    assert.equal(state.get('okChat.unread'), undefined, 'the echo undid the write and the older object was stored');
    assert.deepEqual(state.stored, { 'okChat.chats': ['Backend'] });
  });

  it('keeps both writes, in the host and as stored', async () => {
    const model = new ModelGlobalState();
    const state = new GuardedMemento(model);
    await twoWriters(state);
    assert.deepEqual(state.get('okChat.unread'), { Backend: 2 });
    assert.deepEqual(model.stored, { 'okChat.chats': ['Backend'], 'okChat.unread': { Backend: 2 } });
  });

  it('reads a key as written while its write is on its way, even if an echo undid it meanwhile', async () => {
    const model = new ModelGlobalState();
    const state = new GuardedMemento(model);
    const first = state.update('a', 1);
    await sleep(6);
    const second = state.update('b', 2);
    const seen: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push(state.get('b'));
      await sleep(2);
    }
    await Promise.all([first, second]);
    assert.deepEqual(new Set(seen), new Set([2]));
    assert.deepEqual([...state.keys()].sort(), ['a', 'b']);
  });

  it('the newest write of a key wins; a removed key reads as removed', async () => {
    const model = new ModelGlobalState();
    const state = new GuardedMemento(model);
    const writes = [state.update('k', 1), state.update('k', 2), state.update('gone', 'x')];
    await sleep(1);
    writes.push(state.update('k', 3), state.update('gone', undefined));
    assert.equal(state.get('k'), 3);
    assert.equal(state.get('gone', 'default'), 'default');
    await Promise.all(writes);
    assert.equal(state.get('k'), 3);
    assert.deepEqual(model.stored, { k: 3 });
    assert.deepEqual(state.keys(), ['k']);
  });
});
