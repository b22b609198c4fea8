/** How the `ok-chat` CLI reads its command line, as users run it (a real `node` process against the fake server). */
import * as assert from 'node:assert/strict';
import { CHAT, describeBuiltCli, runCli, server } from '../helpers/builtCli';

describeBuiltCli(() => {
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
});
