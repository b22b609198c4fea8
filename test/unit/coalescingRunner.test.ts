import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { coalescingRunner } from '../../src/core/async/coalescingRunner';

const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** A job like the view-state update: reads the state, awaits (slowly the first time), shows what it read. */
function viewState() {
  const s = { value: 0, shown: -1, runs: 0, delays: [40, 0, 0, 0] };
  const job = async () => {
    const read = s.value;
    await tick(s.delays[s.runs++] ?? 0);
    s.shown = read;
  };
  return { s, job };
}

describe('coalescingRunner', () => {
  it('calling the job directly can show stale state (the race it exists for)', async () => {
    const { s, job } = viewState();
    s.value = 1;
    void job(); // slow
    s.value = 2;
    void job(); // fast, finishes first
    await tick(80);
    assert.equal(s.shown, 1, 'the slow, older run finished last');
  });

  it('the last run starts after the last request, so what is shown is the newest state', async () => {
    const { s, job } = viewState();
    const refresh = coalescingRunner(job, (e) => assert.fail(String(e)));
    s.value = 1;
    refresh(); // slow
    s.value = 2;
    refresh();
    await tick(80);
    assert.equal(s.shown, 2);
    assert.equal(s.runs, 2);
  });

  it('requests during a run are merged into one more run', async () => {
    const { s, job } = viewState();
    const refresh = coalescingRunner(job, (e) => assert.fail(String(e)));
    refresh();
    for (let i = 1; i <= 5; i++) {
      s.value = i;
      refresh();
    }
    await tick(80);
    assert.equal(s.runs, 2);
    assert.equal(s.shown, 5);
    refresh(); // idle again: a new request runs at once
    await tick(10);
    assert.equal(s.runs, 3);
  });

  it('a failing run is reported and does not stop the next ones', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const refresh = coalescingRunner(async () => {
      calls++;
      await tick(5);
      if (calls === 1) throw new Error('setContext failed');
    }, (e) => errors.push(e));
    refresh();
    refresh();
    await tick(40);
    assert.equal(calls, 2);
    assert.equal(errors.length, 1);
    refresh();
    await tick(20);
    assert.equal(calls, 3);
  });
});
