// The fake OK server: reading, sending, paging, direct messages, and the sandbox's helpers.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { CHAT_ID_RE, SEED_CHAT_IDS, type FakeChat } from '../fake-ok/server';
import { formatRequestLine, parseNotReady, parseSandboxDialect, parseSandboxPort } from '../fake-ok/sandbox';
import { get, okError, post, restartFakeOk, send, srv, success, url, useFreshFakeOk } from '../helpers/fakeOkHttp';

const CHAT = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600, "Backend"

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
      okError(await get(`/me/messages/${CHAT}`), 3);
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

  describe('sending to a chat', () => {
    it('stores a text message and returns a unique mid', async () => {
      const r1 = await send(CHAT, { message: { text: 'Hello\nworld' } });
      const r2 = await send(CHAT, { message: { text: 'again' } });
      const id1 = (r1.json as { message_id: string }).message_id;
      const id2 = (r2.json as { message_id: string }).message_id;
      assert.match(id1, /^mid:C[0-9a-f]+\.[0-9a-f]+$/);
      assert.notEqual(id1, id2);
      assert.equal(srv().messages.length, 2);
      assert.deepEqual(
        { ...srv().messages[0], time: 0 },
        { message_id: id1, chat_id: CHAT, text: 'Hello\nworld', attachments: [], time: 0 },
      );
      assert.equal(srv().chats.get(CHAT)?.lastEventTime, srv().messages[1].time);
    });

    it('accepts text of exactly maxTextLength', async () => {
      const res = await send(CHAT, { message: { text: 'я'.repeat(4000) } });
      assert.equal(res.status, 200);
      assert.equal(srv().messages.length, 1);
    });

    it('sends an image by URL (png/jpg, any case)', async () => {
      const res = await send(CHAT, {
        message: { text: 'pic', attachment: { type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.PNG' } } },
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(srv().messages[0].attachments, [{ type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.PNG' } }]);
      const jpg = await send(CHAT, { message: { attachment: { type: 'IMAGE', payload: { url: 'http://x.test/a.jpeg?s=1' } } } });
      assert.equal(jpg.status, 200, jpg.text);
    });

    it('supports reply_to of a message of that chat', async () => {
      const first = await send(CHAT, { message: { text: 'q' } });
      const mid = (first.json as { message_id: string }).message_id;
      const res = await send(CHAT, { message: { text: 'a', reply_to: mid } });
      assert.equal(res.status, 200, res.text);
      assert.equal(srv().messages[1].reply_to, mid);
      okError(await send(CHAT, { message: { text: 'a', reply_to: 'mid:C0.1' } }), 100);
    });

    it('renames a chat', async () => {
      success(await send(CHAT, { chat_control: { title: 'New title' } }));
      assert.equal(srv().chats.get(CHAT)?.title, 'New title');
    });

    it('sets a png icon', async () => {
      success(await send(CHAT, { chat_control: { icon: { url: 'https://and.su/tamtam/icon128.png' } } }));
      assert.deepEqual(srv().chats.get(CHAT)?.icon, { url: 'https://and.su/tamtam/icon128.png' });
    });

    it('adds and removes members', async () => {
      success(await send(CHAT, { chat_control: { add_members: [{ user_id: 'user:123456789012' }, { user_id: 'user:123456789021' }] } }));
      const p = srv().chats.get(CHAT)?.participants ?? {};
      assert.ok('user:123456789012' in p && 'user:123456789021' in p);
      success(await send(CHAT, { chat_control: { remove_member: { user_id: 'user:123456789012' } } }));
      assert.ok(!('user:123456789012' in (srv().chats.get(CHAT)?.participants ?? {})));
    });

    it('leaves a chat with "true"; afterwards the chat refuses with 10', async () => {
      success(await send(CHAT, { chat_control: { leave: 'true' } }));
      assert.equal(srv().chats.get(CHAT)?.status, 'LEFT');
      okError(await send(CHAT, { message: { text: 'hi' } }), 10);
      srv().chats.get(SEED_CHAT_IDS[1])!.status = 'REMOVED';
      okError(await send(SEED_CHAT_IDS[1], { sender_action: 'typing_on' }), 10);
      assert.equal(srv().messages.length, 0);
    });

    it('accepts every documented sender_action', async () => {
      for (const a of ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio']) {
        success(await send(CHAT, { sender_action: a }));
      }
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

  describe('direct messages', () => {
    it('delivers only to users who allowed it, in request order, one dialog per user', async () => {
      srv().allowUser('210987654321');
      const body = {
        recipient: { user_ids: ['user:100000000001', '555', '210987654321', 'user:777'] },
        message: { text: 'Hello' },
      };
      const res = await post('/me/messages', body);
      assert.equal(res.status, 200, res.text);
      const j = res.json as { success: boolean[]; chat_ids: Array<string | null> };
      assert.deepEqual(j.success, [true, false, true, false]);
      assert.equal(j.chat_ids[1], null);
      assert.equal(j.chat_ids[3], null);
      assert.match(j.chat_ids[0] ?? '', CHAT_ID_RE);
      assert.notEqual(j.chat_ids[0], j.chat_ids[2]);
      assert.equal(srv().chats.get(j.chat_ids[2] ?? '')?.type, 'DIALOG');
      assert.deepEqual(
        srv().messages.map((m) => [m.chat_id, m.text]),
        [
          [j.chat_ids[0], 'Hello'],
          [j.chat_ids[2], 'Hello'],
        ],
      );
      const again = await post('/me/messages', { recipient: { user_id: '100000000001' }, message: { text: 'again' } });
      assert.deepEqual(again.json, { success: [true], chat_ids: [j.chat_ids[0]] });
      srv().allowUser('user:100000000001', false);
      const denied = await post('/me/messages', { recipient: { user_id: 'user:100000000001' }, message: { text: 'x' } });
      assert.deepEqual(denied.json, { success: [false], chat_ids: [null] });
    });

    it('rejects empty user_ids, bad ids, missing message, chat_control', async () => {
      okError(await post('/me/messages', { recipient: { user_ids: [] }, message: { text: 'x' } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['bob'] }, message: { text: 'x' } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['1'] } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['1'] }, chat_control: { title: 'x' } }), 100);
      assert.equal(srv().messages.length, 0);
    });
  });

  describe('sandbox helpers', () => {
    it('formats a request line with the token redacted', async () => {
      await get('/me/chats', { count: '5' });
      const line = formatRequestLine(srv().requests[0]);
      assert.ok(!line.includes(srv().token), line);
      assert.match(line, /GET \/graph\/me\/chats\?access_token=\*\*\*&count=5$/);
    });

    it('parses --port, --port=, OK_SANDBOX_PORT', () => {
      assert.equal(parseSandboxPort([], {}), 0);
      assert.equal(parseSandboxPort(['--port', '8787'], {}), 8787);
      assert.equal(parseSandboxPort(['--port=9000'], { OK_SANDBOX_PORT: '1' }), 9000);
      assert.equal(parseSandboxPort([], { OK_SANDBOX_PORT: '4242' }), 4242);
      assert.throws(() => parseSandboxPort(['--port', 'x'], {}));
    });

    it('parses --dialect, OK_SANDBOX_DIALECT and --not-ready', () => {
      assert.equal(parseSandboxDialect([], {}), 'documented');
      assert.equal(parseSandboxDialect(['--dialect', 'recorded'], {}), 'recorded');
      assert.equal(parseSandboxDialect(['--dialect=strict-http'], { OK_SANDBOX_DIALECT: 'bare' }), 'strict-http');
      assert.equal(parseSandboxDialect([], { OK_SANDBOX_DIALECT: 'bare' }), 'bare');
      assert.throws(() => parseSandboxDialect(['--dialect', 'klingon'], {}), /Unknown dialect: klingon \(one of documented, recorded, strict-http, bare\)/);
      assert.equal(parseNotReady([]), undefined);
      assert.equal(parseNotReady(['--not-ready', '2']), 2);
      assert.throws(() => parseNotReady(['--not-ready=x']), /Invalid --not-ready/);
    });

    it('close() is quick even with a keep-alive connection open', async () => {
      await get('/me/info');
      const t0 = Date.now();
      await srv().close();
      assert.ok(Date.now() - t0 < 500);
      await restartFakeOk();
    });
  });
});
