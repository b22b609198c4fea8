/** The `ok-chat` CLI's exit codes and what it prints with them, as users run it (a real `node` process against the fake server). */
import * as assert from 'node:assert/strict';
import { USAGE } from '../../src/cli/usage';
import { CHAT, EDITOR_WORDS, describeBuiltCli, runCli, server } from '../helpers/builtCli';
import * as cliProcess from '../helpers/cliProcess';

describeBuiltCli(() => {
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
      ['an option of another command', ['chats', '--chat', CHAT], /'ok-chat chats' has no --chat option \('ok-chat send', 'ok-chat notify' and 'ok-chat read' have it\)/],
      ['an option of one other command', ['send', '--chat', CHAT, '--text', 'x', '--count', '3'], /'ok-chat send' has no --count option \('ok-chat read' has it\)/],
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
});
