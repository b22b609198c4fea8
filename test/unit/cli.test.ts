/**
 * The `ok-chat` CLI as users run it: bundled by esbuild exactly like scripts/build.mjs does,
 * started as a real `node` process, talking to the fake OK server.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { EXIT, USAGE, defaultStateFile, main, parseStatus } from '../../src/cli/main';
import { apiErrorMessage, inputErrorMessage, suggest } from '../../src/cli/errorMessages';
import {
  InputError,
  OkApiError,
  notTlsProblem,
  parseChatId,
  parseDuration,
  parseProxyUrl,
  requests,
  splitMessage,
  validateBaseUrl,
  type OkApiErrorInit,
  type OkErrorKind,
} from '../../src/core';
import { FakeOkServer } from '../fake-ok/server';
import * as cliProcess from '../helpers/cliProcess';

const ROOT = path.resolve(__dirname, '../../..');
const CHAT = 'chat:C3ecb9d02a600';

type Run = cliProcess.CliRun;

let built: cliProcess.BuiltCli | undefined;
let cli: string;
let work: string;
let server: FakeOkServer;

/** HH:MM in UTC, as the CLI prints it with TZ=UTC. */
const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

function runCli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<Run> {
  return cliProcess.runCli(cli, args, {
    env: {
      PATH: process.env.PATH,
      HOME: work,
      TZ: 'UTC',
      LANG: 'C.UTF-8',
      // git must not find a repository above the temporary folder.
      GIT_CEILING_DIRECTORIES: path.dirname(opts.cwd ?? work),
      OK_ACCESS_TOKEN: server.token,
      OK_API_BASE_URL: server.baseUrl,
      ...opts.env,
    },
    cwd: opts.cwd ?? work,
    input: opts.input,
    killAfterMs: 20_000,
  });
}

/** Words of the editor's UI that a command-line user cannot act on. */
const EDITOR_WORDS =
  /remove it from the list|from the list|Type some|Select some|Enter a|input box|sidebar|Set Access Token|Set a new group token|Outbox|http\.proxy|proxyStrictSSL|restart|with the log|proxy settings|the settings|user settings|command palette|pick the chat/i;

describe('ok-chat CLI (built, as a process, against the fake server)', function () {
  this.timeout(30_000);

  before(async () => {
    built = cliProcess.buildCli('cli-test-');
    cli = built.file;
    work = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-cli-'));
    server = await FakeOkServer.start();
  });
  after(async () => {
    await server?.close();
    built?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.reset();
    server.addChat({ chat_id: CHAT, title: 'Backend' });
  });

  describe('help and version', () => {
    it('--help explains commands, the token variable (and why there is no flag) and exit codes', async () => {
      const r = await runCli(['--help']);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      for (const text of ['ok-chat send', 'ok-chat notify', 'ok-chat chats', 'OK_ACCESS_TOKEN', 'OK_API_BASE_URL', 'no --token option', 'shell', 'Exit codes:', '4  could not reach OK']) {
        assert.ok(r.stdout.includes(text), `help mentions ${text}`);
      }
      assert.equal((await runCli(['-h'])).stdout, r.stdout);
    });
    it('every command has its own --help', async () => {
      const send = await runCli(['send', '--help']);
      assert.equal(send.code, 0);
      assert.match(send.stdout, /^Usage: ok-chat send --chat <chat>/);
      assert.match(send.stdout, /--max-length/);
      const notify = await runCli(['notify', '-h', '--bogus']);
      assert.equal(notify.code, 0);
      assert.match(notify.stdout, /^Usage: ok-chat notify/);
      for (const v of ['{name}', '{status}', '{statusText}', '{icon}', '{exitCode}', '{duration}', '{workspace}', '{branch}', '{time}', '{transition}', '{output}', '--state-file', '--when']) {
        assert.ok(notify.stdout.includes(v), `notify help mentions ${v}`);
      }
      assert.match((await runCli(['chats', '--help'])).stdout, /^Usage: ok-chat chats \[--json\]/);
      assert.equal((await runCli(['help', 'notify'])).stdout, notify.stdout);
    });
    it('--version prints the package version', async () => {
      const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const r = await runCli(['--version']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${version}\n`);
    });
    it('the bundle starts with a node shebang', () => {
      assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
    });
  });

  describe('send', () => {
    it('sends --text and prints the message id', async () => {
      const r = await runCli(['send', '--chat', CHAT, '--text', 'Hello from CI']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages.length, 1);
      assert.equal(server.messages[0].text, 'Hello from CI');
      assert.equal(server.messages[0].chat_id, CHAT);
      assert.equal(r.stdout, `${server.messages[0].message_id}\n`);
      assert.match(r.stderr, /sent to chat:C3ecb9d02a600/);
    });
    it('accepts a bare id or an ok.ru link as --chat', async () => {
      assert.equal((await runCli(['send', '-c', 'C3ecb9d02a600', '-t', 'a'])).code, 0);
      assert.equal((await runCli(['send', '--chat=https://ok.ru/messages/C3ecb9d02a600', '--text=b'])).code, 0);
      assert.deepEqual(
        server.messages.map((m) => [m.chat_id, m.text]),
        [
          [CHAT, 'a'],
          [CHAT, 'b'],
        ],
      );
    });
    it('reads the text from stdin (Cyrillic, emoji, several lines)', async () => {
      const text = 'Сборка прошла ✅\nВторая строка 🚀\n\tс отступом';
      const r = await runCli(['send', '--chat', CHAT], { input: `${text}\n` });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages[0].text, text);
      const dash = await runCli(['send', '--chat', CHAT, '--text', '-'], { input: '\uFEFFПривет 👋\r\n' });
      assert.equal(dash.code, 0, dash.stderr);
      assert.equal(server.messages[1].text, 'Привет 👋');
      assert.equal(server.requests[0].rawBody, JSON.stringify({ recipient: { chat_id: CHAT }, message: { text } }));
    });
    it('splits long text into numbered parts of at most --max-length', async () => {
      const lines = Array.from({ length: 6 }, (_, i) => `строка ${i} ${'ж'.repeat(30)}`);
      const r = await runCli(['send', '--chat', CHAT, '--max-length', '100'], { input: lines.join('\n') });
      assert.equal(r.code, 0, r.stderr);
      const texts = server.messages.map((m) => m.text ?? '');
      assert.ok(texts.length > 1);
      texts.forEach((t, i) => {
        assert.ok(t.startsWith(`(${i + 1}/${texts.length}) `), t);
        assert.ok(t.length <= 100);
      });
      assert.equal(texts.map((t) => t.replace(/^\(\d+\/\d+\) /, '')).join(''), lines.join('\n'));
      assert.deepEqual(r.stdout.trim().split('\n'), server.messages.map((m) => m.message_id));
      assert.match(r.stderr, new RegExp(`in ${texts.length} parts`));
    });
    it('--dry-run prints without a token and without calling OK', async () => {
      const r = await runCli(['send', '--chat', CHAT, '--text', 'preview', '--dry-run'], { env: { OK_ACCESS_TOKEN: undefined } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'preview\n');
      assert.equal(server.requests.length, 0);
    });
  });

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
        r.times.map((t) => `❌ build failed (exit code 1)\n${t}\n\nERROR: login failed for https://ci:***@git.example.com (token ***)\nDB_PASSWORD=***`),
      );
      // A success does not show the log.
      const ok = await notify(['--status', '0', '--branch=', '--workspace=', '--output-file', log]);
      assert.equal(ok.code, 0, ok.stderr);
      oneOf(server.messages[1].text, ok.times.map((t) => `✅ build succeeded (exit code 0)\n${t}`));
    });
    it('reads the log from stdin with --output-file -', async () => {
      const r = await notify(['--status', 'failed', '--branch=', '--workspace=', '--output-file', '-', '--output-lines', '1'], { input: 'a\nОшибка сборки 💥\n' });
      assert.equal(r.code, 0, r.stderr);
      oneOf(server.messages[0].text, r.times.map((t) => `❌ build failed\n${t}\n\nОшибка сборки 💥`));
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
    it('--when change keeps its state in the temporary folder by default, per chat and name', async () => {
      const name = `default-state-${process.pid}-${Date.now()}`;
      const run = (status: string) => notify(['--status', status, '--when', 'change', '--name', name]);
      assert.equal((await run('1')).code, 0);
      assert.equal((await run('1')).code, 0);
      assert.equal((await run('0')).code, 0);
      assert.equal(server.messages.length, 2);
      assert.match(server.messages[0].text ?? '', /is broken/);
      assert.match(server.messages[1].text ?? '', /is fixed/);
      const file = defaultStateFile(CHAT, name, realpathSync(work));
      assert.ok(file.startsWith(path.join(os.tmpdir(), 'ok-chat') + path.sep), file);
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

  describe('chats', () => {
    it('lists id, status and title', async () => {
      server.addChat({ chat_id: 'chat:C0000000000b1', title: 'Релизы 🚀', status: 'LEFT' });
      const r = await runCli(['chats']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'chat:C3ecb9d02a600  ACTIVE  Backend\nchat:C0000000000b1  LEFT    Релизы 🚀\n');
    });
    it('--json prints the chats as OK returns them', async () => {
      const r = await runCli(['chats', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const chats = JSON.parse(r.stdout) as Array<{ chat_id: string; title: string; status: string }>;
      assert.deepEqual(
        chats.map((c) => [c.chat_id, c.title, c.status]),
        [[CHAT, 'Backend', 'ACTIVE']],
      );
    });
  });

  describe('exit codes', () => {
    const usage: Array<[string, string[], RegExp]> = [
      ['no command', [], /Usage:/],
      ['an unknown command', ['shout'], /unknown command 'shout'/],
      ['an unknown option', ['send', '--chat', CHAT, '--text', 'x', '--loud'], /unknown option '--loud'/],
      ['a positional argument', ['send', '--chat', CHAT, 'hello'], /Run 'ok-chat send --help'/],
      ['a missing --chat', ['send', '--text', 'x'], /--chat is required/],
      ['a bad chat id', ['send', '--chat', 'chat:nope', '--text', 'x'], /is not an OK chat id/],
      ['an empty text', ['send', '--chat', CHAT, '--text', '  '], /--text is empty: give the message/],
      ['empty stdin', ['send', '--chat', CHAT], /nothing to send: stdin was empty\. Pipe the text in/],
      ['a --token flag', ['send', '--chat', CHAT, '--text', 'x', '--token', 'tkn1zzz:LEAKED1234'], /no --token option/],
      ['a bad --max-length', ['send', '--chat', CHAT, '--text', 'x', '--max-length', '5'], /--max-length must be/],
      ['a missing --status', ['notify', '--chat', CHAT], /--status is required/],
      ['a bad --status', ['notify', '--chat', CHAT, '--status', 'meh'], /--status must be/],
      ['a bad --when', ['notify', '--chat', CHAT, '--status', '0', '--when', 'sometimes'], /--when must be one of/],
      ['a bad --duration', ['notify', '--chat', CHAT, '--status', '0', '--duration', '5 parsecs'], /not a duration/],
      ['--output-lines without a file', ['notify', '--chat', CHAT, '--status', '1', '--output-lines', '5'], /needs --output-file/],
      ['an option of another command', ['chats', '--chat', CHAT], /'ok-chat chats' has no --chat option \('ok-chat send' and 'ok-chat notify' have it\)/],
      ['a negative --duration', ['notify', '--chat', CHAT, '--status', '1', '--duration', '-3'], /--duration cannot be negative \("-3"\)/],
      ['a negative --max-length', ['send', '--chat', CHAT, '--text', 'x', '--max-length', '-5'], /--max-length must be a whole number from 20 to 100000, not "-5"/],
      ['an option without its value', ['send', '--text', 'x', '--chat'], /--chat needs a value, e\.g\. --chat chat:C3ecb9d02a600/],
      ['an option followed by another option', ['send', '--chat', '--text', 'x'], /--chat needs a value.*the next argument, --text, is an option/],
      ['a value for a flag', ['send', '--chat', CHAT, '--text', 'x', '--dry-run=yes'], /--dry-run takes no value/],
      ['an unquoted text', ['send', '--chat', CHAT, '--text', 'two', 'words'], /unexpected argument 'words'.*needs quotes/],
      ['an empty --chat', ['send', '--chat', '""', '--text', 'x'], /--chat is empty/],
      ['a damaged ok.ru link', ['send', '--chat', 'https://ok.ru/messages/%E0%A4%A', '--text', 'x'], /--chat: this ok\.ru link is damaged/],
      ['a text of zero-width characters only', ['send', '--chat', CHAT, '--text', '\u200b\u200d\ufeff'], /the message is empty/],
    ];
    for (const [what, args, message] of usage) {
      it(`2 for ${what}, and OK is not called`, async () => {
        const r = await runCli(args);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
        assert.equal(server.requests.length, 0);
        assert.ok(!r.stderr.includes('LEAKED1234'));
        assert.doesNotMatch(r.stderr, EDITOR_WORDS);
        assert.doesNotMatch(r.stderr, /ambiguous/);
      });
    }
    it('2 for a text that would take more than 50 parts, at once and before any request', async () => {
      const started = Date.now();
      const r = await runCli(['send', '--chat', CHAT, '--max-length', '20'], { input: 'x'.repeat(20_000_000) });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /too long: 20000000 characters would take more than 50 messages of 20\. Send it as a file instead/);
      assert.equal(server.requests.length, 0);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    });
    it('5 when a send may have been sent (the answer was lost after OK applied it), and it is not repeated', async () => {
      server.injectFault({ kind: 'reset', afterHandling: true }, { method: 'POST' });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'deploy done']);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /^ok-chat: may have been sent: check the chat before sending again/m);
      assert.doesNotMatch(r.stderr, /Could not reach OK|then retry/i);
      assert.equal(server.messages.length, 1);
      assert.equal(server.requests.filter((q) => q.method === 'POST').length, 1);
    });
    it('5 for notify too, and the exit code is documented', async () => {
      server.injectFault({ kind: 'oversized', bytes: 2 * 1024 * 1024, chunked: true, afterHandling: true }, { method: 'POST' });
      const r = await runCli(['notify', '--chat', CHAT, '--status', '1', '--when', 'always']);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /may have been sent: check the chat before sending again/);
      assert.equal(server.messages.length, 1);
      assert.match(USAGE, /^ {2}5 {2}may have been sent/m);
    });
    it('warns about an unknown --template variable and suggests the close one, and still sends', async () => {
      const r = await runCli(['notify', '--chat', CHAT, '--status', '0', '--when', 'always', '--template', '{icon} {nme} done']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /warning: --template: unknown template variable \{nme\} \(did you mean \{name\}\?\), sent as written/);
      assert.equal(server.messages.length, 1);
      assert.match(server.messages[0].text ?? '', /\{nme\} done/);
    });
    it('2 for a base URL that is not https', async () => {
      const r = await runCli(['chats'], { env: { OK_API_BASE_URL: 'http://example.com/graph' } });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /must use https/);
    });
    it('3 when OK_ACCESS_TOKEN is not set (or blank), for every command', async () => {
      for (const args of [['send', '--chat', CHAT, '--text', 'x'], ['notify', '--chat', CHAT, '--status', '1'], ['chats']]) {
        for (const token of [undefined, '', '  ']) {
          const r = await runCli(args, { env: { OK_ACCESS_TOKEN: token } });
          assert.equal(r.code, 3, `${args[0]} ${JSON.stringify(token)}`);
          assert.match(r.stderr, /OK_ACCESS_TOKEN is not set/);
        }
      }
      assert.equal(server.requests.length, 0);
    });
    it('4 when OK cannot be reached', async () => {
      const port = await cliProcess.closedPort();
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x'], { env: { OK_API_BASE_URL: `http://127.0.0.1:${port}/graph` } });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /Could not reach OK/);
      assert.ok(!r.stderr.includes(server.token) && !r.stdout.includes(server.token));
    });
    it('4, naming HTTPS_PROXY, when the proxy from the environment cannot be reached', async () => {
      const port = await cliProcess.closedPort();
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x'], {
        env: { OK_API_BASE_URL: undefined, HTTPS_PROXY: `http://ci:s3cret@127.0.0.1:${port}`, NO_PROXY: undefined },
      });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /Could not connect through the proxy http:\/\/ci:\*\*\*@127\.0\.0\.1/);
      assert.match(r.stderr, /HTTPS_PROXY/);
      assert.ok(!r.stderr.includes('s3cret'), r.stderr);
    });
    it('1 for an OK error (unknown chat, 705), with OK\'s explanation, in CLI words', async () => {
      const r = await runCli(['send', '--chat', 'chat:C0000000000ff', '--text', 'x']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /OK does not know this chat, or the group is no longer in it\. Check --chat: 'ok-chat chats' lists the group's chats\./);
      assert.match(r.stderr, /CHAT_NOT_FOUND/);
      assert.doesNotMatch(r.stderr, EDITOR_WORDS);
      assert.equal(r.stdout, '');
    });
    it('1 for a rejected token, naming OK_ACCESS_TOKEN', async () => {
      const r = await runCli(['chats'], { env: { OK_ACCESS_TOKEN: 'tkn1wrong:WRONGTOKEN0000' } });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /OK rejected the access token in OK_ACCESS_TOKEN: .* Set OK_ACCESS_TOKEN to the group's current token/);
      assert.doesNotMatch(r.stderr, EDITOR_WORDS);
      assert.ok(!r.stderr.includes('WRONGTOKEN0000'));
    });
    it('2 for a bad OK_API_BASE_URL, naming the variable', async () => {
      const notUrl = await runCli(['chats'], { env: { OK_API_BASE_URL: 'api.ok.ru/graph' } });
      assert.equal(notUrl.code, 2);
      assert.match(notUrl.stderr, /^ok-chat: OK_API_BASE_URL "api\.ok\.ru\/graph" is not a valid URL\. Expected something like https:\/\/api\.ok\.ru\/graph\.\n$/);
      const http = await runCli(['chats'], { env: { OK_API_BASE_URL: 'http://example.com/graph' } });
      assert.match(http.stderr, /OK_API_BASE_URL must use https \(plain http only for this machine/);
      assert.equal(server.requests.length, 0);
    });
    it('1 for a base URL without /graph, with the URL that would work', async () => {
      for (const base of [server.origin, `${server.origin}/`]) {
        for (const args of [['send', '--chat', CHAT, '--text', 'x'], ['chats']]) {
          const r = await runCli(args, { env: { OK_API_BASE_URL: base } });
          assert.equal(r.code, 1, r.stderr);
          assert.ok(
            r.stderr.startsWith(`ok-chat: OK did not recognise the request: OK_API_BASE_URL (${server.origin}) does not end with /graph, so it is probably incomplete. Try OK_API_BASE_URL=${server.origin}/graph.`),
            r.stderr,
          );
          assert.doesNotMatch(r.stderr, /details:/);
        }
      }
      assert.equal(server.messages.length, 0);
      assert.equal((await runCli(['chats'], { env: { OK_API_BASE_URL: `${server.origin}/graph` } })).code, 0, 'the suggested URL works');
    });
    it('4 for https:// to a plain-http server: it does not speak TLS, use http://, no OpenSSL dump', async () => {
      const r = await runCli(['chats'], { env: { OK_API_BASE_URL: server.baseUrl.replace(/^http:/, 'https:') } });
      assert.equal(r.code, 4, r.stderr);
      assert.equal(
        r.stderr,
        `ok-chat: The server at ${new URL(server.baseUrl).host} does not speak TLS (https). If it is a plain http server on this machine, use OK_API_BASE_URL=${server.baseUrl}.\n`,
      );
      assert.equal(server.requests.length, 0);
    });
  });

  describe('values that start with a dash', () => {
    it('--status takes a negative exit code (a Windows crash code), as its own argument or after =', async () => {
      for (const args of [['--status', '-1073741819'], ['-s', '-1073741819'], ['--status=-1073741819'], ['-s-1073741819']]) {
        const r = await runCli(['notify', '--chat', CHAT, ...args, '--dry-run']);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stdout, /^❌ build failed \(exit code -1073741819\)\n/);
      }
      const sent = await runCli(['notify', '--chat', CHAT, '--status', '-1', '--name', 'unit tests']);
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(server.messages[0].text ?? '', /^❌ unit tests failed \(exit code -1\)/);
    });
    it('--text sends a text that starts with a dash', async () => {
      const r = await runCli(['send', '--text', '-1 from the build', '--chat', CHAT]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages[0].text, '-1 from the build');
    });
  });

  describe('did you mean', () => {
    const cases: Array<[string, string[], string]> = [
      ['a swapped command', ['sned', '--chat', CHAT], "unknown command 'sned'. Did you mean 'ok-chat send'?"],
      ['a misspelt command', ['notfy'], "unknown command 'notfy'. Did you mean 'ok-chat notify'?"],
      ['another word for a command', ['list'], "unknown command 'list'. Did you mean 'ok-chat chats'?"],
      ['a misspelt top-level option', ['--hlep'], "unknown option '--hlep'. Did you mean --help?"],
      ['options before the command', ['--chat', CHAT, 'send'], 'the command comes first: ok-chat send --chat ...'],
      ['a swapped option', ['send', '--chta', CHAT, '--text', 'x'], "unknown option '--chta'. Did you mean --chat?"],
      ['a swapped option with =', ['send', `--chta=${CHAT}`, '--text', 'x'], "unknown option '--chta'. Did you mean --chat?"],
      ['a misspelt long option', ['notify', '--chat', CHAT, '--status', '1', '--state-fiel', 'x.json'], "unknown option '--state-fiel'. Did you mean --state-file?"],
      ['the start of an option', ['send', '--chat', CHAT, '--text', 'x', '--dry'], "unknown option '--dry'. Did you mean --dry-run?"],
      ['a misspelt --json', ['chats', '--jsno'], "unknown option '--jsno'. Did you mean --json?"],
    ];
    for (const [what, args, expected] of cases) {
      it(`${what}: ${args.join(' ')}`, async () => {
        const r = await runCli(args);
        assert.equal(r.code, 2);
        assert.ok(r.stderr.startsWith(`ok-chat: ${expected} Run 'ok-chat`), r.stderr);
        assert.equal(server.requests.length, 0);
      });
    }
    it('no guess when nothing is close', async () => {
      for (const args of [['shout'], ['send', '--chat', CHAT, '--text', 'x', '--loud'], ['--xyz']]) {
        const r = await runCli(args);
        assert.equal(r.code, 2);
        assert.doesNotMatch(r.stderr, /Did you mean/, r.stderr);
      }
    });
  });

  describe('the token is never printed', () => {
    it('not when OK echoes it in an error message', async () => {
      server.injectFault({ kind: 'ok-error', code: 100, msg: `bad request for token ${server.token} (${encodeURIComponent(server.token)})` });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /OK refused the request \(error 100\)/);
      for (const out of [r.stdout, r.stderr]) {
        assert.ok(!out.includes(server.token) && !out.includes(encodeURIComponent(server.token)) && !out.includes('TESTTOKEN'), out);
      }
    });
    it('not even a token of no known shape, in errors, results or the message sent', async () => {
      const plain = await FakeOkServer.start({ token: 'plain-secret-value-1234567' });
      try {
        plain.addChat({ chat_id: CHAT, title: 'x' });
        const env = { OK_ACCESS_TOKEN: plain.token, OK_API_BASE_URL: plain.baseUrl };
        plain.injectFault({ kind: 'ok-error', code: 2001, msg: `token ${plain.token} is not allowed here` });
        const failed = await runCli(['chats'], { env });
        assert.equal(failed.code, 1);
        assert.match(failed.stderr, /\*\*\*/);
        plain.injectFault({ kind: 'status', status: 502, body: `<html>upstream said ${plain.token}</html>` }, { times: 10 });
        const bad = await runCli(['send', '--chat', CHAT, '--text', 'x'], { env });
        assert.equal(bad.code, 5, 'a 502 to a send: OK may have it');
        plain.clearFaults();
        const log = path.join(work, 'leak.log');
        writeFileSync(log, `echo $OK_ACCESS_TOKEN\n${plain.token}\n`);
        const notified = await runCli(['notify', '--chat', CHAT, '--status', '1', '--output-file', log], { env });
        assert.equal(notified.code, 0, notified.stderr);
        for (const r of [failed, bad, notified]) {
          assert.ok(!r.stdout.includes(plain.token) && !r.stderr.includes(plain.token), r.stderr);
        }
        const text = plain.messages[0].text ?? '';
        assert.ok(text.endsWith('\n\necho $OK_ACCESS_TOKEN\n***'), text);
      } finally {
        await plain.close();
      }
    });
  });
});

describe('ok-chat CLI main() in process', () => {
  let server: FakeOkServer;
  before(async () => {
    server = await FakeOkServer.start();
    server.addChat({ chat_id: CHAT });
  });
  after(async () => {
    await server.close();
  });

  function io(input: string, isTTY = false) {
    const out: string[] = [];
    const err: string[] = [];
    const stdin = Object.assign(Readable.from(input ? [Buffer.from(input)] : []), { isTTY });
    return { out, err, io: { stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: os.tmpdir() } };
  }

  it('returns the exit code and writes to the given streams', async () => {
    const t = io('из main() 👋\n');
    const code = await main(['send', '--chat', CHAT], { OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl }, t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.equal(server.messages.at(-1)?.text, 'из main() 👋');
    assert.equal(t.out.join(''), `${server.messages.at(-1)?.message_id}\n`);
  });
  it('asks for text instead of waiting on a terminal', async () => {
    const t = io('', true);
    assert.equal(await main(['send', '--chat', CHAT], { OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl }, t.io), 2);
    assert.match(t.err.join(''), /no text: pass --text/);
  });
  it('understands exit codes and CI status words', () => {
    assert.deepEqual(parseStatus('0'), { status: 'success', exitCode: 0 });
    assert.deepEqual(parseStatus('137'), { status: 'failure', exitCode: 137 });
    assert.deepEqual(parseStatus('Success'), { status: 'success' });
    assert.deepEqual(parseStatus('failed'), { status: 'failure' });
    assert.deepEqual(parseStatus('canceled'), { status: 'cancelled' });
    assert.throws(() => parseStatus('maybe'), /--status must be/);
  });
  it('understands negative exit codes', () => {
    assert.deepEqual(parseStatus('-1073741819'), { status: 'failure', exitCode: -1073741819 });
    assert.deepEqual(parseStatus('-1'), { status: 'failure', exitCode: -1 });
  });
});

describe('ok-chat CLI messages', () => {
  const ctx = { baseUrl: 'http://127.0.0.1:8787/graph', baseUrlFromEnv: true };
  const thrown = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      return e;
    }
    assert.fail('expected an InputError');
  };

  it('words every API error for a command line: nothing of the editor (lists, boxes, settings, the log)', () => {
    const kinds: OkErrorKind[] = ['auth', 'rate-limit', 'temporary', 'param', 'not-found', 'permission', 'network', 'timeout', 'cancelled', 'bad-response', 'unknown'];
    const inits: OkApiErrorInit[] = [];
    for (const kind of kinds) {
      inits.push({ kind, delivery: 'rejected' }, { kind, delivery: 'not-sent' }, { kind, delivery: 'rejected', code: 705, okMessage: 'CHAT_NOT_FOUND : x', httpStatus: 404 });
    }
    const env = { proxy: 'http://ci:***@proxy:3128', proxySource: 'env' as const, proxyEnvName: 'HTTPS_PROXY' };
    for (const proxyFailure of ['unreachable', 'not-found', 'timeout', 'auth', 'refused', 'closed', 'tls'] as const) {
      inits.push({ kind: 'network', delivery: 'not-sent', connection: { ...env, proxyFailure, proxyStatus: 403, proxyCredentialsSent: true } });
    }
    inits.push(
      { kind: 'network', delivery: 'unknown', connection: env },
      { kind: 'network', delivery: 'not-sent', connection: { certificate: 'SELF_SIGNED_CERT_IN_CHAIN', host: 'api.ok.ru' } },
      { kind: 'network', delivery: 'not-sent', connection: { ...env, certificate: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', host: 'proxy' } },
      { kind: 'network', delivery: 'not-sent', connection: notTlsProblem('https://127.0.0.1:8787/graph') },
      { kind: 'network', delivery: 'not-sent', connection: notTlsProblem('https://ok.example.com:80/graph') },
      { kind: 'param', delivery: 'rejected', code: 3, okMessage: 'METHOD : Unknown method GET /me/chats', baseUrlHint: { baseUrl: 'http://127.0.0.1:8787', suggested: 'http://127.0.0.1:8787/graph' } },
    );
    for (const init of inits) {
      for (const words of [ctx, { baseUrl: 'https://api.ok.ru/graph', baseUrlFromEnv: false }]) {
        const message = apiErrorMessage(new OkApiError(init), words);
        assert.ok(message.length > 5, JSON.stringify(init));
        assert.doesNotMatch(message, EDITOR_WORDS, `${JSON.stringify(init)} -> ${message}`);
      }
    }
    assert.match(apiErrorMessage(new OkApiError(inits.at(-1)!), ctx), /OK_API_BASE_URL \(http:\/\/127\.0\.0\.1:8787\) does not end with \/graph/);
    assert.match(apiErrorMessage(new OkApiError(inits.at(-3)!), ctx), /use OK_API_BASE_URL=http:\/\/127\.0\.0\.1:8787\/graph\.$/);
    assert.match(apiErrorMessage(new OkApiError(inits.at(-2)!), ctx), /Check the host and port in OK_API_BASE_URL/);
    assert.match(apiErrorMessage(new OkApiError({ kind: 'network', delivery: 'not-sent', connection: { certificate: 'X', host: 'h' } }), ctx), /set NODE_EXTRA_CA_CERTS/);
  });

  it('words the input errors the core finds (chat, text, base URL) for a command line', () => {
    const errors = [
      thrown(() => parseChatId('')),
      thrown(() => parseChatId('zzz')),
      thrown(() => parseChatId('https://ok.ru/messages/abc')),
      thrown(() => splitMessage('  ')),
      thrown(() => requests.sendText(CHAT, '')),
      thrown(() => validateBaseUrl('nope')),
      thrown(() => validateBaseUrl('http://example.com/graph')),
      thrown(() => validateBaseUrl('https://u:p@api.ok.ru/graph')),
      thrown(() => parseDuration('soon')),
      thrown(() => parseProxyUrl('socks5://p:1080', 'HTTPS_PROXY')),
    ];
    for (const e of errors) {
      const message = inputErrorMessage(e, ctx);
      assert.doesNotMatch(message, EDITOR_WORDS, `${e.message} -> ${message}`);
    }
    assert.match(inputErrorMessage(errors[3], ctx), /pass --text "\.\.\." or pipe the text to stdin/);
    assert.match(inputErrorMessage(errors[5], { baseUrl: 'nope', baseUrlFromEnv: true }), /^OK_API_BASE_URL "nope" is not a valid URL/);
  });

  it('the extension keeps its own wording', () => {
    assert.match(new OkApiError({ kind: 'not-found', delivery: 'rejected', code: 705 }).userMessage, /remove it from the list/);
    assert.match(thrown(() => splitMessage('')).message, /^The message is empty\. Type some text to send\.$/);
  });

  it('guesses near misses only', () => {
    const commands = ['send', 'notify', 'chats', 'help'];
    assert.equal(suggest('sned', commands), 'send');
    assert.equal(suggest('SEND', commands), 'send');
    assert.equal(suggest('nofity', commands), 'notify');
    assert.equal(suggest('chat', commands), 'chats');
    assert.equal(suggest('hepl', commands), 'help');
    assert.equal(suggest('ls', commands), 'chats');
    assert.equal(suggest('xyz', commands), undefined);
    assert.equal(suggest('deploy', commands), undefined);
    assert.equal(suggest('--max-lenght', ['--max-length', '--dry-run']), '--max-length');
    assert.equal(suggest('--d', ['--dry-run', '--duration']), undefined, 'too short a prefix');
    assert.equal(suggest('--dur', ['--dry-run', '--duration']), '--duration');
  });

  it('the exit codes in --help, in the README and in the code agree', () => {
    const codes = Object.values(EXIT).sort();
    const help = /Exit codes:\n([\s\S]*?)\n\n/.exec(USAGE)?.[1] ?? '';
    const inHelp = [...help.matchAll(/^ {2}(\d+) {2}\S/gm)].map((m) => Number(m[1])).sort();
    assert.deepEqual(inHelp, codes, help);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = /### From CI pipelines[\s\S]*?(?=\n### )/.exec(readme)?.[0] ?? '';
    const table = /Exit codes[^\n]*\n\n((?:\|.*\n)+)/.exec(section)?.[1] ?? '';
    const inReadme = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])).sort();
    assert.deepEqual(inReadme, codes, table || 'no exit code table in the README CLI section');
    for (const [name, code] of Object.entries(EXIT)) {
      const word = { ok: /done/, api: /OK refused/, usage: /usage error/, noToken: /OK_ACCESS_TOKEN is not set/, network: /could not reach OK/, maybeSent: /may have been sent: check the chat before sending again/ }[name];
      assert.ok(word, `a description for exit code ${code}`);
      assert.match(new RegExp(`^ {2}${code} {2}(.*)$`, 'm').exec(help)?.[1] ?? '', word, `help: ${code}`);
      assert.match((new RegExp(`^\\| ${code} \\| (.*)$`, 'm').exec(table)?.[1] ?? '').replace(/`/g, ''), word, `README: ${code}`);
    }
  });
});
