/** `ok-chat notify` as users run it (a real `node` process against the fake server). */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultStateLocation } from '../../src/cli/notifyState';
import { CHAT, describeBuiltCli, hhmm, runCli, server, work, type Run } from '../helpers/builtCli';

describeBuiltCli(() => {
  describe('notify', () => {
    async function notify(args: string[], opts: Parameters<typeof runCli>[1] = {}): Promise<Run & { times: string[] }> {
      const before = new Date();
      const r = await runCli(['notify', '--chat', CHAT, ...args], opts);
      const times = [...new Set([hhmm(before), hhmm(new Date())])];
      return { ...r, times };
    }
    const sent = () => server.messages.map((m) => m.text);
    const oneOf = (text: string | undefined, variants: string[]) => assert.ok(text !== undefined && variants.includes(text), `${text} is one of ${variants.join(' | ')}`);

    it('a failure, with the exact default message', async () => {
      const r = await notify(['--status', '2', '--name', 'unit tests', '--duration', '1m5s', '--workspace', 'my-app', '--branch', 'main']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages.length, 1);
      oneOf(server.messages[0].text, r.times.map((t) => `❌ unit tests failed (exit code 2) · 1 min 05 s\nmy-app · main · ${t}`));
      assert.equal(r.stdout, `${server.messages[0].message_id}\n`);
    });
    it('a success given as a word, with branch and workspace from the CI environment', async () => {
      const env = { GITHUB_REF_NAME: 'release/1.2', GITHUB_REPOSITORY: 'acme/app' };
      const r = await notify(['--status', 'success', '--duration', '850ms'], { env });
      assert.equal(r.code, 0, r.stderr);
      oneOf(server.messages[0].text, r.times.map((t) => `✅ build succeeded · 850 ms\nacme/app · release/1.2 · ${t}`));
    });
    it('a success given as exit code 0, nothing else known', async () => {
      const r = await notify(['--status', '0', '--name', 'lint']);
      assert.equal(r.code, 0, r.stderr);
      oneOf(server.messages[0].text, r.times.map((t) => `✅ lint succeeded (exit code 0)\n${t}`));
    });
    it('a custom template, with \\n for line breaks', async () => {
      const r = await notify(['--status', '1', '--name', 'deploy', '--branch', 'main', '--template', '{icon} {name}: {status}\\nbranch {branch} · {workspace}']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(sent(), ['❌ deploy: failure\nbranch main']);
    });
    it('adds the last lines of the log to a failure: no colours, secrets hidden, token hidden', async () => {
      const log = path.join(work, 'build.log');
      writeFileSync(log, ['compiling', 'step 2', `\x1b[31mERROR\x1b[0m: login failed for https://ci:hunter2@git.example.com (token ${server.token})`, 'DB_PASSWORD=s3cret', ''].join('\n'));
      const r = await notify(['--status', '1', '--branch', '', '--workspace', '', '--output-file', log, '--output-lines', '2']);
      assert.equal(r.code, 0, r.stderr);
      oneOf(
        server.messages[0].text,
        r.times.map((t) => `❌ build failed (exit code 1)\n${t}\n\nLast 2 lines of output:\nERROR: login failed for https://ci:***@git.example.com (token ***)\nDB_PASSWORD=***`),
      );
      // A success does not show the log.
      const ok = await notify(['--status', '0', '--branch=', '--workspace=', '--output-file', log]);
      assert.equal(ok.code, 0, ok.stderr);
      oneOf(server.messages[1].text, ok.times.map((t) => `✅ build succeeded (exit code 0)\n${t}`));
    });
    it('reads the log from stdin with --output-file -', async () => {
      const r = await notify(['--status', 'failed', '--branch=', '--workspace=', '--output-file', '-', '--output-lines', '1'], { input: 'a\nОшибка сборки 💥\n' });
      assert.equal(r.code, 0, r.stderr);
      oneOf(server.messages[0].text, r.times.map((t) => `❌ build failed\n${t}\n\nLast 1 line of output:\nОшибка сборки 💥`));
    });
    it('a missing log file does not stop the notification', async () => {
      const r = await notify(['--status', '1', '--branch=', '--workspace=', '--output-file', 'nope.log']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /could not read the output file nope\.log/);
      assert.equal(server.messages.length, 1);
    });
    it('--when change across runs: broken, silence, fixed, silence', async () => {
      const state = path.join(work, 'state', 'last.json');
      const run = (status: string) => notify(['--status', status, '--when', 'change', '--state-file', state, '--branch', 'main', '--workspace', 'app']);

      const first = await run('1');
      assert.equal(first.code, 0, first.stderr);
      assert.equal(server.messages.length, 1);
      oneOf(server.messages[0].text, first.times.map((t) => `❌ build is broken (exit code 1)\napp · main · ${t}`));

      const second = await run('1');
      assert.equal(second.code, 0);
      assert.equal(server.messages.length, 1, 'still failing: nothing sent');
      assert.equal(second.stdout, '');
      assert.match(second.stderr, /not sending: the build is still failing/);

      const third = await run('0');
      assert.equal(third.code, 0, third.stderr);
      assert.equal(server.messages.length, 2);
      oneOf(server.messages[1].text, third.times.map((t) => `🔧 build is fixed\napp · main · ${t}`));

      const fourth = await run('0');
      assert.equal(fourth.code, 0);
      assert.equal(server.messages.length, 2);
      assert.match(fourth.stderr, /still passes/);

      const saved = JSON.parse(readFileSync(state, 'utf8')) as { builds: Record<string, { status: string }> };
      assert.equal(saved.builds[`${CHAT} build`].status, 'success');
    });
    it('--when change: the first success is not news; a cancelled run changes nothing', async () => {
      const state = path.join(work, 'state-first.json');
      const run = (status: string) => notify(['--status', status, '--when', 'change', '--state-file', state]);
      const r = await run('success');
      assert.equal(r.code, 0);
      assert.match(r.stderr, /no earlier result/);
      assert.equal((await run('cancelled')).code, 0);
      assert.equal((await run('0')).code, 0);
      assert.equal(server.messages.length, 0);
    });
    it('--when change keeps its state in the user\'s cache folder by default, per chat and name', async () => {
      const name = `default-state-${process.pid}-${Date.now()}`;
      const run = (status: string) => notify(['--status', status, '--when', 'change', '--name', name]);
      assert.equal((await run('1')).code, 0);
      assert.equal((await run('1')).code, 0);
      assert.equal((await run('0')).code, 0);
      assert.equal(server.messages.length, 2);
      assert.match(server.messages[0].text ?? '', /is broken/);
      assert.match(server.messages[1].text ?? '', /is fixed/);
      const file = defaultStateLocation(CHAT, name, realpathSync(work), { XDG_CACHE_HOME: path.join(work, '.cache') })?.file ?? '';
      assert.ok(file.startsWith(path.join(work, '.cache', 'ok-chat') + path.sep), file);
      assert.ok(existsSync(file), file);
      rmSync(file);
    });
    it('--when failure does not send a success, and says why', async () => {
      const r = await notify(['--status', '0', '--when', 'failure']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /not sending: the build succeeded and only failures are reported/);
      assert.equal(server.messages.length, 0);
    });
    it('checks the token even when the rule says not to send', async () => {
      const r = await notify(['--status', '0', '--when', 'failure'], { env: { OK_ACCESS_TOKEN: undefined } });
      assert.equal(r.code, 3);
    });
    it('--dry-run prints the message without a token', async () => {
      const r = await notify(['--status', '3', '--name', 'e2e', '--branch=', '--workspace=', '--dry-run'], { env: { OK_ACCESS_TOKEN: undefined } });
      assert.equal(r.code, 0, r.stderr);
      oneOf(r.stdout, r.times.map((t) => `❌ e2e failed (exit code 3)\n${t}\n`));
      assert.equal(server.requests.length, 0);
    });
  });
});
