import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { coalescingRunner } from '../../src/core/async/coalescingRunner';

/** Lets every pending promise callback run (no timer: setImmediate comes after the microtasks). */
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * A job like the view-state update: reads the state, awaits (the test decides when each run's
 * await ends, in any order), shows what it read.
 */
function viewState() {
  const s = { value: 0, shown: -1, runs: 0 };
  const gates: (() => void)[] = [];
  const job = async () => {
    const read = s.value;
    s.runs++;
    await new Promise<void>((r) => gates.push(r));
    s.shown = read;
  };
  return { s, gates, job };
}

describe('coalescingRunner', () => {
  it('calling the job directly can show stale state (the race it exists for)', async () => {
    const { s, gates, job } = viewState();
    s.value = 1;
    void job(); // slow
    s.value = 2;
    void job(); // fast, finishes first
    gates[1]();
    await settle();
    gates[0]();
    await settle();
    assert.equal(s.shown, 1, 'the slow, older run finished last');
  });

  it('the last run starts after the last request, so what is shown is the newest state', async () => {
    const { s, gates, job } = viewState();
    const refresh = coalescingRunner(job, (e) => assert.fail(String(e)));
    s.value = 1;
    refresh(); // slow
    s.value = 2;
    refresh();
    await settle();
    assert.equal(s.runs, 1, 'the second request waits for the running one');
    gates[0]();
    await settle();
    assert.equal(s.runs, 2);
    gates[1]();
    await settle();
    assert.equal(s.shown, 2);
    assert.equal(s.runs, 2);
  });

  it('requests during a run are merged into one more run', async () => {
    const { s, gates, job } = viewState();
    const refresh = coalescingRunner(job, (e) => assert.fail(String(e)));
    refresh();
    for (let i = 1; i <= 5; i++) {
      s.value = i;
      refresh();
    }
    gates[0]();
    await settle();
    gates[1]?.();
    await settle();
    assert.equal(s.runs, 2);
    assert.equal(s.shown, 5);
    refresh(); // idle again: a new request runs at once
    assert.equal(s.runs, 3);
  });

  it('a failing run is reported and does not stop the next ones', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const gates: (() => void)[] = [];
    const refresh = coalescingRunner(async () => {
      calls++;
      await new Promise<void>((r) => gates.push(r));
      if (calls === 1) throw new Error('setContext failed');
    }, (e) => errors.push(e));
    refresh();
    refresh();
    gates[0]();
    await settle();
    gates[1]();
    await settle();
    assert.equal(calls, 2);
    assert.equal(errors.length, 1);
    refresh();
    assert.equal(calls, 3);
  });
});
