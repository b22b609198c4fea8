import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import {
  CHAT_ID_RE,
  FakeOkServer,
  SEED_CHAT_IDS,
  type ErrorStyle,
  type FakeChat,
  type FakeOkOptions,
} from '../fake-ok/server';
import { formatRequestLine, parseNotReady, parseSandboxDialect, parseSandboxPort } from '../fake-ok/sandbox';

const CHAT = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600, "Backend"

let srv: FakeOkServer;

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

function url(path: string, query: Record<string, string> = {}, token: string | null = srv.token): string {
  const u = new URL(srv.baseUrl + path);
  if (token !== null) u.searchParams.set('access_token', token);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}

async function read(r: Response): Promise<Res> {
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

async function get(path: string, query: Record<string, string> = {}, token: string | null = srv.token): Promise<Res> {
  return read(await fetch(url(path, query, token)));
}

async function post(path: string, body: unknown, opts: { contentType?: string; raw?: string; token?: string | null } = {}): Promise<Res> {
  const token = opts.token === undefined ? srv.token : opts.token;
  return read(
    await fetch(url(path, {}, token), {
      method: 'POST',
      headers: { 'content-type': opts.contentType ?? 'application/json;charset=utf-8' },
      body: opts.raw ?? JSON.stringify(body),
    }),
  );
}

function send(chatId: string, payload: Record<string, unknown>): Promise<Res> {
  return post(`/me/messages/${chatId}`, { recipient: { chat_id: chatId }, ...payload });
}

function okError(res: Res, code: number, status = 200): string {
  assert.equal(res.status, status, res.text);
  const j = res.json as { error_code: number; error_msg: string; error_data: unknown };
  assert.deepEqual(Object.keys(j).sort(), ['error_code', 'error_data', 'error_msg']);
  assert.equal(j.error_code, code, res.text);
  assert.equal(j.error_data, null);
  assert.match(j.error_msg, /^[A-Z_]+ : .+/);
  return j.error_msg;
}

function success(res: Res): void {
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { success: true });
}

async function start(opts: FakeOkOptions = {}): Promise<void> {
  await srv.close();
  srv = await FakeOkServer.start(opts);
}

describe('FakeOkServer', () => {
  beforeEach(async () => {
    srv = await FakeOkServer.start({ seed: true });
  });
  afterEach(async () => {
    await srv.close();
  });

  describe('basics and read methods', () => {
    it('GET /me/info returns the group, as JSON with charset', async () => {
      const res = await get('/me/info');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
      assert.deepEqual(res.json, { name: 'Команда разработки', group_id: 'group:57000000000001' });
      assert.match(srv.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/graph$/);
      assert.equal(srv.baseUrl, `${srv.origin}/graph`);
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
      const c = srv.addChat({ title: 'x' });
      assert.match(c.chat_id, /^chat:C[0-9a-f]{12}$/);
      assert.ok(CHAT_ID_RE.test(c.chat_id));
      assert.equal(srv.chats.get(c.chat_id), c);
      assert.throws(() => srv.addChat({ chat_id: c.chat_id }));
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
      assert.equal(srv.requests.length, 3);
      const [a, b, c] = srv.requests;
      assert.equal(a.method, 'GET');
      assert.equal(a.path, '/graph/me/info');
      assert.equal(a.query.access_token, srv.token);
      assert.deepEqual(b.body, { recipient: { chat_id: CHAT }, message: { text: 'hi' } });
      assert.equal(b.rawBody, JSON.stringify(b.body));
      assert.equal(b.headers['content-type'], 'application/json;charset=utf-8');
      assert.equal(c.query.access_token, 'wrong');
      assert.equal(srv.requestsTo('GET', '/graph/me/info').length, 2);
      assert.equal(srv.requestsTo('post', '/me/messages').length, 1);
    });

    it('reset() clears everything and restores the token', async () => {
      srv.revokeToken();
      srv.injectFault({ kind: 'rate-limit' });
      srv.reset();
      assert.equal(srv.chats.size, 0);
      assert.equal(srv.requests.length, 0);
      const res = await get('/me/info');
      assert.equal(res.status, 200);
      assert.equal(srv.messages.length, 0);
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
      assert.equal(srv.messages.length, 2);
      assert.deepEqual(
        { ...srv.messages[0], time: 0 },
        { message_id: id1, chat_id: CHAT, text: 'Hello\nworld', attachments: [], time: 0 },
      );
      assert.equal(srv.chats.get(CHAT)?.lastEventTime, srv.messages[1].time);
    });

    it('accepts text of exactly maxTextLength', async () => {
      const res = await send(CHAT, { message: { text: 'я'.repeat(4000) } });
      assert.equal(res.status, 200);
      assert.equal(srv.messages.length, 1);
    });

    it('sends an image by URL (png/jpg, any case)', async () => {
      const res = await send(CHAT, {
        message: { text: 'pic', attachment: { type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.PNG' } } },
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(srv.messages[0].attachments, [{ type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.PNG' } }]);
      const jpg = await send(CHAT, { message: { attachment: { type: 'IMAGE', payload: { url: 'http://x.test/a.jpeg?s=1' } } } });
      assert.equal(jpg.status, 200, jpg.text);
    });

    it('supports reply_to of a message of that chat', async () => {
      const first = await send(CHAT, { message: { text: 'q' } });
      const mid = (first.json as { message_id: string }).message_id;
      const res = await send(CHAT, { message: { text: 'a', reply_to: mid } });
      assert.equal(res.status, 200, res.text);
      assert.equal(srv.messages[1].reply_to, mid);
      okError(await send(CHAT, { message: { text: 'a', reply_to: 'mid:C0.1' } }), 100);
    });

    it('renames a chat', async () => {
      success(await send(CHAT, { chat_control: { title: 'New title' } }));
      assert.equal(srv.chats.get(CHAT)?.title, 'New title');
    });

    it('sets a png icon', async () => {
      success(await send(CHAT, { chat_control: { icon: { url: 'https://and.su/tamtam/icon128.png' } } }));
      assert.deepEqual(srv.chats.get(CHAT)?.icon, { url: 'https://and.su/tamtam/icon128.png' });
    });

    it('adds and removes members', async () => {
      success(await send(CHAT, { chat_control: { add_members: [{ user_id: 'user:123456789012' }, { user_id: 'user:123456789021' }] } }));
      const p = srv.chats.get(CHAT)?.participants ?? {};
      assert.ok('user:123456789012' in p && 'user:123456789021' in p);
      success(await send(CHAT, { chat_control: { remove_member: { user_id: 'user:123456789012' } } }));
      assert.ok(!('user:123456789012' in (srv.chats.get(CHAT)?.participants ?? {})));
    });

    it('leaves a chat with "true"; afterwards the chat refuses with 10', async () => {
      success(await send(CHAT, { chat_control: { leave: 'true' } }));
      assert.equal(srv.chats.get(CHAT)?.status, 'LEFT');
      okError(await send(CHAT, { message: { text: 'hi' } }), 10);
      srv.chats.get(SEED_CHAT_IDS[1])!.status = 'REMOVED';
      okError(await send(SEED_CHAT_IDS[1], { sender_action: 'typing_on' }), 10);
      assert.equal(srv.messages.length, 0);
    });

    it('accepts every documented sender_action', async () => {
      for (const a of ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio']) {
        success(await send(CHAT, { sender_action: a }));
      }
    });
  });

  describe('strictness (one rule each)', () => {
    it('leave as boolean true → 100', async () => {
      okError(await send(CHAT, { chat_control: { leave: true } }), 100);
      assert.equal(srv.chats.get(CHAT)?.status, 'ACTIVE');
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
      assert.equal(srv.messages.length, 0);
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
      srv.revokeToken();
      okError(await get('/me/info'), 102);
      srv.token = 'tkn1fake:NEWTOKEN';
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
      assert.equal(srv.messages.length, 0);
    });

    it('path id without the chat: prefix → 100', async () => {
      okError(await post('/me/messages/C3ecb9d02a600', { recipient: { chat_id: 'C3ecb9d02a600' }, message: { text: 'x' } }), 100);
    });

    it('text longer than maxTextLength → 100 naming the limit', async () => {
      const msg = okError(await send(CHAT, { message: { text: 'a'.repeat(4001) } }), 100);
      assert.match(msg, /4000/);
      srv.maxTextLength = 10;
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

  describe('paging', () => {
    it('pages over 120 chats with markers', async () => {
      srv.reset();
      const made: string[] = [];
      for (let i = 0; i < 120; i++) made.push(srv.addChat({ title: `c${i}` }).chat_id);
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
      await start({ pageSize: 7 });
      for (let i = 0; i < 10; i++) srv.addChat();
      const j = (await get('/me/chats', { count: '100' })).json as { chats: FakeChat[]; marker?: string };
      assert.equal(j.chats.length, 7);
      const j2 = (await get('/me/chats', { count: '100', marker: j.marker ?? '' })).json as { chats: FakeChat[]; marker?: string };
      assert.equal(j2.chats.length, 3);
      assert.equal(j2.marker, undefined);
    });
  });

  describe('faults', () => {
    it('delay waits, then handles', async () => {
      srv.injectFault({ kind: 'delay', ms: 80 });
      const t0 = Date.now();
      const res = await get('/me/info');
      assert.ok(Date.now() - t0 >= 75);
      assert.equal(res.status, 200);
    });

    it('status replies with that status and a SERVICE body, without applying', async () => {
      srv.injectFault({ kind: 'status', status: 503 }, { method: 'POST' });
      const res = await send(CHAT, { message: { text: 'x' } });
      okError(res, 2, 503);
      assert.equal(srv.messages.length, 0);
      srv.injectFault({ kind: 'status', status: 502, body: '<html>bad gateway</html>' });
      const r2 = await get('/me/info');
      assert.equal(r2.status, 502);
      assert.equal(r2.text, '<html>bad gateway</html>');
    });

    it('slow trickles the answer out byte by byte: the real one after applying, an error before', async () => {
      srv.injectFault({ kind: 'slow', byteEveryMs: 1, afterHandling: true }, { method: 'POST' });
      const t0 = Date.now();
      const res = await send(CHAT, { message: { text: 'x' } });
      assert.equal(res.status, 200, res.text);
      assert.equal((res.json as { message_id: string }).message_id, srv.messages[0].message_id);
      assert.ok(Date.now() - t0 >= res.text.length, 'one byte per millisecond at least');
      srv.injectFault({ kind: 'slow', byteEveryMs: 1 }, { method: 'POST' });
      okError(await send(CHAT, { message: { text: 'y' } }), 2);
      assert.equal(srv.messages.length, 1, 'not applied');
      srv.injectFault({ kind: 'slow', byteEveryMs: 60_000 });
      const controller = new AbortController();
      const pending = fetch(url('/me/info'), { signal: controller.signal }).then((r) => r.text());
      await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      await assert.rejects(pending);
    });

    it('reset fails the fetch and does not apply', async () => {
      srv.injectFault({ kind: 'reset' }, { path: '/me/messages' });
      await assert.rejects(send(CHAT, { message: { text: 'x' } }), TypeError);
      assert.equal(srv.messages.length, 0);
      assert.equal(srv.requestsTo('POST', '/me/messages').length, 1);
      assert.equal((await send(CHAT, { message: { text: 'y' } })).status, 200);
    });

    it('reset afterHandling fails the fetch but the message was stored', async () => {
      srv.injectFault({ kind: 'reset', afterHandling: true }, { path: /\/me\/messages\/chat:/ });
      await assert.rejects(send(CHAT, { message: { text: 'stored' } }), TypeError);
      assert.equal(srv.messages.length, 1);
      assert.equal(srv.messages[0].text, 'stored');
    });

    it('malformed-json returns truncated JSON with 200, not applied', async () => {
      srv.injectFault({ kind: 'malformed-json' });
      const r = await fetch(url(`/me/messages/${CHAT}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { chat_id: CHAT }, message: { text: 'x' } }),
      });
      assert.equal(r.status, 200);
      await assert.rejects(r.json(), SyntaxError);
      assert.equal(srv.messages.length, 0);
    });

    it('ok-error renders the given code, not applied', async () => {
      srv.injectFault({ kind: 'ok-error', code: 454, msg: 'Censored' });
      assert.equal(okError(await send(CHAT, { message: { text: 'x' } }), 454), 'CENSOR_MATCH : Censored');
      assert.equal(srv.messages.length, 0);
    });

    it('rate-limit → 8 FLOOD_BLOCKED, not applied', async () => {
      srv.injectFault({ kind: 'rate-limit' });
      assert.match(okError(await send(CHAT, { message: { text: 'x' } }), 8), /^FLOOD_BLOCKED : /);
      assert.equal(srv.messages.length, 0);
    });

    it('matches by method and path, in queue order, consumed `times` times', async () => {
      srv.injectFault({ kind: 'ok-error', code: 2 }, { method: 'POST', times: 2 });
      srv.injectFault({ kind: 'ok-error', code: 9999 }, { path: '/graph/me/info' });
      okError(await get('/me/info'), 9999);
      assert.equal((await get('/me/info')).status, 200);
      okError(await send(CHAT, { sender_action: 'typing_on' }), 2);
      okError(await send(CHAT, { sender_action: 'typing_on' }), 2);
      success(await send(CHAT, { sender_action: 'typing_on' }));
    });

    it('times: Infinity lasts until clearFaults()', async () => {
      srv.injectFault({ kind: 'rate-limit' }, { times: Infinity });
      for (let i = 0; i < 3; i++) okError(await get('/me/info'), 8);
      srv.clearFaults();
      assert.equal((await get('/me/info')).status, 200);
      assert.equal(srv.requests.length, 4);
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
        srv.errorStyle = style;
        const res = await get('/me/chat/chat:Cdeadbeef0000');
        okError(res, code, status);
        assert.equal(res.headers.get('invocation-error'), header);
        assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
      });
    }

    it('status: maps codes to 400/401/429/500', async () => {
      await start({ seed: true, errorStyle: 'status' });
      okError(await get('/me/info', {}, 'bad'), 102, 401);
      okError(await get('/me/info', {}, null), 103, 401);
      okError(await send(CHAT, { sender_action: 'sending_file' }), 100, 400);
      srv.injectFault({ kind: 'rate-limit' });
      okError(await get('/me/info'), 8, 429);
      srv.injectFault({ kind: 'ok-error', code: 2 });
      okError(await get('/me/info'), 2, 500);
      const ok = await get('/me/info');
      assert.equal(ok.status, 200);
    });

    it('header: success responses carry no invocation-error header', async () => {
      srv.errorStyle = 'header';
      const res = await get('/me/info');
      assert.equal(res.headers.get('invocation-error'), null);
    });
  });

  describe('direct messages', () => {
    it('delivers only to users who allowed it, in request order, one dialog per user', async () => {
      srv.allowUser('210987654321');
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
      assert.equal(srv.chats.get(j.chat_ids[2] ?? '')?.type, 'DIALOG');
      assert.deepEqual(
        srv.messages.map((m) => [m.chat_id, m.text]),
        [
          [j.chat_ids[0], 'Hello'],
          [j.chat_ids[2], 'Hello'],
        ],
      );
      const again = await post('/me/messages', { recipient: { user_id: '100000000001' }, message: { text: 'again' } });
      assert.deepEqual(again.json, { success: [true], chat_ids: [j.chat_ids[0]] });
      srv.allowUser('user:100000000001', false);
      const denied = await post('/me/messages', { recipient: { user_id: 'user:100000000001' }, message: { text: 'x' } });
      assert.deepEqual(denied.json, { success: [false], chat_ids: [null] });
    });

    it('rejects empty user_ids, bad ids, missing message, chat_control', async () => {
      okError(await post('/me/messages', { recipient: { user_ids: [] }, message: { text: 'x' } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['bob'] }, message: { text: 'x' } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['1'] } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['1'] }, chat_control: { title: 'x' } }), 100);
      assert.equal(srv.messages.length, 0);
    });
  });

  async function uploadFile(type: string, field = 'file'): Promise<string> {
    const u = await get('/me/fileUploadUrl', { type });
    assert.equal(u.status, 200, u.text);
    const { url: upUrl, token } = u.json as { url: string; token: string };
    assert.ok(upUrl.startsWith(`${srv.origin}/upload/`));
    const form = new FormData();
    form.append(field, new Blob([Buffer.from('hello file')], { type: 'text/plain' }), 'a.txt');
    const r = await read(await fetch(upUrl, { method: 'POST', body: form }));
    if (field !== 'file') return r.text;
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { token });
    return token;
  }

  describe('upload', () => {
    it('upload URL → multipart POST → token usable as attachment', async () => {
      const token = await uploadFile('FILE');
      const up = srv.uploads.get(token);
      assert.equal(up?.size, 10);
      assert.equal(up?.filename, 'a.txt');
      const res = await send(CHAT, { message: { text: 'log', attachment: { type: 'FILE', payload: { token } } } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(srv.messages[0].attachments, [{ type: 'FILE', payload: { token } }]);
    });

    it('unknown token, a type mismatch, a missing file field or bad type → 100', async () => {
      okError(await send(CHAT, { message: { attachment: { type: 'FILE', payload: { token: 'nope' } } } }), 100);
      const token = await uploadFile('IMAGE');
      okError(await send(CHAT, { message: { attachment: { type: 'FILE', payload: { token } } } }), 100);
      const noField = await uploadFile('FILE', 'document');
      assert.equal((JSON.parse(noField) as { error_code: number }).error_code, 100);
      okError(await get('/me/fileUploadUrl', { type: 'PDF' }), 100);
      okError(await get('/me/fileUploadUrl'), 100);
    });

    /** POSTs this form (or raw body) to a fresh FILE upload URL; returns the answer and the upload's record. */
    async function postUpload(body: FormData | string, contentType?: string): Promise<{ res: Res; upload: ReturnType<typeof srv.uploads.get> }> {
      const { url: upUrl, token } = (await get('/me/fileUploadUrl', { type: 'FILE' })).json as { url: string; token: string };
      const res = await read(await fetch(upUrl, { method: 'POST', body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) }));
      return { res, upload: srv.uploads.get(token) };
    }
    const fileBlob = (bytes: number) => new Blob([Buffer.alloc(bytes, 0x61)], { type: 'text/plain' });

    it('the upload server keeps the file\'s size, name and type (a multi-byte name too)', async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('Привет')], { type: 'text/plain;charset=utf-8' }), 'отчёт "v2".txt');
      const { res, upload } = await postUpload(form);
      assert.equal(res.status, 200, res.text);
      assert.equal(upload?.uploaded, true);
      assert.equal(upload?.size, Buffer.byteLength('Привет'));
      assert.equal(upload?.filename, 'отчёт "v2".txt');
      assert.equal(upload?.contentType, 'text/plain;charset=utf-8');
    });

    it('the upload server refuses anything but one non-empty file in the field "file", within the size limit', async () => {
      const forms: Array<[string, (f: FormData) => void, RegExp]> = [
        ['a text field named file', (f) => f.append('file', 'hello'), /a file \(with a file name\) is required/],
        ['two files', (f) => (f.append('file', fileBlob(3), 'a.txt'), f.append('file', fileBlob(3), 'b.txt')), /Only one file per upload/],
        ['an extra field', (f) => (f.append('file', fileBlob(3), 'a.txt'), f.append('caption', 'hi')), /Unknown parameter caption/],
        ['an empty file', (f) => f.append('file', fileBlob(0), 'a.txt'), /the file is empty/],
        ['no field', () => undefined, /Missing required parameter file/],
      ];
      for (const [what, fill, message] of forms) {
        const form = new FormData();
        fill(form);
        const { res, upload } = await postUpload(form);
        assert.match(okError(res, 100), message, what);
        assert.equal(upload?.uploaded, false, what);
      }
      assert.match(okError((await postUpload('file=a.txt', 'application/x-www-form-urlencoded')).res, 100), /must be multipart\/form-data/);
      assert.match(okError((await postUpload('--x\r\nbroken', 'multipart/form-data; boundary=x')).res, 100), /Malformed multipart body/);
      assert.match(okError((await postUpload('--x--', 'multipart/form-data; charset=utf-8')).res, 100), /boundary/);

      await start({ maxUploadBytes: 5 });
      const fits = new FormData();
      fits.append('file', fileBlob(5), 'a.txt');
      assert.equal((await postUpload(fits)).res.status, 200);
      const big = new FormData();
      big.append('file', fileBlob(6), 'a.txt');
      const { res, upload } = await postUpload(big);
      assert.match(okError(res, 100), /too large \(6 > 5 bytes\)/);
      assert.equal(upload?.uploaded, false);
    });

    it('a token that was issued but never uploaded is refused', async () => {
      const u = (await get('/me/fileUploadUrl', { type: 'FILE' })).json as { token: string };
      okError(await send(CHAT, { message: { attachment: { type: 'FILE', payload: { token: u.token } } } }), 100);
    });
  });

  describe('sandbox helpers', () => {
    it('formats a request line with the token redacted', async () => {
      await get('/me/chats', { count: '5' });
      const line = formatRequestLine(srv.requests[0]);
      assert.ok(!line.includes(srv.token), line);
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
      await srv.close();
      assert.ok(Date.now() - t0 < 500);
      srv = await FakeOkServer.start();
    });
  });
});
