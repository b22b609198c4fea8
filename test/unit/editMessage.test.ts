// graph.message.edit: the request builder (the id in the path as OK gave it, the body checked
// strictly), what counts as OK's refusal, and OkClient.editMessage against the fake server over
// both transports (Node's fetch, as in VS Code, and undici, as in the CLI).
import * as assert from 'node:assert/strict';
import { EDIT_REFUSAL_CODES, InputError, OkApiError, editMessage, editPath, isEditRefusal, requests, type OkClientOptions } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

const BUTTON = { text: 'Open CI run', url: 'https://ci.example/run/7', intent: 'NEGATIVE' as const };

describe('editMessage (the request)', () => {
  it('POSTs {"message": {text}} to /<id>/edit, the id as OK gave it', () => {
    const req = editMessage('MID:123456789', { text: '❌ build failed' });
    assert.deepEqual([req.action, req.method, req.path, req.query, req.body], ['editMessage', 'POST', '/MID:123456789/edit', {}, { message: { text: '❌ build failed' } }]);
    assert.equal(editMessage('mid:C3ecb9d02a600.1f3', { text: 'x' }).path, '/mid:C3ecb9d02a600.1f3/edit');
    assert.equal(editMessage(' 123 ', { text: 'x' }).path, '/123/edit', 'a bare number stays bare, trimmed');
  });

  it('URL-encodes what could change the path, keeping the colon', () => {
    assert.equal(editPath('MID:1/../../me/info'), '/MID:1%2F..%2F..%2Fme%2Finfo/edit');
    assert.equal(editPath('a?b#c%d'), '/a%3Fb%23c%25d/edit');
  });

  it('the buttons replace the keyboard: an INLINE_KEYBOARD attachment, one button a row', () => {
    const req = editMessage('MID:1', { text: 'x', buttons: [BUTTON, { text: 'Open commit', url: 'https://git.example/c/1' }] });
    assert.deepEqual(req.body, { message: { text: 'x', attachment: requests.linkKeyboard([BUTTON, { text: 'Open commit', url: 'https://git.example/c/1' }]) } });
    assert.deepEqual((editMessage('MID:1', { text: 'x', buttons: [] }).body as { message: object }).message, { text: 'x' });
  });

  it('refuses an empty or spaced id, an empty text and a bad button before anything is sent', () => {
    for (const id of ['', '  ', 'MID: 1', 'MID:1\u0000', 'MID:\t1', 'x'.repeat(201)]) {
      assert.throws(() => editMessage(id, { text: 'x' }), (e: unknown) => e instanceof InputError && /is not a message id/.test(e.message), JSON.stringify(id));
    }
    assert.throws(() => editMessage('MID:1', { text: ' \n' }), InputError);
    assert.throws(() => editMessage('MID:1', { text: 'x', buttons: [{ text: 'x', url: 'javascript:alert(1)' }] }), InputError);
  });

  it('refusals: METHOD 3, PARAM 100, NOT_FOUND 300, MESSAGE_NOT_ACTIVE 706, HTTP 404 and "success": false; nothing else', () => {
    assert.deepEqual([...EDIT_REFUSAL_CODES].sort((a, b) => a - b), [3, 100, 300, 706]);
    const rejected = (init: Partial<ConstructorParameters<typeof OkApiError>[0]>) => new OkApiError({ kind: 'param', delivery: 'rejected', ...init });
    for (const code of [3, 100, 300, 706]) assert.ok(isEditRefusal(rejected({ code })), String(code));
    assert.ok(isEditRefusal(rejected({ kind: 'not-found', httpStatus: 404 })));
    assert.ok(isEditRefusal(rejected({ kind: 'refused' })));
    for (const other of [
      rejected({ code: 10, kind: 'permission' }),
      rejected({ code: 102, kind: 'auth' }),
      rejected({ code: 300, delivery: 'unknown' }),
      rejected({ kind: 'param', httpStatus: 400 }),
      new OkApiError({ kind: 'not-ok', delivery: 'unknown', httpStatus: 200, answer: 'html' }),
      new OkApiError({ kind: 'temporary', delivery: 'unknown', httpStatus: 502 }),
      new Error('x'),
    ]) {
      assert.equal(isEditRefusal(other), false, String(other));
    }
  });
});

const TRANSPORTS: Array<[string, () => Partial<OkClientOptions>]> = [
  ['fetch', () => ({})],
  ['undici', () => createNodeTransport({ env: {} })],
];

for (const [transport, options] of TRANSPORTS) {
  describe(`OkClient.editMessage over ${transport}`, () => {
    const ok = useFakeOkWithClient({ chatTitle: 'Builds', client: { retry: { maxRetries: 0 } } });
    beforeEach(() => ok.newClient(options()));

    async function started(): Promise<string> {
      const sent = await ok.client.call(requests.sendText(ok.chatId, '⏳ build started'));
      assert.ok(sent.message_id);
      return sent.message_id;
    }

    it('edits: the text and buttons are replaced, nothing new is posted', async () => {
      const id = await started();
      assert.deepEqual(await ok.client.editMessage(id, { text: '❌ build failed', buttons: [BUTTON] }), { edited: true });
      assert.equal(ok.server.messages.length, 1);
      assert.deepEqual([ok.server.messages[0].text, ok.server.messages[0].edited, ok.server.messages[0].attachments.length], ['❌ build failed', true, 1]);
    });

    it('an unknown id is refused (300), not thrown', async () => {
      const outcome = await ok.client.editMessage('mid:C3ecb9d02a600.ffff', { text: 'x' });
      assert.equal(outcome.edited, false);
      assert.equal(!outcome.edited && outcome.refusal.code, 300);
    });

    it('"success": false and an HTTP 404 without a body of OK are refusals', async () => {
      const id = await started();
      ok.server.injectFault({ kind: 'status', status: 200, body: '{"success": false}' }, { path: /\/edit$/ });
      const refused = await ok.client.editMessage(id, { text: 'x' });
      assert.equal(!refused.edited && refused.refusal.kind, 'refused');
      ok.server.injectFault({ kind: 'status', status: 404, body: 'Not Found' }, { path: /\/edit$/ });
      const missing = await ok.client.editMessage(id, { text: 'x' });
      assert.equal(!missing.edited && missing.refusal.httpStatus, 404);
      assert.equal(ok.server.messages[0].text, '⏳ build started');
    });

    it('other failures are thrown as a send\'s: a 2xx that is not JSON "may have been sent", a 5xx, an expired token', async () => {
      const id = await started();
      ok.server.injectFault({ kind: 'html' }, { path: /\/edit$/ });
      const html = await rejection(ok.client.editMessage(id, { text: 'x' }));
      assert.ok(html instanceof OkApiError && html.kind === 'not-ok' && html.delivery === 'unknown', String(html));
      ok.server.injectFault({ kind: 'status', status: 502, body: 'Bad gateway' }, { path: /\/edit$/ });
      const gateway = await rejection(ok.client.editMessage(id, { text: 'x' }));
      assert.ok(gateway instanceof OkApiError && gateway.delivery === 'unknown', String(gateway));
      ok.server.injectFault({ kind: 'ok-error', code: 102 }, { path: /\/edit$/ });
      const auth = await rejection(ok.client.editMessage(id, { text: 'x' }));
      assert.ok(auth instanceof OkApiError && auth.kind === 'auth', String(auth));
    });
  });
}

describe('OkClient.editMessage where OK refuses every edit (dialect "recorded")', () => {
  const ok = useFakeOkWithClient({ server: { dialect: 'recorded' }, chatTitle: 'Builds' });

  it('METHOD 3 is the outcome, and the message stays as it was', async () => {
    const sent = await ok.client.call(requests.sendText(ok.chatId, '⏳ build started'));
    const outcome = await ok.client.editMessage(sent.message_id ?? '', { text: 'x' });
    assert.equal(!outcome.edited && outcome.refusal.code, 3);
    assert.equal(ok.server.messages[0].text, '⏳ build started');
  });
});
