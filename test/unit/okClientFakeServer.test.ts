/** OkClient against the fake OK server: requests, paging, retries, errors and the token kept out of them. */
import * as assert from 'node:assert/strict';
import { MockAgent } from 'undici';
import { OkApiError, OkClient, requests } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { FakeOkServer } from '../fake-ok/server';
import { FAST_RETRY, useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

describe('OkClient against the fake OK server', () => {
  const ok = useFakeOkWithClient({ client: { retry: FAST_RETRY }, chatTitle: 'Backend' });

  it('reads /me/info with the token in the query', async () => {
    const info = await ok.client.call(requests.getMeInfo());
    assert.equal(typeof info.name, 'string');
    assert.match(info.group_id, /^group:\d+$/);
    const [req] = ok.server.requests;
    assert.equal(req.path, '/graph/me/info');
    assert.equal(req.query.access_token, ok.server.token);
  });

  it('sends a text message once, as JSON with the documented body', async () => {
    const res = await ok.client.call(requests.sendText(ok.chatId, 'Привет, мир 👋\r\n\tok'));
    assert.match(String(res.message_id), /^mid:/);
    assert.equal(ok.server.requests.length, 1);
    const [req] = ok.server.requests;
    assert.equal(req.method, 'POST');
    assert.match(String(req.headers['content-type']), /^application\/json;\s*charset=utf-8$/i);
    assert.equal(req.rawBody, JSON.stringify({ recipient: { chat_id: ok.chatId }, message: { text: 'Привет, мир 👋\r\n\tok' } }));
    assert.equal(ok.server.messages.length, 1);
    assert.equal(ok.server.messages[0].text, 'Привет, мир 👋\r\n\tok');
  });

  it('performs every chat action and the fake ok.server applies it', async () => {
    await ok.client.call(requests.renameChat(ok.chatId, 'Релизы'));
    await ok.client.call(requests.setChatIcon(ok.chatId, 'https://and.su/tamtam/icon128.png'));
    await ok.client.call(requests.addMembers(ok.chatId, ['user:1', '2']));
    await ok.client.call(requests.removeMember(ok.chatId, 'user:1'));
    await ok.client.call(requests.markSeen(ok.chatId));
    const chat = await ok.client.call(requests.getChat(ok.chatId));
    assert.equal(chat.title, 'Релизы');
    assert.equal(chat.icon?.url, 'https://and.su/tamtam/icon128.png');
    assert.ok(chat.participants && 'user:2' in chat.participants && !('user:1' in chat.participants));
    await ok.client.call(requests.leaveChat(ok.chatId));
    assert.equal((await ok.client.call(requests.getChat(ok.chatId))).status, 'LEFT');
  });

  it('follows every page of the chat list', async () => {
    for (let i = 0; i < 249; i++) ok.server.addChat({ title: `chat ${i}` });
    const chats = await ok.client.listAllChats({ pageSize: 100 });
    assert.equal(chats.length, 250);
    assert.equal(new Set(chats.map((c) => c.chat_id)).size, 250);
    assert.equal(ok.server.requestsTo('GET', '/graph/me/chats').length, 3);
  });

  it('reports which users got a direct message', async () => {
    ok.server.allowUser('user:11');
    const res = await ok.client.call(requests.sendToUsers(['user:11', '12'], 'hi'));
    assert.deepEqual(res.success, [true, false]);
  });

  for (const style of ['body200', 'status', 'header'] as const) {
    it(`turns an OK error delivered as ${style} into a typed error`, async () => {
      ok.server.errorStyle = style;
      const e = await rejection(ok.client.call(requests.sendText('chat:C0123456789ab', 'x')), OkApiError);
      assert.equal(e.code, 705);
      assert.equal(e.codeName, 'CHAT_NOT_FOUND');
      assert.equal(e.kind, 'not-found');
      assert.equal(e.delivery, 'rejected');
      assert.match(e.userMessage, /does not know this chat/);
    });
  }

  it('reports a 200 whose body misses required fields as a bad response', async () => {
    ok.server.injectFault({ kind: 'status', status: 200, body: '{}' }, { path: '/graph/me/info' });
    const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
    assert.equal(e.kind, 'bad-response');
    assert.match(e.message, /name/);
  });

  it('detects an error given only by the invocation-error header', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://api.ok.ru')
      .intercept({ path: (p) => p.startsWith('/graph/me/info') })
      .reply(200, '{"name":"G","group_id":"group:1"}', { headers: { 'invocation-error': '102', 'content-type': 'application/json' } });
    const c = new OkClient({ token: 'tkn1fake:HEADERONLY', ...createNodeTransport({ dispatcher: mock }), retry: { maxRetries: 0 } });
    const e = await rejection(c.call(requests.getMeInfo()), OkApiError);
    assert.equal(e.code, 102);
    assert.equal(e.kind, 'auth');
    await mock.close();
  });

  it('makes an expired token an auth error, not retried, with a clear sentence', async () => {
    ok.server.revokeToken();
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')), OkApiError);
    assert.equal(e.kind, 'auth');
    assert.ok(e.isAuth);
    assert.equal(e.code, 102);
    assert.match(e.userMessage, /token/);
    assert.equal(ok.server.requests.length, 1);
  });

  it('backs off on a rate limit and delivers once', async () => {
    ok.server.injectFault({ kind: 'rate-limit' }, { method: 'POST', times: 2 });
    await ok.client.call(requests.sendText(ok.chatId, 'once'));
    assert.equal(ok.server.requests.length, 3);
    assert.equal(ok.server.messages.filter((m) => m.text === 'once').length, 1);
    assert.equal(ok.logs.filter((l) => /retrying/.test(l)).length, 2);
  });

  it('gives up on a persistent rate limit with a rate-limit error', async () => {
    ok.server.injectFault({ kind: 'rate-limit' }, { method: 'POST', times: Infinity });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')), OkApiError);
    assert.ok(e.isRateLimit);
    assert.equal(e.code, 8);
    assert.equal(ok.server.requests.length, FAST_RETRY.maxRetries + 1);
    assert.equal(ok.server.messages.length, 0);
  });

  it('never repeats a POST that got a 500', async () => {
    ok.server.injectFault({ kind: 'status', status: 500 }, { method: 'POST' });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')), OkApiError);
    assert.equal(e.kind, 'temporary');
    assert.ok(e.isTemporary);
    assert.equal(e.delivery, 'unknown');
    assert.equal(e.httpStatus, 500);
    assert.equal(ok.server.requests.length, 1);
  });

  it('retries a GET after a 500', async () => {
    ok.server.injectFault({ kind: 'status', status: 503 }, { method: 'GET', times: 2 });
    await ok.client.call(requests.getMeInfo());
    assert.equal(ok.server.requests.length, 3);
  });

  it('never repeats a POST whose connection was reset after the ok.server applied it', async () => {
    ok.server.injectFault({ kind: 'reset', afterHandling: true }, { method: 'POST' });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'maybe')), OkApiError);
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'unknown');
    assert.equal(ok.server.requests.length, 1);
    assert.equal(ok.server.messages.length, 1, 'the ok.server did apply it; no duplicate was sent');
  });

  it('retries a GET whose connection was reset', async () => {
    ok.server.injectFault({ kind: 'reset' }, { method: 'GET' });
    const info = await ok.client.call(requests.getMeInfo());
    assert.ok(info.name);
    assert.equal(ok.server.requests.length, 2);
  });

  it('malformed JSON to a GET: not from OK ("could not reach OK"), retried as reads are', async () => {
    ok.server.injectFault({ kind: 'malformed-json' }, { times: 10 });
    const e = await rejection(ok.client.call(requests.getChat(ok.chatId)), OkApiError);
    assert.equal(e.kind, 'not-ok');
    assert.equal(e.delivery, 'rejected');
    assert.match(e.userMessage, /^Could not reach OK: the answer was not from OK \(plain text/);
    assert.equal(ok.server.requests.length, 4);
  });

  it('a POST answered 2xx with malformed JSON "may have been sent", told once and not retried', async () => {
    ok.server.injectFault({ kind: 'malformed-json' });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')), OkApiError);
    assert.equal(e.kind, 'not-ok');
    assert.equal(e.delivery, 'unknown');
    assert.equal(ok.server.requests.length, 1);
  });

  it('times out waiting for headers and does not resend a POST', async function () {
    this.timeout(5000);
    await ok.newClient({ timeouts: { headersMs: 100 } });
    // undici's timers are coarse (about half a second), so the ok.server is much slower than that.
    ok.server.injectFault({ kind: 'delay', ms: 1500 }, { method: 'POST' });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'slow')), OkApiError);
    assert.equal(e.kind, 'timeout');
    assert.equal(e.delivery, 'unknown');
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal(ok.server.requestsTo('POST', '/graph/me/messages').length, 1);
  });

  it('can be cancelled with an AbortSignal', async () => {
    ok.server.injectFault({ kind: 'delay', ms: 2000 }, { method: 'GET' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await rejection(ok.client.call(requests.getMeInfo(), { signal: ac.signal }), OkApiError);
    assert.equal(e.kind, 'cancelled');
  });

  it('retries a POST that could not connect at all, and says "could not reach OK"', async () => {
    const closed = await FakeOkServer.start();
    const url = closed.baseUrl;
    await closed.close();
    await ok.newClient({ baseUrl: url });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')), OkApiError);
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.userMessage, /Could not reach OK/);
    assert.equal(ok.logs.filter((l) => /retrying/.test(l)).length, FAST_RETRY.maxRetries);
  });

  it('maps unknown OK codes to a readable message with OK’s text', async () => {
    ok.server.injectFault({ kind: 'ok-error', code: 4242, msg: 'SOMETHING : new thing' });
    const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
    assert.equal(e.code, 4242);
    assert.match(e.userMessage, /4242/);
    assert.match(e.userMessage, /new thing/);
  });

  it('never lets the token into errors or log lines', async () => {
    ok.server.injectFault({ kind: 'status', status: 500, body: `{"error_code":2,"error_msg":"SERVICE : failed for access_token=${ok.server.token}"}` });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')), OkApiError);
    ok.server.revokeToken();
    const e2 = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
    for (const text of [e.message, e.stack ?? '', e.userMessage, e2.message, e2.stack ?? '', ...ok.logs]) {
      assert.ok(!text.includes(ok.server.token) && !text.includes(encodeURIComponent(ok.server.token)), `token leaked in: ${text}`);
    }
    assert.ok(e.message.includes('access_token=***'));
  });

  it('redacts a token of any shape that OK echoes in its error message', async () => {
    ok.server.token = 'plainsecretvalue1234';
    await ok.newClient({ token: ok.server.token });
    ok.server.injectFault({ kind: 'ok-error', code: 100, msg: `PARAM : bad token plainsecretvalue1234 here` });
    const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
    for (const text of [e.message, e.userMessage, e.okMessage ?? '', e.stack ?? '']) assert.ok(!text.includes('plainsecretvalue1234'), text);
    assert.match(e.userMessage, /bad token \*\*\* here/);
  });

  it('redacts the token from errors undici itself raises with the URL in them', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const token = 'tkn1fake:LEAKCHECK0000';
    const c = new OkClient({ token, baseUrl: 'https://api.ok.ru/graph', ...createNodeTransport({ dispatcher: mock }), retry: { maxRetries: 0 }, log: (_l, m) => ok.logs.push(m) });
    const e = await rejection(c.call(requests.getMeInfo()), OkApiError);
    assert.match(e.message, /access_token=\*\*\*/, 'the undici error names the URL (redacted)');
    for (const text of [e.message, e.stack ?? '', ...ok.logs]) assert.ok(!text.includes('LEAKCHECK'), `token leaked in: ${text}`);
    await mock.close();
  });

  it('refuses to send without a token', async () => {
    await ok.newClient({ token: () => undefined });
    const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
    assert.equal(e.kind, 'auth');
    assert.match(e.userMessage, /No access token is set/);
    assert.equal(ok.server.requests.length, 0);
  });
});
