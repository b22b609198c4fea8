/** `ok-chat notify` link buttons (a real `node` process against the fake server, with a recorded GitHub Actions environment). */
import * as assert from 'node:assert/strict';
import { FakeOkServer, type RecordedRequest } from '../fake-ok/server';
import { CHAT, describeBuiltCli, runCli, server } from '../helpers/builtCli';
import { ciFixture } from '../helpers/ciFixture';

const RUN = 'https://github.com/acme/app/actions/runs/11876543210/attempts/2';
const COMMIT = 'https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b';
const PR = 'https://github.com/acme/app/pull/57';

type Keyboard = { type: string; payload: { keyboard: { buttons: Array<Array<{ type: string; text: string; url: string; intent: string }>> } } };

/** The keyboard a request or stored message carried, if any. */
function keyboardOf(attachments: unknown[]): Keyboard | undefined {
  return attachments.find((a): a is Keyboard => (a as { type?: unknown }).type === 'INLINE_KEYBOARD');
}
function sentAttachments(r: RecordedRequest): unknown[] {
  const m = (r.body as { message?: { attachment?: unknown; attachments?: unknown[] } }).message ?? {};
  return [...(m.attachment ? [m.attachment] : []), ...(m.attachments ?? [])];
}

describeBuiltCli(() => {
  describe('notify link buttons', () => {
    function githubEnv(): Record<string, string | undefined> {
      const { PATH: _p, HOME: _h, ...env } = ciFixture('github');
      return env;
    }
    const notify = (args: string[], env: Record<string, string | undefined> = {}) =>
      runCli(['notify', '--chat', CHAT, '--status', '1', '--name', 'unit tests', ...args], { env: { ...githubEnv(), ...env } });

    it('the posted message carries "Open CI run", "Open commit" and "Open pull request" with their links', async () => {
      const r = await notify([]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages.length, 1);
      const keyboard = keyboardOf(server.messages[0].attachments);
      assert.ok(keyboard, 'a keyboard was stored');
      assert.deepEqual(keyboard.payload.keyboard.buttons, [
        [{ type: 'LINK', text: 'Open CI run', url: RUN, intent: 'NEGATIVE' }],
        [{ type: 'LINK', text: 'Open commit', url: COMMIT, intent: 'DEFAULT' }],
        [{ type: 'LINK', text: 'Open pull request', url: PR, intent: 'DEFAULT' }],
      ]);
      assert.ok(!r.stderr.includes('refused'), r.stderr);
    });

    it('only the last part of a long message carries the buttons', async () => {
      const r = await notify(['--max-length', '60']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(server.messages.length > 1, `${server.messages.length} parts`);
      server.messages.forEach((m, i) => assert.equal(keyboardOf(m.attachments) !== undefined, i === server.messages.length - 1, `part ${i + 1}`));
    });

    it('--no-buttons sends no keyboard', async () => {
      const r = await notify(['--no-buttons']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages.length, 1);
      assert.deepEqual(server.messages[0].attachments, []);
      assert.deepEqual(server.requestsTo('POST', '/me/messages').map(sentAttachments), [[]]);
    });

    it('no links known (outside CI): no keyboard', async () => {
      const r = await runCli(['notify', '--chat', CHAT, '--status', '0']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(server.messages[0].attachments, []);
    });

    it('a non-PARAM error is not retried without the buttons', async () => {
      server.injectFault({ kind: 'ok-error', code: 10, msg: 'Chat is not available' }, { method: 'POST' });
      const r = await notify([]);
      assert.notEqual(r.code, 0);
      assert.equal(server.requestsTo('POST', '/me/messages').length, 1);
      assert.equal(server.messages.length, 0);
      assert.ok(!r.stderr.includes('refused the link buttons'), r.stderr);
    });

    it('--help tells about the buttons and --no-buttons', async () => {
      const help = (await runCli(['notify', '--help'])).stdout;
      for (const words of ['--no-buttons', 'Open CI run', 'Open commit', 'Open pull request', 'OK refused the link buttons']) assert.ok(help.includes(words), `help mentions ${words}`);
    });

    it('--dry-run shows the buttons on stderr (and none with --no-buttons)', async () => {
      const r = await notify(['--dry-run'], { OK_ACCESS_TOKEN: undefined });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        r.stderr.split('\n').filter((l) => l.includes('button: ')).map((l) => l.replace(/^ok-chat: /, '')),
        [`button: Open CI run → ${RUN}`, `button: Open commit → ${COMMIT}`, `button: Open pull request → ${PR}`],
      );
      assert.ok(!r.stdout.includes('button'), r.stdout);
      const off = await notify(['--dry-run', '--no-buttons'], { OK_ACCESS_TOKEN: undefined });
      assert.ok(!off.stderr.includes('button:'), off.stderr);
      assert.equal(server.requests.length, 0);
    });

    it('--no-buttons takes no value', async () => {
      const r = await notify(['--no-buttons=yes']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--no-buttons takes no value/);
      assert.equal(server.requests.length, 0);
    });

    describe('an OK that refuses keyboards (dialect no-keyboards)', () => {
      let refusing: FakeOkServer;
      before(async () => {
        refusing = await FakeOkServer.start({ dialect: 'no-keyboards' });
      });
      after(() => refusing?.close());
      beforeEach(() => {
        refusing.reset();
        refusing.addChat({ chat_id: CHAT, title: 'Backend' });
      });

      it('the message arrives exactly once, without keyboard, with the links as text; two POSTs in all', async () => {
        const r = await notify([], { OK_ACCESS_TOKEN: refusing.token, OK_API_BASE_URL: refusing.baseUrl });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(refusing.messages.length, 1);
        const text = refusing.messages[0].text ?? '';
        assert.deepEqual(refusing.messages[0].attachments, []);
        for (const url of [RUN, COMMIT, PR]) assert.equal(text.split(url).length - 1, 1, `${url} once in:\n${text}`);
        assert.ok(text.endsWith(`\n${PR}`), text);
        const posts = refusing.requestsTo('POST', '/me/messages');
        assert.equal(posts.length, 2);
        assert.ok(keyboardOf(sentAttachments(posts[0])), 'the first POST had the keyboard');
        assert.deepEqual(sentAttachments(posts[1]), []);
        assert.match(r.stderr, /OK refused the link buttons; sent the links as text/);
        assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
      });

      it('--no-buttons: one POST, no refusal', async () => {
        const r = await notify(['--no-buttons'], { OK_ACCESS_TOKEN: refusing.token, OK_API_BASE_URL: refusing.baseUrl });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(refusing.requestsTo('POST', '/me/messages').length, 1);
        assert.equal(refusing.messages.length, 1);
        assert.ok(!(refusing.messages[0].text ?? '').includes(PR));
      });
    });
  });
});
