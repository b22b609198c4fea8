import * as assert from 'node:assert/strict';
import {
  BUILD_TEMPLATE_VARIABLES,
  DEFAULT_BROKEN_TEMPLATE,
  DEFAULT_BUILD_TEMPLATE,
  DEFAULT_FIXED_TEMPLATE,
  InputError,
  defaultBuildTemplate,
  formatBuildMessage,
  formatDuration,
  formatTime,
  isNotifyWhen,
  parseDuration,
  redactSecrets,
  renderBuildTemplate,
  shouldNotify,
  statusOf,
  statusToRemember,
  stripAnsi,
  tailLines,
  transitionOf,
  type BuildResult,
  type BuildStatus,
  type BuildTransition,
  type NotifyWhen,
} from '../../src/core';

/** 14:03 local time, so {time} is the same in every time zone. */
const AT = new Date(2025, 0, 2, 14, 3, 59);
const base: BuildResult = { name: 'build', finishedAt: AT };

describe('notify', () => {
  describe('statusOf', () => {
    it('maps exit codes to statuses', () => {
      assert.equal(statusOf(0), 'success');
      assert.equal(statusOf(1), 'failure');
      assert.equal(statusOf(130), 'failure');
      assert.equal(statusOf(-1), 'failure');
      assert.equal(statusOf(undefined), 'cancelled');
      assert.equal(statusOf(null), 'cancelled');
      assert.equal(statusOf(NaN), 'cancelled');
    });
  });

  describe('formatDuration', () => {
    const cases: Array<[number | undefined, string]> = [
      [0, '0 ms'],
      [850, '850 ms'],
      [999.4, '999 ms'],
      [999.6, '1.0 s'],
      [1000, '1.0 s'],
      [12_345, '12.3 s'],
      [59_949, '59.9 s'],
      [59_960, '1 min 00 s'],
      [125_000, '2 min 05 s'],
      [3_599_000, '59 min 59 s'],
      [3_599_600, '1 h 00 min'],
      [3_720_000, '1 h 02 min'],
      [90_000_000, '25 h 00 min'],
      [undefined, ''],
      [-5, ''],
      [NaN, ''],
      [Infinity, ''],
    ];
    for (const [ms, text] of cases) it(`${String(ms)} → "${text}"`, () => assert.equal(formatDuration(ms), text));
  });

  describe('parseDuration', () => {
    const cases: Array<[string, number]> = [
      ['93', 93_000],
      ['93.5', 93_500],
      ['93s', 93_000],
      ['93000ms', 93_000],
      ['1m33s', 93_000],
      ['1h2m', 3_720_000],
      ['1 min 33 s', 93_000],
      ['2M', 120_000],
      [' 1.5s ', 1500],
      ['0', 0],
    ];
    for (const [text, ms] of cases) it(`"${text}" → ${ms} ms`, () => assert.equal(parseDuration(text), ms));
    it('refuses what is not a duration', () => {
      for (const bad of ['', '5x', 's', '1m 5', '-3', 'abc', '1..2s']) assert.throws(() => parseDuration(bad), InputError, bad);
    });
  });

  describe('formatTime', () => {
    it('is HH:MM in local time', () => {
      assert.equal(formatTime(AT), '14:03');
      assert.equal(formatTime(new Date(2025, 0, 2, 7, 5)), '07:05');
    });
  });

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
      assert.equal(msg, '❌ build failed (exit code 1)\n14:03\n\nError: connect to postgres://app:***@db/x failed\n  at main (a.js:1)');
      assert.equal(formatBuildMessage({ ...base, exitCode: 0, output: log }, { outputLines: 2 }), '✅ build succeeded (exit code 0)\n14:03');
      assert.equal(formatBuildMessage({ ...base, exitCode: 1, output: log }), '❌ build failed (exit code 1)\n14:03');
      assert.equal(formatBuildMessage({ ...base, exitCode: 1, output: log }, { outputLines: 0 }), '❌ build failed (exit code 1)\n14:03');
    });
    it('hides given secrets too', () => {
      const msg = formatBuildMessage({ ...base, exitCode: 1, output: 'using plain-secret-42 now' }, { outputLines: 5, secrets: ['plain-secret-42'] });
      assert.ok(msg.endsWith('\n\nusing *** now'), msg);
    });
    it('is shortened from the top to fit the maximum length', () => {
      const output = Array.from({ length: 50 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`).join('\n');
      const msg = formatBuildMessage({ ...base, exitCode: 1, output }, { outputLines: 50, maxLength: 300 });
      assert.ok(msg.length <= 300, String(msg.length));
      assert.ok(msg.startsWith('❌ build failed (exit code 1)\n14:03\n\n…\n'), msg);
      assert.ok(msg.endsWith(`line 49 ${'x'.repeat(20)}`));
      const tiny = formatBuildMessage({ ...base, exitCode: 1, output }, { outputLines: 50, maxLength: 40 });
      assert.equal(tiny, '❌ build failed (exit code 1)\n14:03');
    });
  });

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

  describe('redactSecrets', () => {
    const cases: Array<[string, string, string]> = [
      ['an OK token', 'token tkn1abc:DEFGHIJ sent', 'token *** sent'],
      ['an OK token in a URL', 'GET https://api.ok.ru/graph/me/info?access_token=abc123&x=1', 'GET https://api.ok.ru/graph/me/info?access_token=***&x=1'],
      ['password=', 'login password=hunter2 ok', 'login password=*** ok'],
      ['--password=', 'docker login --password=hunter2 -u me', 'docker login --password=*** -u me'],
      ['--password value', 'docker login --password hunter2 --username me', 'docker login --password *** --username me'],
      ['--api-key value', 'deploy --api-key "k e y" --force', 'deploy --api-key "***" --force'],
      ['passwd:', 'passwd: hunter2', 'passwd: ***'],
      ['secret=', 'CLIENT_SECRET=abc123 next', 'CLIENT_SECRET=*** next'],
      ['quoted secret', "SECRET_KEY='a b c' x", "SECRET_KEY='***' x"],
      ['token=', 'GITLAB_TOKEN=xyz987', 'GITLAB_TOKEN=***'],
      ['npmrc auth token', '//registry.npmjs.org/:_authToken=abcdef', '//registry.npmjs.org/:_authToken=***'],
      ['api key in YAML', 'api_key: sk-abcdef', 'api_key: ***'],
      ['JSON', '{"password": "s3 cret", "user": "x", "apiKey":"k"}', '{"password": "***", "user": "x", "apiKey":"***"}'],
      ['Authorization: Bearer', 'curl -H "Authorization: Bearer abc.def.ghi123" https://x', 'curl -H "Authorization: Bearer ***" https://x'],
      ['Authorization: Basic', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic ***'],
      ['a bare bearer token', 'sending Bearer abcdefghijkl', 'sending Bearer ***'],
      ['AWS access key', 'key AKIAIOSFODNN7EXAMPLE used', 'key *** used'],
      ['AWS secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
      ['GitHub token', 'push with ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'push with ***'],
      ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '***'],
      ['GitLab token', 'glpat-abcdefghij0123456789', '***'],
      ['npm token', 'npm_abcdefghijklmnopqrstuvwxyz0123456789 leaked', '*** leaked'],
      ['Slack token', 'xoxb-1234567890-abcdefghij', '***'],
      ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmnop end', 'jwt *** end'],
      ['URL credentials', 'git clone https://user:p4ss@github.com/a/b.git', 'git clone https://user:***@github.com/a/b.git'],
      ['URL token as password', 'https://x-access-token:abc123@github.com/a', 'https://x-access-token:***@github.com/a'],
      ['mysql -p', 'mysql -u root -psecret db', 'mysql -u root -p*** db'],
      ['curl -u', 'curl -u admin:hunter2 https://x', 'curl -u admin:*** https://x'],
      [
        'a private key block',
        'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890\nabcdefabcdefabcdef\n-----END RSA PRIVATE KEY-----\nafter',
        'before\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\nafter',
      ],
      ['a key block cut at the end', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\n***'],
      ['a key block cut at the start', 'MIIEpAIBAAKCAQEA1234567890\nabcdefabcdefabcdef\n-----END PRIVATE KEY-----', '***\n-----END PRIVATE KEY-----'],
    ];
    for (const [what, input, expected] of cases) it(`hides ${what}`, () => assert.equal(redactSecrets(input), expected));

    it('hides secrets it is given', () => assert.equal(redactSecrets('a plain-secret-42 b', 'plain-secret-42'), 'a *** b'));
    it('leaves ordinary build output alone', () => {
      const text = [
        'Tokenizer: done; secrets: 3 scanned; author: me',
        'Password policy checked',
        'PASS src/auth.test.ts',
        'Invalid token in line 3',
        'gcc -pthread -o app main.c',
        'https://github.com/a/b.git',
        'Password:',
      ].join('\n');
      assert.equal(redactSecrets(text), text);
    });
    it('does not mask twice', () => assert.equal(redactSecrets(redactSecrets('password=x token: y')), 'password=*** token: ***'));
    it('stays fast on long pathological output', () => {
      const inputs = ['a-'.repeat(50_000), 'x.'.repeat(50_000), '--a-'.repeat(30_000), `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'.repeat(2)}\n`.repeat(5000), 'https://'.repeat(20_000), '"'.repeat(100_000)];
      for (const input of inputs) {
        const started = performance.now();
        redactSecrets(input);
        const ms = performance.now() - started;
        assert.ok(ms < 1000, `${input.slice(0, 10)}… took ${Math.round(ms)} ms`);
      }
    });
  });

  describe('tailLines and stripAnsi', () => {
    it('strips colours, cursor moves, hyperlinks and titles', () => {
      assert.equal(stripAnsi('\x1b[1;31mred\x1b[0m \x1b[2K\x1b[1Gdone \x1b]8;;https://x\x07link\x1b]8;;\x07 \x1b]0;title\x1b\\ok'), 'red done link ok');
    });
    it('returns the last lines, clean', () => {
      const text = 'one\r\n\x1b[32mtwo\x1b[0m\r\n 50%\r100%\nfour  \n\n   \n';
      assert.equal(tailLines(text, 3), 'two\n100%\nfour');
      assert.equal(tailLines(text, 100), 'one\ntwo\n100%\nfour');
      assert.equal(tailLines(text, 1), 'four');
    });
    it('handles nothing to show', () => {
      assert.equal(tailLines('abc', 0), '');
      assert.equal(tailLines('abc', -1), '');
      assert.equal(tailLines(undefined, 5), '');
      assert.equal(tailLines('\n\n', 5), '');
    });
    it('keeps indentation, tabs, Cyrillic and emoji; drops control characters', () => {
      assert.equal(tailLines('  \tОшибка 💥\u0007\n', 5), '  \tОшибка 💥');
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
