import * as assert from 'node:assert/strict';
import { parseRules } from '../../src/core/notify/buildRules';
import { formatBuildMessage } from '../../src/core/notify/buildMessage';
import { problemFindings, problemTitle, selectProblems } from '../../src/core/notify/problemFindings';

describe('a failed task\'s problems (its error diagnostics)', () => {
  it('are ordered by file and line, the same error once, and counted before the first 5 are kept', () => {
    const { failed, shown } = selectProblems([
      { path: 'src/b.ts', line: 9, message: 'b9' },
      { path: 'src/a.ts', line: 12, message: 'a12' },
      { path: 'src/a.ts', line: 3, message: 'a3' },
      // two owners (the matcher and a language server) saying the same thing
      { path: 'src/a.ts', line: 3, message: 'a3' },
      { path: 'lib/c.ts', line: 1, message: 'c1' },
      { path: 'src/b.ts', line: 2, message: 'b2' },
      { path: 'src/b.ts', line: 2, message: 'another error on the same line' },
    ]);
    assert.equal(failed, 6);
    assert.deepEqual(
      shown.map((p) => `${p.path}:${p.line}: ${p.message}`),
      // errors of one line in the order they were reported
      ['lib/c.ts:1: c1', 'src/a.ts:3: a3', 'src/a.ts:12: a12', 'src/b.ts:2: b2', 'src/b.ts:2: another error on the same line'],
    );
  });

  it('show a message of several lines by its first line, and leave out empty ones', () => {
    assert.equal(problemTitle('\n  Type \'string\' is not assignable\n    to type \'number\'.'), 'Type \'string\' is not assignable');
    const { failed, shown } = selectProblems([
      { path: 'a.ts', line: 1, message: ' \n ' },
      { path: 'a.ts', line: 2, message: 'cannot  find\tname "x"\nmore' },
    ]);
    assert.equal(failed, 1);
    assert.deepEqual(shown, [{ path: 'a.ts', line: 2, message: 'cannot find name "x"' }]);
  });

  it('are all counted when fewer are shown', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ path: 'a.ts', line: i + 1, message: `e${i + 1}` }));
    assert.deepEqual(selectProblems(many, 2), { failed: 12, shown: many.slice(0, 2) });
    assert.equal(selectProblems(many).shown.length, 5);
    assert.deepEqual(selectProblems([]), { failed: 0, shown: [] });
  });
});

describe('a build rule\'s startedAfterSeconds', () => {
  it('is off by default and at 0, and kept as a whole number of seconds', () => {
    const { rules, problems } = parseRules([
      { chat: 'chat:C3ecb9d02a600' },
      { chat: 'chat:C3ecb9d02a600', startedAfterSeconds: 0 },
      { chat: 'chat:C3ecb9d02a600', startedAfterSeconds: 120 },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rules.map((r) => r.startedAfterSeconds),
      [undefined, undefined, 120],
    );
    assert.ok(!('startedAfterSeconds' in rules[0]), 'a rule without it has no such field');
  });

  it('drops a rule with a value that is not a whole number of seconds from 1 to a day, and says why', () => {
    for (const bad of [-1, 1.5, '60', 86_401, true]) {
      const { rules, problems } = parseRules([{ chat: 'chat:C3ecb9d02a600', startedAfterSeconds: bad }]);
      assert.deepEqual(rules, [], String(bad));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^okChat\.buildNotifications\[0\]\.startedAfterSeconds: expected a whole number of seconds from 1 to 86400/);
    }
  });
});

describe('a failed task\'s problems in its message', () => {
  const result = { name: 'tsc: build', exitCode: 2, durationMs: 4000, workspace: 'payments', branch: 'main', finishedAt: new Date(2026, 0, 1, 14, 3) };
  const url = (line: number) => `https://github.com/octo/payments/blob/${'a'.repeat(40)}/src/app.ts#L${line}`;

  it('lists the first 5 as file:line: message under the count, each with its link, and says how many more', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ path: 'src/app.ts', line: 10 - i, message: `TS2304: Cannot find name 'x${i}'.` }));
    const { failed, shown } = selectProblems(problems);
    const text = formatBuildMessage({ ...result, findings: problemFindings(failed, shown.map((p) => ({ ...p, url: p.line === 5 ? undefined : url(p.line) }))) });
    const [, , , ...rest] = text.split('\n');
    assert.deepEqual(rest, [
      '7 problems:',
      "• src/app.ts:4: TS2304: Cannot find name 'x6'.",
      `  ${url(4)}`,
      "• src/app.ts:5: TS2304: Cannot find name 'x5'.",
      "• src/app.ts:6: TS2304: Cannot find name 'x4'.",
      `  ${url(6)}`,
      "• src/app.ts:7: TS2304: Cannot find name 'x3'.",
      `  ${url(7)}`,
      "• src/app.ts:8: TS2304: Cannot find name 'x2'.",
      `  ${url(8)}`,
      '… and 2 more',
    ]);
    assert.match(text, /^❌ tsc: build failed \(exit code 2\)/);
  });

  it('keeps the count where a custom template places {problems}, and only for a failure', () => {
    const findings = problemFindings(1, [{ path: 'a.ts', line: 3, message: 'boom' }]);
    assert.equal(formatBuildMessage({ ...result, findings }, { template: '{icon} {name}: {problems}' }), '❌ tsc: build: 1 problem:\n• a.ts:3: boom');
    assert.equal(formatBuildMessage({ ...result, exitCode: 0, findings }, { template: '{icon} {name}\n{problems}' }), '✅ tsc: build');
  });
});
