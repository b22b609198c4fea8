// The "retrying in N s…" count (core/async/countdown) on a fake clock, with timers on time, early
// (as Node's fire on a busy machine) and late.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { Countdown } from '../../src/core/async/countdown';
import { FakeClock } from '../helpers/fakeClock';

/** Runs a count of `ms` to its end; returns the seconds told and when the end came (ms after the start). */
function countDown(clock: FakeClock, ms: number, busy: (step: number) => number = () => 0) {
  const start = clock.now();
  const told: number[] = [];
  let endedAt: number | undefined;
  new Countdown(clock, start + ms, (s) => told.push(s), () => (endedAt = clock.now() - start));
  for (let step = 0; endedAt === undefined; step++) {
    assert.ok(step < 1000, 'the count never ended');
    clock.advance(busy(step));
    assert.notEqual(clock.step(), undefined, 'the count stopped without ending');
  }
  return { told, endedAt, pending: clock.pending };
}

describe('Countdown: once a second, down to the deadline', () => {
  it('tells 3, 2, 1 for a wait of 3 s and ends at the deadline', () => {
    assert.deepEqual(countDown(new FakeClock(), 3000), { told: [3, 2, 1], endedAt: 3000, pending: 0 });
  });

  it('starts from the whole seconds left, rounded up (2.5 s: 3, 2, 1)', () => {
    assert.deepEqual(countDown(new FakeClock(), 2500).told, [3, 2, 1]);
  });

  for (const early of [1, 15, 400]) {
    it(`never tells a number twice when its timers fire ${early} ms early, and still ends at the deadline`, () => {
      assert.deepEqual(countDown(new FakeClock(early), 3000), { told: [3, 2, 1], endedAt: 3000, pending: 0 });
    });
  }

  it('skips the numbers a late timer missed, never going up', () => {
    // the process is busy 2.2 s before the first tick runs
    const { told, endedAt } = countDown(new FakeClock(), 5000, (step) => (step === 0 ? 2200 : 0));
    assert.deepEqual(told, [5, 3, 2, 1]);
    assert.equal(endedAt, 5000);
  });

  it('stop() ends the count: nothing more is told, no timer is left, the end is not reported', () => {
    const clock = new FakeClock();
    const told: number[] = [];
    let ended = false;
    const count = new Countdown(clock, clock.now() + 3000, (s) => told.push(s), () => (ended = true));
    clock.step();
    count.stop();
    assert.equal(clock.pending, 0);
    assert.deepEqual(told, [3, 2]);
    assert.equal(ended, false);
  });

  it('a deadline already passed ends at once without telling a number', () => {
    assert.deepEqual(countDown(new FakeClock(), 0), { told: [], endedAt: 0, pending: 0 });
  });
});
