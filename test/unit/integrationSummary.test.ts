// The integration launcher's last lines: a failed suite's failures are repeated there, because a
// long log is read from its end.
import * as assert from 'node:assert/strict';
import { captured } from '../integration/launcher/launcherOutput';
import { printSummary, type SuiteResult } from '../integration/launcher/summary';
import { MochaTally } from '../integration/suites';

const epilogue = [
  '  4 passing (12s)',
  '  1 failing',
  '',
  '  1) conversation',
  '       opens a chat:',
  '     Error: locator.click: Timeout 5000ms exceeded',
  '      at run (out/test/integration/ui/conversation.ui.js:40:9)',
  '',
].join('\n');

function suite(name: string, code: number, text: string, note = ''): SuiteResult {
  const tally = new MochaTally();
  tally.feed(text);
  return { name, code, tally, seconds: 1, note };
}

describe('the integration summary', () => {
  it('counts passing, failing and pending, and keeps the failures listed after "N failing"', () => {
    const tally = new MochaTally();
    tally.feed(`  ✔ one\n${epilogue}`);
    assert.equal(tally.passing, 4);
    assert.equal(tally.failing, 1);
    assert.deepEqual(tally.failures.slice(0, 6), ['  1 failing', '', '  1) conversation', '       opens a chat:', '     Error: locator.click: Timeout 5000ms exceeded', '      at run (out/test/integration/ui/conversation.ui.js:40:9)']);
  });

  it('keeps no failures of a suite that passed, and at most 60 lines of a long list', () => {
    const ok = new MochaTally();
    ok.feed('  ✔ one\n  1 passing (1s)\n  1 pending\n');
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.pending, 1);
    const long = new MochaTally();
    long.feed(`  9 failing\n${Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n')}`);
    assert.equal(long.failures.length, MochaTally.maxFailureLines);
  });

  it('ends with the failed suites\' failures, the suites line and then "integration: N passed, N failed"', async () => {
    const { value, text } = await captured(() => Promise.resolve(printSummary([suite('smoke', 0, '  3 passing (1s)\n'), suite('conversation', 1, epilogue), suite('try', 1, '', 'timed out after 180 s')])));
    assert.equal(value, false);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'integration: 7 passed, 2 failed');
    assert.match(lines.at(-2) ?? '', /^\[runInServer\] suites: smoke ok .*; conversation FAILED \(4 passing, 1 failing.*; try FAILED \(0 passing, 1 failing/);
    const from = lines.indexOf('[runInServer] failures:');
    const to = lines.indexOf('[runInServer] end of failures');
    assert.ok(from >= 0 && to > from, text);
    const block = lines.slice(from, to).join('\n');
    assert.match(block, /--- conversation\n {2}1 failing[\s\S]*locator\.click: Timeout/);
    assert.match(block, /--- try: timed out after 180 s/);
    assert.doesNotMatch(block, /smoke/);
  });

  it('prints no failures block when every suite passed', async () => {
    const { value, text } = await captured(() => Promise.resolve(printSummary([suite('smoke', 0, '  3 passing (1s)\n')])));
    assert.equal(value, true);
    assert.doesNotMatch(text, /failures/);
  });
});
