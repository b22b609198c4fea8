// The faults the fake OK server injects, before or after applying a request.
import * as assert from 'node:assert/strict';
import { SEED_CHAT_IDS } from '../fake-ok/server';
import { get, okError, send, srv, success, url, useFreshFakeOk } from '../helpers/fakeOkHttp';

const CHAT = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600, "Backend"

describe('FakeOkServer faults', () => {
  useFreshFakeOk();

  describe('faults', () => {
    it('delay waits, then handles', async () => {
      srv().injectFault({ kind: 'delay', ms: 80 });
      const t0 = Date.now();
      const res = await get('/me/info');
      assert.ok(Date.now() - t0 >= 75);
      assert.equal(res.status, 200);
    });

    it('status replies with that status and a SERVICE body, without applying', async () => {
      srv().injectFault({ kind: 'status', status: 503 }, { method: 'POST' });
      const res = await send(CHAT, { message: { text: 'x' } });
      okError(res, 2, 503);
      assert.equal(srv().messages.length, 0);
      srv().injectFault({ kind: 'status', status: 502, body: '<html>bad gateway</html>' });
      const r2 = await get('/me/info');
      assert.equal(r2.status, 502);
      assert.equal(r2.text, '<html>bad gateway</html>');
    });

    it('slow trickles the answer out byte by byte: the real one after applying, an error before', async () => {
      srv().injectFault({ kind: 'slow', byteEveryMs: 1, afterHandling: true }, { method: 'POST' });
      const t0 = Date.now();
      const res = await send(CHAT, { message: { text: 'x' } });
      assert.equal(res.status, 200, res.text);
      assert.equal((res.json as { message_id: string }).message_id, srv().messages[0].message_id);
      assert.ok(Date.now() - t0 >= res.text.length, 'one byte per millisecond at least');
      srv().injectFault({ kind: 'slow', byteEveryMs: 1 }, { method: 'POST' });
      okError(await send(CHAT, { message: { text: 'y' } }), 2);
      assert.equal(srv().messages.length, 1, 'not applied');
      srv().injectFault({ kind: 'slow', byteEveryMs: 60_000 });
      const controller = new AbortController();
      const pending = fetch(url('/me/info'), { signal: controller.signal }).then((r) => r.text());
      await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      await assert.rejects(pending);
    });

    it('reset fails the fetch and does not apply', async () => {
      srv().injectFault({ kind: 'reset' }, { path: '/me/messages' });
      await assert.rejects(send(CHAT, { message: { text: 'x' } }), TypeError);
      assert.equal(srv().messages.length, 0);
      assert.equal(srv().requestsTo('POST', '/me/messages').length, 1);
      assert.equal((await send(CHAT, { message: { text: 'y' } })).status, 200);
    });

    it('reset afterHandling fails the fetch but the message was stored', async () => {
      srv().injectFault({ kind: 'reset', afterHandling: true }, { path: /\/me\/messages\/chat:/ });
      await assert.rejects(send(CHAT, { message: { text: 'stored' } }), TypeError);
      assert.equal(srv().messages.length, 1);
      assert.equal(srv().messages[0].text, 'stored');
    });

    it('malformed-json returns truncated JSON with 200, not applied', async () => {
      srv().injectFault({ kind: 'malformed-json' });
      const r = await fetch(url(`/me/messages/${CHAT}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { chat_id: CHAT }, message: { text: 'x' } }),
      });
      assert.equal(r.status, 200);
      await assert.rejects(r.json(), SyntaxError);
      assert.equal(srv().messages.length, 0);
    });

    it('ok-error renders the given code, not applied', async () => {
      srv().injectFault({ kind: 'ok-error', code: 454, msg: 'Censored' });
      assert.equal(okError(await send(CHAT, { message: { text: 'x' } }), 454), 'CENSOR_MATCH : Censored');
      assert.equal(srv().messages.length, 0);
    });

    it('rate-limit → 8 FLOOD_BLOCKED, not applied', async () => {
      srv().injectFault({ kind: 'rate-limit' });
      assert.match(okError(await send(CHAT, { message: { text: 'x' } }), 8), /^FLOOD_BLOCKED : /);
      assert.equal(srv().messages.length, 0);
    });

    it('matches by method and path, in queue order, consumed `times` times', async () => {
      srv().injectFault({ kind: 'ok-error', code: 2 }, { method: 'POST', times: 2 });
      srv().injectFault({ kind: 'ok-error', code: 9999 }, { path: '/graph/me/info' });
      okError(await get('/me/info'), 9999);
      assert.equal((await get('/me/info')).status, 200);
      okError(await send(CHAT, { sender_action: 'typing_on' }), 2);
      okError(await send(CHAT, { sender_action: 'typing_on' }), 2);
      success(await send(CHAT, { sender_action: 'typing_on' }));
    });

    it('times: Infinity lasts until clearFaults()', async () => {
      srv().injectFault({ kind: 'rate-limit' }, { times: Infinity });
      for (let i = 0; i < 3; i++) okError(await get('/me/info'), 8);
      srv().clearFaults();
      assert.equal((await get('/me/info')).status, 200);
      assert.equal(srv().requests.length, 4);
    });
  });
});
