import * as assert from 'node:assert/strict';
import { runCases } from '../chaos/chaosCases';

/**
 * The part of `npm run chaos` that guards the write-ahead Outbox: a three-part send stopped at
 * each step (also during a retry from the Outbox), then ended as the user would.
 */
describe('fault injection: a send stopped at each step', function () {
  this.timeout(60_000);
  it('loses nothing, sends nothing twice and tells the truth about a 3-part send stopped at every step', async () => {
    const verdicts = await runCases('extension send text (3 parts) | stopped', 6);
    assert.ok(verdicts.length >= 10, `the stop cases ran (${verdicts.length})`);
    const bad = verdicts.filter((v) => v.lost || v.duplicated || v.toldWrongly || v.hang).map((v) => `${v.id}: ${v.detail}`);
    assert.deepEqual(bad, []);
  });
});
