// Global state that loses no write to the echo of an older one, against a step-by-step model of
// VS Code's own code (extHostStorage's ExtensionMemento and mainThreadStorage): `update` changes
// the host's copy and joins the batch of its key (a key already in the unsent batch shares its
// promise); the batch leaves on a 0 ms timer carrying the whole copy; the main side stores it and,
// only if the stored text changed, sends it back (the echo replaces the copy) before it answers.
// Both directions keep their order. The test decides when each message is taken, so the crossing
// is exact (no wall-clock timing).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type * as vscode from 'vscode';
import { GuardedMemento } from '../../src/extension/platform/guardedMemento';

const tick = () => new Promise<void>((r) => setTimeout(r, 2));

class StepGlobalState implements vscode.Memento {
  copy: Record<string, unknown> = {};
  stored = '{}';
  private batch = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private scheduled = false;
  private readonly toMain: Array<{ snapshot: string; answers: Array<() => void> }> = [];
  private readonly toHost: Array<() => void> = [];

  keys(): readonly string[] {
    return Object.keys(this.copy);
  }
  get<T>(key: string, defaultValue?: T): T {
    return (this.copy[key] ?? defaultValue) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) delete this.copy[key];
    else this.copy[key] = JSON.parse(JSON.stringify(value)) as unknown;
    const queued = this.batch.get(key);
    if (queued) return queued.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.batch.set(key, { promise, resolve });
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => {
        this.scheduled = false;
        const answers = [...this.batch.values()].map((d) => d.resolve);
        this.batch = new Map();
        this.toMain.push({ snapshot: JSON.stringify(this.copy), answers });
      }, 0);
    }
    return promise;
  }
  /** The main side takes the next write: stores it, echoes it if the stored text changed, answers. */
  main(): void {
    const w = this.toMain.shift();
    assert.ok(w, 'no write on its way');
    if (w.snapshot !== this.stored) {
      this.stored = w.snapshot;
      this.toHost.push(() => (this.copy = JSON.parse(w.snapshot) as Record<string, unknown>));
    }
    this.toHost.push(() => w.answers.forEach((r) => r()));
  }
  /** The host takes the next message from the main side (an echo or an answer). */
  host(): void {
    const m = this.toHost.shift();
    assert.ok(m, 'no message for the host');
    m();
  }
  get writesOnTheirWay(): number {
    return this.toMain.length;
  }
  get messagesForTheHost(): number {
    return this.toHost.length;
  }
  /** Delivers everything, in order, until nothing is left to send or answer. */
  async drain(): Promise<void> {
    for (let idle = 0; idle < 3; ) {
      await tick();
      if (this.toMain.length) this.main();
      else if (this.toHost.length) this.host();
      else idle++;
    }
  }
  storedValue(key: string): unknown {
    return (JSON.parse(this.stored) as Record<string, unknown>)[key];
  }
}

/**
 * Two independent writers: the second writes after the first one's write has been stored and
 * before its echo comes back; the echo arrives before the second write leaves, which then carries
 * the copy the echo left behind: without the second key.
 */
async function twoWriters(state: vscode.Memento, model: StepGlobalState): Promise<Array<Thenable<void>>> {
  const writes = [state.update('okChat.chats', ['Backend'])];
  await tick(); // the first write leaves
  model.main(); // stored, its echo on the way back
  writes.push(state.update('okChat.unread', { Backend: 2 }));
  model.host(); // the echo, before the second write leaves
  await tick(); // the second write leaves
  return writes;
}

describe('GuardedMemento (global state written by independent events)', () => {
  it('the model loses the second write without it (the failure this guards against)', async () => {
    const model = new StepGlobalState();
    const writes = await twoWriters(model, model);
    await model.drain();
    await Promise.all(writes);
    assert.equal(model.get('okChat.unread'), undefined, 'the echo undid the write and the older object was stored');
    assert.equal(model.stored, JSON.stringify({ 'okChat.chats': ['Backend'] }));
  });

  it('keeps both writes, in the host and as stored', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const writes = await twoWriters(state, model);
    await model.drain();
    await Promise.all(writes);
    await model.drain();
    assert.deepEqual(state.get('okChat.unread'), { Backend: 2 });
    assert.deepEqual(JSON.parse(model.stored), { 'okChat.chats': ['Backend'], 'okChat.unread': { Backend: 2 } });
  });

  it('reads a key as written while its write is on its way, even if an echo undid it meanwhile', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const first = state.update('a', 1);
    await tick();
    model.main();
    const second = state.update('b', 2);
    const seen: unknown[] = [state.get('b')];
    model.host(); // the echo of the first write: the host's copy is without b
    seen.push(state.get('b'));
    for (let i = 0; i < 10 && (model.writesOnTheirWay || model.messagesForTheHost); i++) {
      await tick();
      if (model.writesOnTheirWay) model.main();
      else model.host();
      seen.push(state.get('b'));
    }
    await model.drain();
    await Promise.all([first, second]);
    assert.deepEqual(new Set(seen), new Set([2]));
    assert.deepEqual([...state.keys()].sort(), ['a', 'b']);
  });

  it('the newest write of a key wins; a removed key reads as removed', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const writes = [state.update('k', 1), state.update('k', 2), state.update('gone', 'x')];
    await tick(); // the first batch leaves
    writes.push(state.update('k', 3), state.update('gone', undefined));
    assert.equal(state.get('k'), 3);
    assert.equal(state.get('gone', 'default'), 'default');
    await model.drain();
    await Promise.all(writes);
    await model.drain();
    assert.equal(state.get('k'), 3);
    assert.deepEqual(JSON.parse(model.stored), { k: 3 });
    assert.deepEqual(state.keys(), ['k']);
  });
});

/**
 * What the Chats view saw: a send stores the chat's last use, a chat is added while that write is
 * on its way, and an unread mark is written after the send's echo came back and before the add's.
 * The unread write leaves with the copy the send's echo left behind: without the chat.
 */
async function sendAddMark(state: vscode.Memento, model: StepGlobalState): Promise<Array<Thenable<void>>> {
  const writes = [state.update('chats', [{ id: 'A', lastUsedAt: 1 }])];
  await tick();
  writes.push(state.update('chats', [{ id: 'A', lastUsedAt: 1 }, { id: 'B' }]));
  await tick();
  assert.equal(model.writesOnTheirWay, 2);
  model.main(); // stores the send's write and echoes it
  model.main(); // stores the add's
  model.host(); // the send's echo: the copy is without B again
  model.host(); // the send's answer
  await tick();
  writes.push(state.update('unread', { A: 0 })); // leaves with the copy of the send's echo
  await tick();
  model.host(); // the add's echo
  model.host(); // the add's answer: B reads as stored now
  await tick();
  return writes;
}

describe('GuardedMemento against VS Code\'s order of writes, echoes and answers', () => {
  it('the model loses the added chat without the guard: a later write of another key carried an older copy', async () => {
    const model = new StepGlobalState();
    const writes = await sendAddMark(model, model);
    await model.drain();
    await Promise.all(writes);
    assert.deepEqual(model.storedValue('chats'), [{ id: 'A', lastUsedAt: 1 }], 'B was stored, then overwritten by the unread write');
  });

  it('keeps the chat added while the send\'s write was on its way, and the unread mark', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const writes = await sendAddMark(state, model);
    await model.drain();
    await Promise.all(writes);
    await model.drain();
    assert.deepEqual(model.storedValue('chats'), [{ id: 'A', lastUsedAt: 1 }, { id: 'B' }]);
    assert.deepEqual(model.storedValue('unread'), { A: 0 });
    assert.deepEqual(state.get('chats'), [{ id: 'A', lastUsedAt: 1 }, { id: 'B' }]);
  });

  it('a key reads as written until every write that could undo it has come back', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const writes = await sendAddMark(state, model);
    // the unread write (with the older copy) is still on its way: B must still read as saved
    assert.deepEqual(state.get('chats'), [{ id: 'A', lastUsedAt: 1 }, { id: 'B' }]);
    model.main();
    model.host(); // its echo: the host's copy is without B
    assert.deepEqual(state.get('chats'), [{ id: 'A', lastUsedAt: 1 }, { id: 'B' }]);
    await model.drain();
    await Promise.all(writes);
  });

  it('settled() resolves only once every write is answered and checked, and then the stored state is read', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const writes = await sendAddMark(state, model);
    let settled = false;
    const settling = state.settled().then(() => (settled = true));
    await tick();
    assert.equal(settled, false, 'writes are still on their way');
    await model.drain();
    await settling;
    assert.deepEqual(model.storedValue('chats'), [{ id: 'A', lastUsedAt: 1 }, { id: 'B' }]);
    assert.deepEqual(state.get('chats'), model.storedValue('chats'));
    await Promise.all(writes);
    await state.settled(); // none running: at once
  });

  it('many writes of three keys crossing each other: every key ends as last written', async () => {
    const model = new StepGlobalState();
    const state = new GuardedMemento(model);
    const writes: Array<Thenable<void>> = [];
    const last: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const key = ['chats', 'unread', 'used'][i % 3];
      last[key] = i;
      writes.push(state.update(key, i));
      await tick();
      // the main side and the host take messages at uneven paces
      if (i % 2 === 0 && model.writesOnTheirWay) model.main();
      for (let n = 0; n < i % 3; n++) {
        try {
          model.host();
        } catch {
          break;
        }
      }
    }
    await model.drain();
    await Promise.all(writes);
    await model.drain();
    for (const [key, value] of Object.entries(last)) assert.equal(model.storedValue(key), value, key);
  });
});
