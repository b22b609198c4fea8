/**
 * The GitHub Action (action.yml → dist/action.js → dist/cli.js) run as the runner runs it: `node
 * dist/action.js` with a recorded GitHub Actions environment (GITHUB_*, the inputs as INPUT_*),
 * against the fake OK server.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { load } from 'js-yaml';
import { CHAT, ROOT, cli, describeBuiltCli, hhmm, server } from '../helpers/builtCli';
import { ciFixture } from '../helpers/ciFixture';
import { runCli, type CliRun } from '../helpers/cliProcess';

describeBuiltCli(() => {
  describe('the GitHub Action', () => {
    let action: string;
    let dir: string;
    before(() => {
      // beside the built CLI, as dist/action.js is beside dist/cli.js in a release
      action = path.join(path.dirname(cli), 'action.js');
      buildSync({ entryPoints: [path.join(ROOT, 'src/action/actionEntry.ts')], outfile: action, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
    });
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-action-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** The recorded environment of the action's step, with the runner's files in a temporary folder. */
    function runAction(inputs: Record<string, string>): Promise<CliRun & { output: string }> {
      const env: Record<string, string | undefined> = { ...ciFixture('github-action'), INPUT_TOKEN: server.token, ...inputs };
      for (const f of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH']) writeFileSync((env[f] = path.join(dir, f)), '');
      Object.assign(env, { HOME: dir, TZ: 'UTC', GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GIT_CEILING_DIRECTORIES: path.dirname(dir), OK_API_BASE_URL: server.baseUrl, PATH: process.env.PATH });
      return runCli(action, [], { env, cwd: dir, killAfterMs: 20_000 }).then((r) => ({ ...r, output: readFileSync(env.GITHUB_OUTPUT!, 'utf8') }));
    }

    it('masks the token first, posts the job\'s result with the run, commit, author and PR, and writes message-id', async () => {
      const before = new Date();
      const r = await runAction({});
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.split('\n')[0], `::add-mask::${server.token}`, 'the mask command is the first thing printed');
      assert.equal(server.messages.length, 1);
      const times = [...new Set([hhmm(before), hhmm(new Date())])];
      assert.ok(
        times.some(
          (t) =>
            server.messages[0].text ===
            [
              '❌ CI failed',
              `acme/app · feature/ci-links · ${t}`,
              'ann-lee · commit 3f78685 · PR #57',
              'https://github.com/acme/app/actions/runs/11876543210/attempts/2',
              'https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b',
            ].join('\n'),
        ),
        server.messages[0].text,
      );
      assert.equal(server.messages[0].chat_id, CHAT);
      assert.equal(r.output, `message-id=${server.messages[0].message_id}\n`);
      assert.ok(!r.stderr.includes(server.token) && !r.stdout.slice(r.stdout.indexOf('\n')).includes(server.token), 'the token is printed only in the mask command');
    });

    it('passes name, when, state-file, template and the log\'s last lines to ok-chat notify', async () => {
      writeFileSync(path.join(dir, 'build.log'), 'step 1\nstep 2\nerror: refunds.py:12\n');
      const inputs = { INPUT_STATUS: '1', INPUT_NAME: 'unit tests', INPUT_WHEN: 'change', 'INPUT_STATE-FILE': '.ok-chat/state.json', INPUT_TEMPLATE: '{icon} {name}: {statusText}\\n{output}', 'INPUT_OUTPUT-FILE': 'build.log', 'INPUT_OUTPUT-LINES': '1' };
      const first = await runAction(inputs);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(server.messages.length, 1);
      assert.match(server.messages[0].text ?? '', /^❌ unit tests: .+\n[\s\S]*error: refunds\.py:12/);
      assert.ok(!(server.messages[0].text ?? '').includes('step 2'), 'output-lines 1: only the last line');
      // the same failure again: `change` remembers it in the state file and sends nothing
      const again = await runAction(inputs);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(server.messages.length, 1);
      assert.match(again.stderr, /not sending/);
      assert.equal(again.output, '', 'no message-id when nothing was posted');
    });

    it('status started at the job\'s start writes its message-id; the result\'s step edits that message (run-key and message-id for another job)', async () => {
      const started = await runAction({ INPUT_STATUS: 'started' });
      assert.equal(started.code, 0, started.stderr);
      assert.equal(server.messages.length, 1);
      assert.equal(server.messages[0].text, '⏳ CI started · acme/app · feature/ci-links · https://github.com/acme/app/actions/runs/11876543210/attempts/2');
      const id = server.messages[0].message_id;
      assert.equal(started.output, `message-id=${id}\n`);
      // the last step of the same job: the run and job from GITHUB_*, the state in the runner's home
      const failed = await runAction({ INPUT_STATUS: 'failure' });
      assert.equal(failed.code, 0, failed.stderr);
      assert.equal(server.messages.length, 1);
      assert.match(server.messages[0].text ?? '', /^❌ CI failed\n/);
      assert.equal(failed.output, `message-id=${id}\n`);
      // another job knows nothing of this run's start: the id from the started step's output
      const other = await runAction({ INPUT_STATUS: 'success', 'INPUT_RUN-KEY': 'deploy', 'INPUT_MESSAGE-ID': id });
      assert.equal(other.code, 0, other.stderr);
      assert.deepEqual([server.messages.length, server.messages[0].text?.split('\n')[0]], [1, '✅ CI succeeded']);
    });

    it('a missing input is an error annotation naming it; nothing is sent', async () => {
      const r = await runAction({ INPUT_STATUS: '' });
      assert.notEqual(r.code, 0);
      assert.equal(r.stdout.split('\n')[0], `::add-mask::${server.token}`);
      assert.match(r.stderr, /^::error title=OK Chat::the input status is required/m);
      assert.equal(server.messages.length, 0);
    });

    it('action.yml declares exactly the inputs the entry reads and the README shows a valid step', () => {
      const meta = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
      const source = readFileSync(path.join(ROOT, 'src/action/actionEntry.ts'), 'utf8');
      const read = [...source.matchAll(/actionInput\(env, '([\w-]+)'\)/g)].map((m) => m[1]);
      const listed = [...source.matchAll(/\[('[\w-]+'(?:, '[\w-]+')*)\]\.filter\(\(name\) => !actionInput|for \(const option of \[([^\]]+)\]\)/g)].flatMap((m) => (m[1] ?? m[2]).split(',').map((s) => s.trim().replace(/'/g, '')));
      assert.deepEqual([...new Set([...read, ...listed])].sort(), Object.keys(meta.inputs).sort());
      assert.deepEqual(Object.keys(meta.inputs).filter((k) => meta.inputs[k].required).sort(), ['chat', 'status', 'token']);
      assert.deepEqual(Object.keys(meta.outputs), ['message-id']);
      assert.deepEqual(meta.runs, { using: 'node24', main: 'dist/action.js' });
      const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      const step = /```yaml\n(- name: [^\n]+\n\s+if: always\(\)\n\s+uses: ok-chat\/ok-chat@v1\n[\s\S]*?)```/.exec(readme);
      assert.ok(step, 'the README shows the action as a step with if: always()');
      const [parsed] = load(step[1]) as Array<{ with: Record<string, string> }>;
      assert.equal(parsed.with.status, '${{ job.status }}');
      assert.deepEqual(Object.keys(parsed.with).filter((k) => !(k in meta.inputs)), [], 'README inputs the action does not have');
    });
  });
});
