// A conversation panel's reads, by the one poll policy (core/async/pollSchedule.ts), on a fake
// clock: no wall-clock waits.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { PANEL_MAX_BACKOFF_MS, PanelPoll } from '../../src/extension/conversation/panelPoll';
import { FakeClock } from '../helpers/fakeClock';
import type { RoundOutcome } from '../../src/core/async/pollSchedule';

const INTERVAL = 15_000;

/** A panel's poll whose reads end as `outcomes` say (then succeed), each read scheduling the next as the panel does. */
function panel(outcomes: RoundOutcome[] = [], may = () => true) {
  const clock = new FakeClock();
  const reads: number[] = [];
  const poll: PanelPoll = new PanelPoll({
    timers: clock,
    intervalMs: () => INTERVAL,
    may,
    read: () => {
      reads.push(clock.now());
      const outcome = outcomes.shift() ?? { kind: 'ok' };
      if (outcome.kind === 'ok') poll.succeeded();
      else poll.failed(outcome);
      poll.schedule();
    },
  });
  return { clock, reads, poll };
}

describe('conversation panel: when it reads new messages', () => {
  it('reads every interval while it may', () => {
    const { clock, poll } = panel();
    assert.equal(poll.schedule(), clock.now() + INTERVAL);
    assert.deepEqual([clock.step(), clock.step(), clock.step()], [INTERVAL, INTERVAL, INTERVAL]);
  });

  it('backs off while reads fail: the waits double up to its ceiling of 5 minutes, and the interval again after a success', () => {
    const { clock, poll } = panel([...Array<RoundOutcome>(8).fill({ kind: 'error' })]);
    poll.schedule(0);
    const waits = Array.from({ length: 10 }, () => clock.step());
    // the first read at once; 8 failures: 30 s, 60 s, 120 s, 240 s, then the ceiling; a success: the interval
    assert.deepEqual(waits, [0, 30_000, 60_000, 120_000, 240_000, PANEL_MAX_BACKOFF_MS, PANEL_MAX_BACKOFF_MS, PANEL_MAX_BACKOFF_MS, PANEL_MAX_BACKOFF_MS, INTERVAL]);
  });

  it('waits at least what OK asked for on a rate limit', () => {
    const { clock, poll } = panel([{ kind: 'rate-limit', retryAfterMs: 42 * 60_000 }]);
    poll.schedule(0);
    assert.deepEqual([clock.step(), clock.step(), clock.step()], [0, 42 * 60_000, INTERVAL]);
  });

  it('a refused token stops the reads until the token changes; then it reads at once, with no back-off left', () => {
    const { clock, poll } = panel([{ kind: 'error' }, { kind: 'auth' }]);
    poll.schedule(0);
    clock.step();
    clock.step();
    assert.equal(poll.stopped, true);
    assert.equal(clock.pending, 0, 'nothing scheduled');
    assert.equal(poll.schedule(0), undefined, 'a shown panel does not read either');
    poll.reset();
    assert.equal(poll.schedule(0), clock.now());
    assert.deepEqual([clock.step(), clock.step()], [0, INTERVAL]);
  });

  it('reads nothing while it may not (hidden, untrusted, the window long unused): no time planned', () => {
    let may = false;
    const { clock, poll, reads } = panel([], () => may);
    assert.equal(poll.schedule(), undefined);
    assert.equal(clock.step(), undefined);
    may = true;
    assert.equal(poll.schedule(0), clock.now(), 'shown again: at once');
    clock.step();
    may = false;
    clock.step(); // the read already planned runs; it plans no next one
    assert.equal(reads.length, 2);
    assert.equal(clock.pending, 0);
  });

  it('a new plan replaces the one waiting (a tab shown again reads at once, not after the back-off)', () => {
    const { clock, poll, reads } = panel([{ kind: 'error' }, { kind: 'error' }]);
    poll.schedule(0);
    clock.step();
    clock.step(); // two failures: the next in 60 s
    assert.equal(poll.schedule(0), clock.now());
    assert.equal(clock.pending, 1);
    assert.equal(clock.step(), 0);
    assert.equal(reads.length, 3);
  });

  it('closed: nothing more', () => {
    const { clock, poll } = panel();
    poll.schedule();
    poll.dispose();
    assert.equal(clock.pending, 0);
    assert.equal(poll.schedule(0), undefined);
  });

  it('tells each decision: when the next read runs, none while it may not read, and closed', () => {
    const clock = new FakeClock();
    let visible = true;
    const decisions: { at: number | undefined; closed: boolean }[] = [];
    const poll = new PanelPoll({ timers: clock, intervalMs: () => INTERVAL, may: () => visible, read: () => poll.schedule(), decided: (at, closed) => decisions.push({ at, closed }) });
    const start = clock.now();
    poll.schedule();
    visible = false;
    poll.schedule();
    assert.equal(clock.pending, 0, 'no read planned while it may not read');
    visible = true;
    poll.schedule(0);
    poll.dispose();
    assert.deepEqual(decisions, [
      { at: start + INTERVAL, closed: false },
      { at: undefined, closed: false },
      { at: start, closed: false },
      { at: undefined, closed: true },
    ]);
    assert.equal(clock.pending, 0);
  });
});
