/** Build messages a team can read: paths relative to the workspace, short stack traces, a labelled output tail. */
import * as assert from 'node:assert/strict';
import { formatBuildMessage, outputLabel, relativePaths, shortenTracebacks } from '../../src/core';
import { base } from '../helpers/buildResultFixture';

const HOME = '/home/anna';
const WS = '/home/anna/src/payments';
const paths = { workspace: WS, home: HOME };

const PY_TRACEBACK = [
  '$ python -m payments.refunds',
  'Traceback (most recent call last):',
  '  File "<frozen runpy>", line 198, in _run_module_as_main',
  '  File "<frozen runpy>", line 88, in _run_code',
  `  File "${WS}/payments/refunds.py", line 14, in <module>`,
  '    main()',
  `  File "${WS}/payments/refunds.py", line 11, in main`,
  '    refund(Decimal("10"), Decimal("8"), Decimal("5"))',
  `  File "${WS}/payments/refunds.py", line 7, in refund`,
  '    raise ValueError(f"cannot refund {amount}: only {left} left")',
  'ValueError: cannot refund 5: only 2 left',
].join('\n');

describe('notify: the output tail as the team reads it', () => {
  describe('relativePaths', () => {
    it('makes paths in the workspace relative and the rest of the home folder ~', () => {
      assert.equal(relativePaths(`File "${WS}/src/x.py", line 3`, paths), 'File "src/x.py", line 3');
      assert.equal(relativePaths(`cd ${WS} && make`, paths), 'cd . && make');
      assert.equal(relativePaths(`${HOME}/.venv/lib/python3.12/site.py`, paths), '~/.venv/lib/python3.12/site.py');
      assert.equal(relativePaths(`at file://${WS}/a.js:1:2`, paths), 'at a.js:1:2');
    });
    it('leaves alone what only starts like the workspace, and paths outside the home folder', () => {
      assert.equal(relativePaths(`${WS}-old/x.py /usr/lib/python3/y.py /data${WS}/z`, paths), `~/src/payments-old/x.py /usr/lib/python3/y.py /data${WS}/z`);
      assert.equal(relativePaths('/x/y', { workspace: '/', home: '/' }), '/x/y', 'the root is never taken for a workspace');
    });
    it('reads Windows paths with either separator, in any case', () => {
      const win = { workspace: 'C:\\Users\\Anna\\payments', home: 'C:\\Users\\Anna' };
      assert.equal(relativePaths('at c:\\users\\anna\\payments\\src\\a.ts:3 and C:/Users/Anna/AppData/x, file:///C:/Users/Anna/payments/b.ts', win), 'at src\\a.ts:3 and ~/AppData/x, b.ts');
    });
  });

  describe('shortenTracebacks', () => {
    it('keeps a Python traceback\'s last frame and the error, counting the frames left out', () => {
      assert.equal(
        shortenTracebacks(PY_TRACEBACK),
        ['$ python -m payments.refunds', 'Traceback (most recent call last):', '  … 4 earlier frames', `  File "${WS}/payments/refunds.py", line 7, in refund`, '    raise ValueError(f"cannot refund {amount}: only {left} left")', 'ValueError: cannot refund 5: only 2 left'].join('\n'),
      );
    });
    it('keeps the first two frames of an "at" stack', () => {
      const stack = ['TypeError: x is undefined', '    at f (src/a.js:1:2)', '    at g (src/b.js:3:4)', '    at h (node:internal/x:5:6)', '    at i (node:internal/y:7:8)', 'npm ERR! code 1'].join('\n');
      assert.equal(shortenTracebacks(stack), ['TypeError: x is undefined', '    at f (src/a.js:1:2)', '    at g (src/b.js:3:4)', '    … 2 more frames', 'npm ERR! code 1'].join('\n'));
      assert.equal(shortenTracebacks('    at one (a.js:1)\n    at two (b.js:2)\n    at three (c.js:3)'), '    at one (a.js:1)\n    at two (b.js:2)\n    … 1 more frame');
    });
    it('leaves output without stack traces as it is', () => {
      const text = 'compiling\n  File list:\n    at most 3 warnings\nerror TS2322';
      assert.equal(shortenTracebacks(text), text);
    });
  });

  describe('in the message', () => {
    it('labels the tail with the number of lines it shows', () => {
      assert.equal(outputLabel(1), 'Last 1 line of output:');
      assert.equal(outputLabel(20), 'Last 20 lines of output:');
      const msg = formatBuildMessage({ ...base, exitCode: 1, output: 'a\nb\nc\n' }, { outputLines: 2 });
      assert.equal(msg, '❌ build failed (exit code 1)\n14:03\n\nLast 2 lines of output:\nb\nc');
    });
    it('a failed command: its traceback short, no absolute path of the poster\'s machine', () => {
      const msg = formatBuildMessage({ ...base, name: `python ${WS}/payments/refunds.py`, kind: 'command', exitCode: 1, output: PY_TRACEBACK }, { outputLines: 20, paths });
      assert.ok(!msg.includes(HOME), msg);
      assert.equal(
        msg,
        [
          '❌ python payments/refunds.py failed (exit code 1)',
          '14:03',
          '',
          'Last 6 lines of output:',
          '$ python -m payments.refunds',
          'Traceback (most recent call last):',
          '  … 4 earlier frames',
          '  File "payments/refunds.py", line 7, in refund',
          '    raise ValueError(f"cannot refund {amount}: only {left} left")',
          'ValueError: cannot refund 5: only 2 left',
        ].join('\n'),
      );
    });
    it('counts only the lines shown when the tail is cut to fit', () => {
      const output = Array.from({ length: 50 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`).join('\n');
      const msg = formatBuildMessage({ ...base, exitCode: 1, output }, { outputLines: 50, maxLength: 300 });
      assert.ok(msg.length <= 300, String(msg.length));
      const shown = msg.split('\n').filter((l) => l.startsWith('line ')).length;
      assert.ok(msg.includes(`\n\nLast ${shown} lines of output:\n…\n`), msg);
    });
    it('a template that places {output} itself gets the lines without the label', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 1, output: `${WS}/a.py\nboom` }, { template: '{icon} {name}\n{output}', outputLines: 5, paths });
      assert.equal(msg, '❌ build\na.py\nboom');
    });
  });
});
