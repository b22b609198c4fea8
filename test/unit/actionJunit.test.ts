/** The action's `junit` input: one file, folder or glob per line, each an `--junit` of `ok-chat notify`. */
import * as assert from 'node:assert/strict';
import { notifyArguments } from '../../src/action/actionEntry';

describe('the action\'s junit input', () => {
  const base = { INPUT_CHAT: 'C1', INPUT_STATUS: 'failure' };
  it('one --junit per non-empty line', () => {
    const args = notifyArguments({ ...base, INPUT_JUNIT: 'build/test-results/**/*.xml\n\n  reports/junit.xml  \r\n' });
    assert.deepEqual(args.slice(-4), ['--junit', 'build/test-results/**/*.xml', '--junit', 'reports/junit.xml']);
  });
  it('none without the input', () => {
    assert.ok(!notifyArguments(base).includes('--junit'));
  });
});
