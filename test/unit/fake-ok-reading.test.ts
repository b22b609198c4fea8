// The fake OK server: the basics, the read methods and paging.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { CHAT_ID_RE, type FakeChat } from '../fake-ok/server';
import { CHAT, get, okError, post, restartFakeOk, send, srv, url, useFreshFakeOk } from '../helpers/fakeOkHttp';

describe('FakeOkServer', () => {
  useFreshFakeOk();

  describe('basics and read methods', () => {
    it('GET /me/info returns the group, as JSON with charset', async () => {
      const res = await get('/me/info');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
      assert.deepEqual(res.json, { name: 'Команда разработки', group_id: 'group:57000000000001' });
      assert.match(srv().baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/graph$/);
      assert.equal(srv().baseUrl, `${srv().origin}/graph`);
    });

    it('seeds three chats with fixed ids and allowed users', async () => {
      const res = await get('/me/chats');
      const chats = (res.json as { chats: FakeChat[]; marker?: string }).chats;
      assert.deepEqual(
        chats.map((c) => [c.chat_id, c.title]),
        [
          ['chat:C3ecb9d02a600', 'Backend'],
          ['chat:C0000000000b1', 'Frontend 🚀'],
          ['chat:C0000000000c2', 'Релизы'],
        ],
      );
      assert.equal((res.json as { marker?: string }).marker, undefined);
      for (const c of chats) {
        assert.equal(c.type, 'GROUP_CHAT');
        assert.equal(c.status, 'ACTIVE');
        assert.ok(Object.keys(c.participants).length >= 2);
      }
    });

    it('GET /me/chat/<id> returns the chat, 705 for an unknown chat, 100 for a malformed id', async () => {
      const res = await get(`/me/chat/${CHAT}`);
      assert.equal(res.status, 200);
      assert.equal((res.json as FakeChat).title, 'Backend');
      okError(await get('/me/chat/chat:Cdeadbeef0000'), 705);
      okError(await get('/me/chat/C3ecb9d02a600'), 100);
    });

    it('accepts a percent-encoded chat id in the path', async () => {
      const res = await get(`/me/chat/${encodeURIComponent(CHAT)}`);
      assert.equal((res.json as FakeChat).chat_id, CHAT);
    });

    it('GET /<chat>/url returns an ok.ru link that contains the chat id', async () => {
      const res = await get(`/${CHAT}/url`);
      const link = (res.json as { url: string }).url;
      assert.match(link, /^https:\/\/ok\.ru\/messages\//);
      assert.ok(link.includes('C3ecb9d02a600'));
      okError(await get('/chat:Cdeadbeef0000/url'), 705);
    });

    it('unknown path or wrong verb → 3 METHOD', async () => {
      assert.match(okError(await get('/me/nothing'), 3), /^METHOD : /);
      assert.match(okError(await post('/me/info', {}), 3), /^METHOD : /);
      okError(await get('/me/messages'), 3);
      okError(await post(`/${CHAT}/messages`, {}), 3);
    });

    it('addChat generates chat:C + 12 hex ids', () => {
      const c = srv().addChat({ title: 'x' });
      assert.match(c.chat_id, /^chat:C[0-9a-f]{12}$/);
      assert.ok(CHAT_ID_RE.test(c.chat_id));
      assert.equal(srv().chats.get(c.chat_id), c);
      assert.throws(() => srv().addChat({ chat_id: c.chat_id }));
    });

    it('keeps HTTP connections alive', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const once = (): Promise<boolean> =>
        new Promise((resolve, reject) => {
          const req = http.get(url('/me/info'), { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(req.reusedSocket));
          });
          req.on('error', reject);
        });
      try {
        assert.equal(await once(), false);
        assert.equal(await once(), true);
      } finally {
        agent.destroy();
      }
    });

    it('records every request with its token, body and headers; requestsTo filters', async () => {
      await get('/me/info');
      await send(CHAT, { message: { text: 'hi' } });
      await get('/me/info', {}, 'wrong');
      assert.equal(srv().requests.length, 3);
      const [a, b, c] = srv().requests;
      assert.equal(a.method, 'GET');
      assert.equal(a.path, '/graph/me/info');
      assert.equal(a.query.access_token, srv().token);
      assert.deepEqual(b.body, { recipient: { chat_id: CHAT }, message: { text: 'hi' } });
      assert.equal(b.rawBody, JSON.stringify(b.body));
      assert.equal(b.headers['content-type'], 'application/json;charset=utf-8');
      assert.equal(c.query.access_token, 'wrong');
      assert.equal(srv().requestsTo('GET', '/graph/me/info').length, 2);
      assert.equal(srv().requestsTo('post', '/me/messages').length, 1);
    });

    it('reset() clears everything and restores the token', async () => {
      srv().revokeToken();
      srv().injectFault({ kind: 'rate-limit' });
      srv().reset();
      assert.equal(srv().chats.size, 0);
      assert.equal(srv().requests.length, 0);
      const res = await get('/me/info');
      assert.equal(res.status, 200);
      assert.equal(srv().messages.length, 0);
      const dm = await post('/me/messages', { recipient: { user_id: 'user:100000000001' }, message: { text: 'x' } });
      assert.deepEqual(dm.json, { success: [false], chat_ids: [null] });
    });
  });


  describe('paging', () => {
    it('pages over 120 chats with markers', async () => {
      srv().reset();
      const made: string[] = [];
      for (let i = 0; i < 120; i++) made.push(srv().addChat({ title: `c${i}` }).chat_id);
      const seen: string[] = [];
      const sizes: number[] = [];
      let marker: string | undefined;
      do {
        const res = await get('/me/chats', marker === undefined ? { count: '50' } : { count: '50', marker });
        const j = res.json as { chats: FakeChat[]; marker?: string };
        sizes.push(j.chats.length);
        seen.push(...j.chats.map((c) => c.chat_id));
        marker = j.marker;
      } while (marker !== undefined);
      assert.deepEqual(sizes, [50, 50, 20]);
      assert.deepEqual(seen, made);
      const def = (await get('/me/chats')).json as { chats: FakeChat[]; marker?: string };
      assert.equal(def.chats.length, 50);
      assert.equal(typeof def.marker, 'string');
    });

    it('caps count by pageSize', async () => {
      await restartFakeOk({ pageSize: 7 });
      for (let i = 0; i < 10; i++) srv().addChat();
      const j = (await get('/me/chats', { count: '100' })).json as { chats: FakeChat[]; marker?: string };
      assert.equal(j.chats.length, 7);
      const j2 = (await get('/me/chats', { count: '100', marker: j.marker ?? '' })).json as { chats: FakeChat[]; marker?: string };
      assert.equal(j2.chats.length, 3);
      assert.equal(j2.marker, undefined);
    });
  });

});
