/** Build notifications: when to send (--when rules and build transitions). */
import * as assert from 'node:assert/strict';
import {
  InputError,
  isNotifyWhen,
  shouldNotify,
  statusToRemember,
  transitionOf,
  type BuildStatus,
  type BuildTransition,
  type NotifyWhen,
} from '../../src/core';

describe('notify', () => {
  describe('shouldNotify', () => {
    const table: Array<[NotifyWhen, BuildStatus, BuildStatus | undefined, boolean, BuildTransition | undefined]> = [
      ['always', 'success', undefined, true, undefined],
      ['always', 'failure', undefined, true, 'broken'],
      ['always', 'cancelled', 'failure', true, undefined],
      ['always', 'failure', 'failure', true, 'still-failing'],
      ['failure', 'failure', 'success', true, 'broken'],
      ['failure', 'success', 'failure', false, 'fixed'],
      ['failure', 'cancelled', undefined, false, undefined],
      ['success', 'success', undefined, true, undefined],
      ['success', 'failure', undefined, false, 'broken'],
      ['change', 'failure', undefined, true, 'broken'], // the first failure counts as broken
      ['change', 'failure', 'success', true, 'broken'],
      ['change', 'failure', 'failure', false, 'still-failing'],
      ['change', 'failure', 'cancelled', true, 'broken'], // a cancelled run tells nothing
      ['change', 'success', 'failure', true, 'fixed'],
      ['change', 'success', 'success', false, 'still-passing'],
      ['change', 'success', undefined, false, undefined], // the first success is not news
      ['change', 'success', 'cancelled', false, undefined],
      ['change', 'cancelled', 'failure', false, undefined],
      ['change', 'cancelled', 'success', false, undefined],
    ];
    for (const [when, status, previous, notify, transition] of table) {
      it(`${when}: ${previous ?? '(none)'} → ${status}: ${notify ? 'send' : 'skip'}${transition ? ` (${transition})` : ''}`, () => {
        const d = shouldNotify(when, status, previous);
        assert.equal(d.notify, notify);
        assert.equal(d.transition, transition);
        assert.equal(transitionOf(status, previous), transition);
        if (notify) assert.equal(d.reason, undefined);
        else assert.ok(d.reason && d.reason.length > 10, 'says why');
      });
    }
    it('explains a skip in words', () => {
      assert.match(shouldNotify('change', 'failure', 'failure').reason ?? '', /still failing/);
      assert.match(shouldNotify('failure', 'success').reason ?? '', /succeeded.*only failures/);
      assert.match(shouldNotify('change', 'success').reason ?? '', /no earlier result/);
    });
    it('refuses an unknown rule', () => {
      assert.throws(() => shouldNotify('sometimes' as NotifyWhen, 'success'), InputError);
      assert.ok(isNotifyWhen('change') && !isNotifyWhen('sometimes') && !isNotifyWhen(undefined));
    });
    it('remembers the last real result, not a cancelled one', () => {
      assert.equal(statusToRemember('failure', 'success'), 'failure');
      assert.equal(statusToRemember('success', undefined), 'success');
      assert.equal(statusToRemember('cancelled', 'failure'), 'failure');
      assert.equal(statusToRemember('cancelled', undefined), undefined);
    });
  });

});
