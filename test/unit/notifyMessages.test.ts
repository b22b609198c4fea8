/** Build notifications: the default messages, templates and the build output in them. */
import * as assert from 'node:assert/strict';
import {
  BUILD_TEMPLATE_VARIABLES,
  DEFAULT_BROKEN_TEMPLATE,
  DEFAULT_BUILD_TEMPLATE,
  DEFAULT_FIXED_TEMPLATE,
  defaultBuildTemplate,
  formatBuildMessage,
  renderBuildTemplate,
  type BuildStatus,
  type BuildTransition,
} from '../../src/core';
import { AT, base } from '../helpers/buildResultFixture';

describe('notify', () => {
  describe('default messages', () => {
    it('a failure with every detail', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 2, durationMs: 65_000, workspace: 'my-app', branch: 'main' });
      assert.equal(msg, '❌ build failed (exit code 2) · 1 min 05 s\nmy-app · main · 14:03');
    });
    it('a success', () => {
      const msg = formatBuildMessage({ ...base, name: 'npm test', exitCode: 0, durationMs: 12_345, workspace: 'my-app', branch: 'main' });
      assert.equal(msg, '✅ npm test succeeded (exit code 0) · 12.3 s\nmy-app · main · 14:03');
    });
    it('a cancelled run has no exit code', () => {
      assert.equal(formatBuildMessage({ ...base, durationMs: 3000 }), '⏹️ build was cancelled · 3.0 s\n14:03');
    });
    it('a status without an exit code', () => {
      assert.equal(formatBuildMessage({ ...base, status: 'failure', branch: 'dev' }), '❌ build failed\ndev · 14:03');
    });
    it('takes the duration from startedAt and finishedAt', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 0, startedAt: new Date(AT.getTime() - 93_000) });
      assert.equal(msg, '✅ build succeeded (exit code 0) · 1 min 33 s\n14:03');
    });
    it('"broken" and "fixed" have their own defaults', () => {
      assert.equal(defaultBuildTemplate('broken'), DEFAULT_BROKEN_TEMPLATE);
      assert.equal(defaultBuildTemplate('fixed'), DEFAULT_FIXED_TEMPLATE);
      assert.equal(defaultBuildTemplate('still-failing'), DEFAULT_BUILD_TEMPLATE);
      assert.equal(defaultBuildTemplate(), DEFAULT_BUILD_TEMPLATE);
      const where = { workspace: 'app', branch: 'main', durationMs: 5000 };
      assert.equal(formatBuildMessage({ ...base, ...where, exitCode: 1 }, { transition: 'broken' }), '❌ build is broken (exit code 1) · 5.0 s\napp · main · 14:03');
      assert.equal(formatBuildMessage({ ...base, ...where, exitCode: 0 }, { transition: 'fixed' }), '🔧 build is fixed · 5.0 s\napp · main · 14:03');
      assert.equal(formatBuildMessage({ ...base, ...where, exitCode: 1 }, { transition: 'still-failing' }), '❌ build failed (exit code 1) · 5.0 s\napp · main · 14:03');
    });
    it('uses "now" when the result has no finishedAt', () => {
      assert.equal(formatBuildMessage({ name: 'x', exitCode: 0 }, { now: new Date(2025, 5, 1, 9, 7) }), '✅ x succeeded (exit code 0)\n09:07');
    });
  });

  describe('templates', () => {
    it('fills every variable', () => {
      const template = BUILD_TEMPLATE_VARIABLES.map((v) => `${v}={${v}}`).join('\n');
      const msg = formatBuildMessage(
        { ...base, exitCode: 3, durationMs: 850, workspace: 'ws', branch: 'feature/x', output: 'boom' },
        { template, transition: 'broken', outputLines: 5 },
      );
      assert.equal(
        msg,
        [
          'name=build',
          'status=failure',
          'statusText=failed',
          'icon=❌',
          'exitCode=3',
          'duration=850 ms',
          'workspace=ws',
          'branch=feature/x',
          'time=14:03',
          'transition=broken',
          'output=boom',
        ].join('\n'),
      );
    });
    it('names every transition and status', () => {
      const t = (tr: BuildTransition, status: BuildStatus) => formatBuildMessage({ ...base, status }, { template: '{status} {statusText} {transition}', transition: tr });
      assert.equal(t('broken', 'failure'), 'failure failed broken');
      assert.equal(t('fixed', 'success'), 'success succeeded fixed');
      assert.equal(t('still-failing', 'failure'), 'failure failed still failing');
      assert.equal(t('still-passing', 'success'), 'success succeeded still passing');
      assert.equal(formatBuildMessage({ ...base, status: 'cancelled' }, { template: '{icon} {statusText} [{transition}]' }), '⏹️ was cancelled');
    });
    it('drops a line whose variables are all empty, keeps literal lines and the typos', () => {
      const tpl = 'Build {name}\nBranch: {branch}\nWorkspace: {workspace} ({branch})\n-- literal --\nSee {oops}\n{branch} {oops}';
      assert.equal(renderBuildTemplate(tpl, { name: 'b' }), 'Build b\n-- literal --\nSee {oops}\n{oops}');
    });
    it('collapses separators around missing values', () => {
      const tpl = '{workspace} · {branch} · {time}';
      assert.equal(renderBuildTemplate(tpl, { workspace: 'w', branch: 'b', time: 't' }), 'w · b · t');
      assert.equal(renderBuildTemplate(tpl, { branch: 'b', time: 't' }), 'b · t');
      assert.equal(renderBuildTemplate(tpl, { workspace: 'w', time: 't' }), 'w · t');
      assert.equal(renderBuildTemplate(tpl, { workspace: 'w', branch: 'b' }), 'w · b');
      assert.equal(renderBuildTemplate(tpl, { time: 't' }), 't');
      assert.equal(renderBuildTemplate(tpl, {}), '');
      assert.equal(renderBuildTemplate('{workspace} | {branch} - {time}, {name}; {duration}', { time: 't', duration: 'd' }), 't, d');
      assert.equal(renderBuildTemplate('on {branch} / at {time}', { time: '10:00' }), 'at 10:00');
    });
    it('drops (…) and […] groups whose variables are all empty, with the space before them', () => {
      const tpl = '{name} (exit code {exitCode}) [{branch}] done';
      assert.equal(renderBuildTemplate(tpl, { name: 'b', exitCode: '1', branch: 'main' }), 'b (exit code 1) [main] done');
      assert.equal(renderBuildTemplate(tpl, { name: 'b' }), 'b done');
      assert.equal(renderBuildTemplate('{name} ({exitCode}, {duration})', { name: 'b', duration: '2 s' }), 'b (2 s)');
      assert.equal(renderBuildTemplate('({branch}) {name}', { name: 'b' }), 'b');
      assert.equal(renderBuildTemplate('{name} (CI)', { name: 'b' }), 'b (CI)');
    });
    it('closes the gap an empty variable leaves', () => {
      assert.equal(renderBuildTemplate('{icon} {name} {transition} now', { name: 'b' }), 'b now');
      assert.equal(renderBuildTemplate('x{transition}y {name}', { name: 'b' }), 'xy b');
    });
    it('collapses blank lines and trims the message, keeps indentation', () => {
      assert.equal(renderBuildTemplate('\n{name}\n\n{branch}\n\n\n  - {workspace}\n\n', { name: 'b', workspace: 'w' }), 'b\n\n  - w');
    });
    it('puts every value on one line and never expands a value', () => {
      const msg = renderBuildTemplate('{name} · {branch}', { name: 'a\r\nb\u0007', branch: '{workspace} · x' });
      assert.equal(msg, 'a b · {workspace} · x');
    });
    it('keeps multi-line output where the template puts it', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 1, output: 'l1\nl2\nl3' }, { template: '{icon} {name}\nLast lines:\n{output}\n-- end', outputLines: 2 });
      assert.equal(msg, '❌ build\nLast lines:\nl2\nl3\n-- end');
      const none = formatBuildMessage({ ...base, exitCode: 0, output: 'l1' }, { template: '{icon} {name}\n{output}\n-- end', outputLines: 2 });
      assert.equal(none, '✅ build\n-- end');
    });
  });

  describe('output in messages', () => {
    const log = 'npm run build\n\x1b[31mError\x1b[0m: connect to postgres://app:hunter2@db/x failed\n  at main (a.js:1)\n\n';
    it('is appended to failures only, redacted, without ANSI codes', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 1, output: log }, { outputLines: 2 });
      assert.equal(msg, '❌ build failed (exit code 1)\n14:03\n\nLast 2 lines of output:\nError: connect to postgres://app:***@db/x failed\n  at main (a.js:1)');
      assert.equal(formatBuildMessage({ ...base, exitCode: 0, output: log }, { outputLines: 2 }), '✅ build succeeded (exit code 0)\n14:03');
      assert.equal(formatBuildMessage({ ...base, exitCode: 1, output: log }), '❌ build failed (exit code 1)\n14:03');
      assert.equal(formatBuildMessage({ ...base, exitCode: 1, output: log }, { outputLines: 0 }), '❌ build failed (exit code 1)\n14:03');
    });
    it('hides given secrets too', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 1, output: 'using plain-secret-42 now' }, { outputLines: 5, secrets: ['plain-secret-42'] });
      assert.ok(msg.endsWith('\n\nLast 1 line of output:\nusing *** now'), msg);
    });
    it('is shortened from the top to fit the maximum length', () => {
      const output = Array.from({ length: 50 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`).join('\n');
      const msg = formatBuildMessage({ ...base, exitCode: 1, output }, { outputLines: 50, maxLength: 300 });
      assert.ok(msg.length <= 300, String(msg.length));
      assert.ok(msg.startsWith('❌ build failed (exit code 1)\n14:03\n\nLast 8 lines of output:\n…\n'), msg);
      assert.ok(msg.endsWith(`line 49 ${'x'.repeat(20)}`));
      const tiny = formatBuildMessage({ ...base, exitCode: 1, output }, { outputLines: 50, maxLength: 40 });
      assert.equal(tiny, '❌ build failed (exit code 1)\n14:03');
    });
  });

});

describe('notify: messages posted to chats', () => {
  it('keep their words in the template language whatever the editor language is', async () => {
    const l10n = await import('@vscode/l10n');
    const notify = await import('../../src/core/notify/buildMessage');
    // every message the core translates comes back marked
    l10n.config({ contents: new Proxy({}, { get: (_, key) => (typeof key === 'string' ? `«${key}»` : undefined) }) });
    try {
      const text = notify.formatBuildMessage({ name: 'build', exitCode: 2, durationMs: 1000 }, { template: '{name} {statusText} {transition}', transition: 'broken' });
      assert.equal(text, 'build failed broken');
    } finally {
      l10n.config({ contents: {} });
    }
  });
});
