// The fake OK server refuses what OK refuses, with OK's error shapes in each error style.
import * as assert from 'node:assert/strict';
import { SEED_CHAT_IDS, type ErrorStyle } from '../fake-ok/server';
import { get, okError, post, restartFakeOk, send, srv, uploadFile, useFreshFakeOk } from '../helpers/fakeOkHttp';

const CHAT = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600, "Backend"

describe('FakeOkServer strictness', () => {
  useFreshFakeOk();

  describe('strictness (one rule each)', () => {
    it('leave as boolean true → 100', async () => {
      okError(await send(CHAT, { chat_control: { leave: true } }), 100);
      assert.equal(srv().chats.get(CHAT)?.status, 'ACTIVE');
    });

    it('icon .gif → 100 mentioning Png or jpg', async () => {
      const msg = okError(await send(CHAT, { chat_control: { icon: { url: 'https://x.test/i.gif' } } }), 100);
      assert.match(msg, /Png or jpg/);
    });

    it('add_members not an array → 100', async () => {
      okError(await send(CHAT, { chat_control: { add_members: { user_id: 'user:1' } } }), 100);
    });

    it('add_members empty → 801', async () => {
      okError(await send(CHAT, { chat_control: { add_members: [] } }), 801);
    });

    it('add_members with a bare number → 100', async () => {
      okError(await send(CHAT, { chat_control: { add_members: [{ user_id: '123' }] } }), 100);
    });

    it('remove_member as an array → 100', async () => {
      okError(await send(CHAT, { chat_control: { remove_member: [{ user_id: 'user:100000000001' }] } }), 100);
    });

    it('remove_member of a non-member → 802', async () => {
      okError(await send(CHAT, { chat_control: { remove_member: { user_id: 'user:999' } } }), 802);
    });

    it('two actions at once → 100', async () => {
      okError(await send(CHAT, { message: { text: 'x' }, sender_action: 'typing_on' }), 100);
      assert.equal(srv().messages.length, 0);
    });

    it('no action → 100', async () => {
      okError(await send(CHAT, {}), 100);
    });

    it('two chat_control operations at once → 100', async () => {
      okError(await send(CHAT, { chat_control: { title: 'a', leave: 'true' } }), 100);
    });

    it('unknown top-level key → 100', async () => {
      okError(await send(CHAT, { message: { text: 'x' }, silent: true }), 100);
    });

    it('unknown nested key → 100', async () => {
      okError(await send(CHAT, { message: { text: 'x', format: 'markdown' } }), 100);
      okError(await post(`/me/messages/${CHAT}`, { recipient: { chat_id: CHAT, user_id: 'user:1' }, message: { text: 'x' } }), 100);
    });

    it('sender_action sending_file → 100', async () => {
      okError(await send(CHAT, { sender_action: 'sending_file' }), 100);
    });

    it('wrong token → 102', async () => {
      const msg = okError(await get('/me/info', {}, 'tkn1other:NOPE'), 102);
      assert.equal(msg, 'PARAM_SESSION_EXPIRED : Session expired');
    });

    it('revoked token → 102, a new token works', async () => {
      srv().revokeToken();
      okError(await get('/me/info'), 102);
      srv().token = 'tkn1fake:NEWTOKEN';
      assert.equal((await get('/me/info')).status, 200);
    });

    it('missing token → 103', async () => {
      assert.match(okError(await get('/me/info', {}, null), 103), /^PARAM_SESSION_KEY : /);
      okError(await post(`/me/messages/${CHAT}`, { recipient: { chat_id: CHAT }, message: { text: 'x' } }, { token: null }), 103);
    });

    it('unknown chat → 705', async () => {
      okError(await send('chat:Cdeadbeef0000', { message: { text: 'x' } }), 705);
    });

    it('path id and recipient.chat_id differ → 100', async () => {
      okError(await post(`/me/messages/${CHAT}`, { recipient: { chat_id: SEED_CHAT_IDS[1] }, message: { text: 'x' } }), 100);
      assert.equal(srv().messages.length, 0);
    });

    it('path id without the chat: prefix → 100', async () => {
      okError(await post('/me/messages/C3ecb9d02a600', { recipient: { chat_id: 'C3ecb9d02a600' }, message: { text: 'x' } }), 100);
    });

    it('text longer than maxTextLength → 100 naming the limit', async () => {
      const msg = okError(await send(CHAT, { message: { text: 'a'.repeat(4001) } }), 100);
      assert.match(msg, /4000/);
      srv().maxTextLength = 10;
      okError(await send(CHAT, { message: { text: 'a'.repeat(11) } }), 100);
    });

    it('empty message → 100', async () => {
      okError(await send(CHAT, { message: { text: '' } }), 100);
      okError(await send(CHAT, { message: {} }), 100);
    });

    it('content type not JSON → 100', async () => {
      const raw = JSON.stringify({ recipient: { chat_id: CHAT }, message: { text: 'x' } });
      okError(await post(`/me/messages/${CHAT}`, null, { raw, contentType: 'text/plain' }), 100);
      assert.equal((await post(`/me/messages/${CHAT}`, null, { raw, contentType: 'application/json' })).status, 200);
    });

    it('body not valid JSON / not an object → 100', async () => {
      okError(await post(`/me/messages/${CHAT}`, null, { raw: '{"recipient":' }), 100);
      okError(await post(`/me/messages/${CHAT}`, [1, 2]), 100);
    });

    it('image URL not png/jpg or not http(s) → 100', async () => {
      okError(await send(CHAT, { message: { attachment: { type: 'IMAGE', payload: { url: 'https://x.test/a.webp' } } } }), 100);
      okError(await send(CHAT, { message: { attachment: { type: 'IMAGE', payload: { url: 'file:///a.png' } } } }), 100);
    });

    it('two images by URL in one request → 100', async () => {
      const img = { type: 'IMAGE', payload: { url: 'https://x.test/a.png' } };
      okError(await send(CHAT, { message: { attachments: [img, img] } }), 100);
    });

    it('more than 5 attachments → 100', async () => {
      const up = await uploadFile('FILE');
      const att = { type: 'FILE', payload: { token: up } };
      assert.equal((await send(CHAT, { message: { attachments: [att, att, att, att, att] } })).status, 200);
      okError(await send(CHAT, { message: { attachments: [att, att, att, att, att, att] } }), 100);
    });

    it('count outside 1..100 or unknown marker → 100', async () => {
      okError(await get('/me/chats', { count: '0' }), 100);
      okError(await get('/me/chats', { count: '101' }), 100);
      okError(await get('/me/chats', { count: '2.5' }), 100);
      okError(await get('/me/chats', { marker: 'nope' }), 100);
    });
  });

  describe('error styles', () => {
    const cases: Array<[ErrorStyle, number, number, string | null]> = [
      ['body200', 705, 200, null],
      ['status', 705, 404, null],
      ['header', 705, 200, '705'],
    ];
    for (const [style, code, status, header] of cases) {
      it(`${style}: unknown chat → HTTP ${status}${header ? ' + invocation-error header' : ''}`, async () => {
        srv().errorStyle = style;
        const res = await get('/me/chat/chat:Cdeadbeef0000');
        okError(res, code, status);
        assert.equal(res.headers.get('invocation-error'), header);
        assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
      });
    }

    it('status: maps codes to 400/401/429/500', async () => {
      await restartFakeOk({ seed: true, errorStyle: 'status' });
      okError(await get('/me/info', {}, 'bad'), 102, 401);
      okError(await get('/me/info', {}, null), 103, 401);
      okError(await send(CHAT, { sender_action: 'sending_file' }), 100, 400);
      srv().injectFault({ kind: 'rate-limit' });
      okError(await get('/me/info'), 8, 429);
      srv().injectFault({ kind: 'ok-error', code: 2 });
      okError(await get('/me/info'), 2, 500);
      const ok = await get('/me/info');
      assert.equal(ok.status, 200);
    });

    it('header: success responses carry no invocation-error header', async () => {
      srv().errorStyle = 'header';
      const res = await get('/me/info');
      assert.equal(res.headers.get('invocation-error'), null);
    });
  });
});
