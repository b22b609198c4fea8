// The fake OK server takes an inline keyboard of link buttons, strictly; the no-keyboards dialect refuses any.
import * as assert from 'node:assert/strict';
import { SEED_CHAT_IDS } from '../fake-ok/server';
import { formatRequestLine } from '../fake-ok/sandbox';
import { okError, restartFakeOk, send, srv, useFreshFakeOk } from '../helpers/fakeOkHttp';

const CHAT = SEED_CHAT_IDS[0];
const button = { type: 'LINK', text: 'Open log', url: 'https://ci.example.com/runs/7?token=abc', intent: 'POSITIVE' };
const keyboard = (...rows: unknown[][]) => ({ type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: rows } } });

describe('FakeOkServer keyboards', () => {
  useFreshFakeOk();

  let before = 0;
  beforeEach(() => {
    before = srv().messages.length;
  });

  it('stores a message with link buttons, keyboard included', async () => {
    const res = await send(CHAT, { message: { text: 'Build passed', attachment: keyboard([button], [{ ...button, text: 'Open commit', intent: 'DEFAULT' }]) } });
    assert.equal(res.status, 200, res.text);
    const stored = srv().messages.at(-1);
    assert.equal(stored?.text, 'Build passed');
    assert.deepEqual(stored?.attachments, [keyboard([button], [{ ...button, text: 'Open commit', intent: 'DEFAULT' }])]);
  });

  for (const [what, bad, pattern] of [
    ['a CALLBACK button', { ...button, type: 'CALLBACK' }, /type/],
    ['a label of 43 characters', { ...button, text: 'x'.repeat(43) }, /at most 42/],
    ['an empty label', { ...button, text: ' ' }, /text/],
    ['a javascript: URL', { ...button, url: 'javascript:alert(1)' }, /url: http\(s\) URL required/],
    ['an unknown intent', { ...button, intent: 'LOUD' }, /intent/],
    ['an unknown key', { ...button, payload: 'x' }, /Unknown parameter/],
  ] as const) {
    it(`refuses ${what} with 100 and stores nothing`, async () => {
      assert.match(okError(await send(CHAT, { message: { text: 'x', attachment: keyboard([bad]) } }), 100), pattern);
      assert.equal(srv().messages.length, before);
    });
  }

  it('refuses more than 100 buttons, an empty row, and two keyboards', async () => {
    okError(await send(CHAT, { message: { text: 'x', attachment: keyboard(...Array.from({ length: 101 }, () => [button])) } }), 100);
    okError(await send(CHAT, { message: { text: 'x', attachment: keyboard([]) } }), 100);
    okError(await send(CHAT, { message: { text: 'x', attachments: [keyboard([button]), keyboard([button])] } }), 100);
    assert.equal(srv().messages.length, before);
  });

  it('the sandbox log line shows the button labels and hosts, not the links', async () => {
    await send(CHAT, { message: { text: 'hi', attachment: keyboard([button]) } });
    const line = formatRequestLine(srv().requests.at(-1)!);
    assert.match(line, /\[buttons: Open log → ci\.example\.com\]$/);
    assert.ok(!line.includes('token=abc') && !line.includes('/runs/7'), line);
    assert.match(line, /"text":"hi"/);
  });

  describe('dialect "no-keyboards"', () => {
    it('refuses any keyboard with 100 PARAM in a 200 body and applies nothing; text alone is fine', async () => {
      await restartFakeOk({ dialect: 'no-keyboards', seed: true });
      const before = srv().messages.length;
      assert.match(okError(await send(CHAT, { message: { text: 'x', attachment: keyboard([button]) } }), 100, 200), /INLINE_KEYBOARD/);
      assert.equal(srv().messages.length, before);
      const res = await send(CHAT, { message: { text: 'x' } });
      assert.equal(res.status, 200);
      assert.equal(srv().messages.length, before + 1);
    });
  });
});
