/** What failed, in a build's message: the findings' text, {failedTests}/{problems}, and the cut to the limit. */
import * as assert from 'node:assert/strict';
import { DEFAULT_BROKEN_TEMPLATE, DEFAULT_BUILD_TEMPLATE, DEFAULT_FIXED_TEMPLATE, findingsSummary, formatBuildMessage, formatFindings, type BuildFindings } from '../../src/core';
import { base } from '../helpers/buildResultFixture';

const url = (file: string, line: number) => `https://github.com/acme/app/blob/3f786850e387550fdab836ed7e6dc881de23001b/${file}#L${line}`;
const tests: BuildFindings = {
  kind: 'tests',
  failed: 3,
  total: 340,
  items: [
    { title: 'com.acme.LoginTest.rejectsBadPassword', detail: 'expected:<401> but was:<200>', path: 'src/test/java/com/acme/LoginTest.java', line: 42, url: url('src/test/java/com/acme/LoginTest.java', 42) },
    { title: 'com.acme.CartTest.total', detail: 'NullPointerException', path: 'src/test/java/com/acme/CartTest.java', line: 7 },
    { title: 'com.acme.CartTest.empty' },
  ],
};

describe('build findings', () => {
  describe('formatFindings', () => {
    it('the summary, then each failed test with its first line and its link on a line of its own', () => {
      assert.equal(
        formatFindings(tests),
        [
          '3 of 340 tests failed:',
          '• com.acme.LoginTest.rejectsBadPassword — expected:<401> but was:<200>',
          `  ${url('src/test/java/com/acme/LoginTest.java', 42)}`,
          '• com.acme.CartTest.total — NullPointerException',
          '  src/test/java/com/acme/CartTest.java:7',
          '• com.acme.CartTest.empty',
        ].join('\n'),
      );
    });
    it('counts in words: one and many, with and without the total', () => {
      assert.equal(findingsSummary({ kind: 'tests', failed: 1, total: 1, items: [] }), '1 of 1 test failed');
      assert.equal(findingsSummary({ kind: 'tests', failed: 1, total: 12, items: [] }), '1 of 12 tests failed');
      assert.equal(findingsSummary({ kind: 'tests', failed: 1, items: [] }), '1 test failed');
      assert.equal(findingsSummary({ kind: 'tests', failed: 4, items: [] }), '4 tests failed');
      assert.equal(findingsSummary({ kind: 'problems', failed: 1, items: [] }), '1 problem');
      assert.equal(findingsSummary({ kind: 'problems', failed: 2, items: [] }), '2 problems');
      assert.equal(findingsSummary({ kind: 'tests', failed: 3, total: 1340, items: [] }, 'en-US'), '3 of 1,340 tests failed');
    });
    it('at most five items, then how many more', () => {
      const many: BuildFindings = { kind: 'tests', failed: 8, total: 20, items: Array.from({ length: 8 }, (_, i) => ({ title: `t${i}` })) };
      const lines = formatFindings(many).split('\n');
      assert.deepEqual(lines, ['8 of 20 tests failed:', '• t0', '• t1', '• t2', '• t3', '• t4', '… and 3 more']);
      // more failed than the report named: the rest counts them all
      assert.equal(formatFindings({ ...many, failed: 10 }).split('\n').pop(), '… and 5 more');
      assert.equal(formatFindings(many, undefined, 0), '8 of 20 tests failed');
    });
    it('problems read like a compiler: file:line: message, the link under it', () => {
      const problems: BuildFindings = {
        kind: 'problems',
        failed: 2,
        items: [
          { title: "Cannot find name 'foo'.", detail: 'ts', path: 'src/app.ts', line: 12, url: url('src/app.ts', 12) },
          { title: 'Missing semicolon.', path: 'src/b.ts' },
        ],
      };
      assert.equal(formatFindings(problems), ["2 problems:", "• src/app.ts:12: Cannot find name 'foo'. — ts", `  ${url('src/app.ts', 12)}`, '• src/b.ts: Missing semicolon.'].join('\n'));
    });
    it('a message of many lines shows one; control characters are dropped', () => {
      const text = formatFindings({ kind: 'tests', failed: 1, items: [{ title: 'a\u0007b', detail: 'first\nsecond' }] });
      assert.equal(text, '1 test failed:\n• ab — first second');
    });
    it('nothing failed and nothing known to have run: no text', () => {
      assert.equal(formatFindings({ kind: 'problems', failed: 0, items: [] }), '');
      assert.equal(formatFindings({ kind: 'tests', failed: 0, items: [] }), '');
      assert.equal(formatFindings({ kind: 'tests', failed: 0, total: 12, items: [] }), '0 of 12 tests failed');
    });
  });

  describe('in the message', () => {
    const failure = { ...base, exitCode: 1, workspace: 'app', branch: 'main', findings: tests };
    it('the default failure and broken templates place {failedTests} after the rest; the fixed one has none', () => {
      assert.match(DEFAULT_BUILD_TEMPLATE, /\{failedTests\}\n\{problems\}$/);
      assert.match(DEFAULT_BROKEN_TEMPLATE, /\{failedTests\}\n\{problems\}$/);
      assert.doesNotMatch(DEFAULT_FIXED_TEMPLATE, /failedTests|problems/);
      const msg = formatBuildMessage(failure, { transition: 'broken' });
      assert.equal(msg, `❌ build is broken (exit code 1)\napp · main · 14:03\n\n${formatFindings(tests)}`);
    });
    it('only a failure shows its findings', () => {
      assert.equal(formatBuildMessage({ ...failure, exitCode: 0 }), '✅ build succeeded (exit code 0)\napp · main · 14:03');
      assert.equal(formatBuildMessage({ ...failure, exitCode: 1, findings: undefined }), '❌ build failed (exit code 1)\napp · main · 14:03');
    });
    it('{problems} for findings of kind problems; {failedTests} stays empty then', () => {
      const problems: BuildFindings = { kind: 'problems', failed: 1, items: [{ title: 'boom', path: 'a.ts', line: 3 }] };
      const template = '{icon} {name}\nTests: {failedTests}\nProblems:\n{problems}';
      assert.equal(formatBuildMessage({ ...failure, findings: problems }, { template }), '❌ build\nProblems:\n1 problem:\n• a.ts:3: boom');
    });
    it('a template that does not place them gets the findings after a blank line, before the output', () => {
      const msg = formatBuildMessage({ ...failure, output: 'last words' }, { template: '{icon} {name}', outputLines: 5 });
      assert.equal(msg, `❌ build\n\n${formatFindings(tests)}\n\nLast 1 line of output:\nlast words`);
    });
    it('the findings come before the output tail in the default template too', () => {
      const msg = formatBuildMessage({ ...failure, output: 'last words' }, { outputLines: 5 });
      assert.ok(msg.indexOf('3 of 340 tests failed:') < msg.indexOf('Last 1 line of output:'), msg);
    });
  });

  describe('cut to the limit', () => {
    const many: BuildFindings = {
      kind: 'tests',
      failed: 7,
      total: 340,
      items: Array.from({ length: 7 }, (_, i) => ({ title: `com.acme.Suite${i}.test${i}`, detail: `expected ${i} but was ${i + 1}`, url: url(`src/Suite${i}.java`, i + 1) })),
    };
    const output = Array.from({ length: 30 }, (_, i) => `log line ${i}`).join('\n');
    const failure = { ...base, exitCode: 1, workspace: 'app', branch: 'main', findings: many, output };
    const full = formatBuildMessage(failure, { outputLines: 30 });
    it('the output goes first: its oldest lines, then all of it', () => {
      const limit = full.length - 30;
      const msg = formatBuildMessage(failure, { outputLines: 30, maxLength: limit });
      assert.ok(msg.length <= limit, msg);
      assert.ok(msg.includes(formatFindings(many)), 'all five items stay');
      assert.match(msg, /Last \d+ lines of output:\n…\n/);
      const noOutput = formatBuildMessage(failure, { outputLines: 30, maxLength: formatBuildMessage({ ...failure, output: '' }).length });
      assert.equal(noOutput, formatBuildMessage({ ...failure, output: '' }));
    });
    it('then the items, from the last; the summary line and the first line always stay', () => {
      const expected = `❌ build failed (exit code 1)\napp · main · 14:03\n\n${formatFindings(many, undefined, 2)}`;
      const twoItems = formatBuildMessage(failure, { outputLines: 30, maxLength: expected.length });
      assert.equal(twoItems, expected);
      assert.equal(formatBuildMessage(failure, { outputLines: 30, maxLength: expected.length + 10 }), expected, 'a third item does not fit in 10 more');
      assert.deepEqual(
        twoItems.split('\n').filter((l) => l.startsWith('•') || l.startsWith('…')),
        ['• com.acme.Suite0.test0 — expected 0 but was 1', '• com.acme.Suite1.test1 — expected 1 but was 2', '… and 5 more'],
      );
      const tiny = formatBuildMessage(failure, { outputLines: 30, maxLength: 20 });
      assert.equal(tiny, '❌ build failed (exit code 1)\napp · main · 14:03\n\n7 of 340 tests failed');
    });
    it('a message without findings or output is not cut (the sender splits it)', () => {
      const long = { ...base, exitCode: 1, name: 'x'.repeat(100) };
      assert.equal(formatBuildMessage(long, { maxLength: 20 }), formatBuildMessage(long));
    });
  });
});
