import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { coalescingRunner } from '../../src/core/async/coalescingRunner';

/** Lets every pending promise callback run (a macrotask: all microtasks before it are done). */
const settle = () => new Promise<void>((r) => setImmediate(r));

/** A promise the test resolves when it wants. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/**
 * A job like the view-state update: reads the state, awaits (run n goes on when the test opens
 * gate n), shows what it read. `finished(n)` resolves once run n has shown its value.
 */
function viewState() {
  const s = { value: 0, shown: -1, runs: 0 };
  const gates = Array.from({ length: 8 }, gate);
  const done = Array.from({ length: 8 }, gate);
  const job = async () => {
    const read = s.value;
    const n = s.runs++;
    await gates[n].promise;
    s.shown = read;
    done[n].open();
  };
  return { s, job, open: (n: number) => gates[n].open(), finished: (n: number) => done[n].promise };
}

describe('coalescingRunner', () => {
  it('calling the job directly can show stale state (the race it exists for)', async () => {
    const { s, job, open, finished } = viewState();
    s.value = 1;
    void job(); // slow
    s.value = 2;
    void job(); // fast, finishes first
    open(1);
    await finished(1);
    open(0);
    await finished(0);
    assert.equal(s.shown, 1, 'the slow, older run finished last');
  });

  it('the last run starts after the last request, so what is shown is the newest state', async () => {
    const { s, job, open, finished } = viewState();
    const refresh = coalescingRunner(job, (e) => assert.fail(String(e)));
    s.value = 1;
    refresh(); // slow
    s.value = 2;
    refresh();
    assert.equal(s.runs, 1, 'one run at a time');
    open(0);
    open(1);
    await finished(1);
    await settle();
    assert.equal(s.shown, 2);
    assert.equal(s.runs, 2);
  });

  it('requests during a run are merged into one more run', async () => {
    const { s, job, open, finished } = viewState();
    const refresh = coalescingRunner(job, (e) => assert.fail(String(e)));
    refresh();
    for (let i = 1; i <= 5; i++) {
      s.value = i;
      refresh();
    }
    open(0);
    open(1);
    await finished(1);
    await settle();
    assert.equal(s.runs, 2);
    assert.equal(s.shown, 5);
    refresh(); // idle again: a new request runs at once
    assert.equal(s.runs, 3);
  });

  it('a failing run is reported and does not stop the next ones', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runs = Array.from({ length: 4 }, gate);
    const refresh = coalescingRunner(async () => {
      calls++;
      try {
        await settle();
        if (calls === 1) throw new Error('setContext failed');
      } finally {
        runs[calls - 1].open();
      }
    }, (e) => errors.push(e));
    refresh();
    refresh();
    await runs[1].promise;
    await settle();
    assert.equal(calls, 2);
    assert.equal(errors.length, 1);
    refresh();
    await runs[2].promise;
    assert.equal(calls, 3);
  });
});
