/** The `ok-chat` CLI as users run it (a real `node` process against the fake server): help, version, send and chats. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT, ROOT, cli, describeBuiltCli, runCli, server } from '../helpers/builtCli';

describeBuiltCli(() => {
  describe('help and version', () => {
    it('--help explains commands, the token variable (and why there is no flag) and exit codes', async () => {
      const r = await runCli(['--help']);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      for (const text of ['ok-chat send', 'ok-chat notify', 'ok-chat chats', 'OK_ACCESS_TOKEN', 'OK_API_BASE_URL', 'no --token option', 'shell', 'Exit codes:', '4  not sent: could not reach OK']) {
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
});
