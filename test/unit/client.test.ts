import * as assert from 'node:assert/strict';
import { MockAgent } from 'undici';
import * as http from 'node:http';
import { OkApiError, OkClient, notTlsProblem, speaksPlainHttp, requests, validateBaseUrl } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { FakeOkServer } from '../fake-ok/server';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 10, maxRetries: 3 };

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
      const e = await rejection(ok.client.call(requests.sendText('chat:C0123456789ab', 'x')));
      assert.equal(e.code, 705);
      assert.equal(e.codeName, 'CHAT_NOT_FOUND');
      assert.equal(e.kind, 'not-found');
      assert.equal(e.delivery, 'rejected');
      assert.match(e.userMessage, /does not know this chat/);
    });
  }

  it('reports a 200 whose body misses required fields as a bad response', async () => {
    ok.server.injectFault({ kind: 'status', status: 200, body: '{}' }, { path: '/graph/me/info' });
    const e = await rejection(ok.client.call(requests.getMeInfo()));
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
    const e = await rejection(c.call(requests.getMeInfo()));
    assert.equal(e.code, 102);
    assert.equal(e.kind, 'auth');
    await mock.close();
  });

  it('makes an expired token an auth error, not retried, with a clear sentence', async () => {
    ok.server.revokeToken();
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')));
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
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')));
    assert.ok(e.isRateLimit);
    assert.equal(e.code, 8);
    assert.equal(ok.server.requests.length, FAST_RETRY.maxRetries + 1);
    assert.equal(ok.server.messages.length, 0);
  });

  it('never repeats a POST that got a 500', async () => {
    ok.server.injectFault({ kind: 'status', status: 500 }, { method: 'POST' });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')));
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
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'maybe')));
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

  it('reports malformed JSON to a GET as a bad response', async () => {
    ok.server.injectFault({ kind: 'malformed-json' });
    const e = await rejection(ok.client.call(requests.getChat(ok.chatId)));
    assert.equal(e.kind, 'bad-response');
    assert.equal(ok.server.requests.length, 1);
  });

  it('accepts a POST answered 2xx with malformed JSON, once and without retrying', async () => {
    ok.server.injectFault({ kind: 'malformed-json' });
    assert.deepEqual(await ok.client.call(requests.sendText(ok.chatId, 'x')), {});
    assert.equal(ok.server.requests.length, 1);
    assert.ok(ok.logs.some((l) => l.startsWith('debug sendText: OK accepted the request and answered in a shape OK Chat did not expect: a body that is not JSON')), ok.logs.join('\n'));
  });

  it('times out waiting for headers and does not resend a POST', async function () {
    this.timeout(5000);
    await ok.newClient({ timeouts: { headersMs: 100 } });
    // undici's timers are coarse (about half a second), so the ok.server is much slower than that.
    ok.server.injectFault({ kind: 'delay', ms: 1500 }, { method: 'POST' });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'slow')));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.delivery, 'unknown');
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal(ok.server.requestsTo('POST', '/graph/me/messages').length, 1);
  });

  it('can be cancelled with an AbortSignal', async () => {
    ok.server.injectFault({ kind: 'delay', ms: 2000 }, { method: 'GET' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await rejection(ok.client.call(requests.getMeInfo(), { signal: ac.signal }));
    assert.equal(e.kind, 'cancelled');
  });

  it('retries a POST that could not connect at all, and says "could not reach OK"', async () => {
    const closed = await FakeOkServer.start();
    const url = closed.baseUrl;
    await closed.close();
    await ok.newClient({ baseUrl: url });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')));
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.userMessage, /Could not reach OK/);
    assert.equal(ok.logs.filter((l) => /retrying/.test(l)).length, FAST_RETRY.maxRetries);
  });

  it('maps unknown OK codes to a readable message with OK’s text', async () => {
    ok.server.injectFault({ kind: 'ok-error', code: 4242, msg: 'SOMETHING : new thing' });
    const e = await rejection(ok.client.call(requests.getMeInfo()));
    assert.equal(e.code, 4242);
    assert.match(e.userMessage, /4242/);
    assert.match(e.userMessage, /new thing/);
  });

  it('never lets the token into errors or log lines', async () => {
    ok.server.injectFault({ kind: 'status', status: 500, body: `{"error_code":2,"error_msg":"SERVICE : failed for access_token=${ok.server.token}"}` });
    const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'x')));
    ok.server.revokeToken();
    const e2 = await rejection(ok.client.call(requests.getMeInfo()));
    for (const text of [e.message, e.stack ?? '', e.userMessage, e2.message, e2.stack ?? '', ...ok.logs]) {
      assert.ok(!text.includes(ok.server.token) && !text.includes(encodeURIComponent(ok.server.token)), `token leaked in: ${text}`);
    }
    assert.ok(e.message.includes('access_token=***'));
  });

  it('redacts a token of any shape that OK echoes in its error message', async () => {
    ok.server.token = 'plainsecretvalue1234';
    await ok.newClient({ token: ok.server.token });
    ok.server.injectFault({ kind: 'ok-error', code: 100, msg: `PARAM : bad token plainsecretvalue1234 here` });
    const e = await rejection(ok.client.call(requests.getMeInfo()));
    for (const text of [e.message, e.userMessage, e.okMessage ?? '', e.stack ?? '']) assert.ok(!text.includes('plainsecretvalue1234'), text);
    assert.match(e.userMessage, /bad token \*\*\* here/);
  });

  it('redacts the token from errors undici itself raises with the URL in them', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const token = 'tkn1fake:LEAKCHECK0000';
    const c = new OkClient({ token, baseUrl: 'https://api.ok.ru/graph', ...createNodeTransport({ dispatcher: mock }), retry: { maxRetries: 0 }, log: (_l, m) => ok.logs.push(m) });
    const e = await rejection(c.call(requests.getMeInfo()));
    assert.match(e.message, /access_token=\*\*\*/, 'the undici error names the URL (redacted)');
    for (const text of [e.message, e.stack ?? '', ...ok.logs]) assert.ok(!text.includes('LEAKCHECK'), `token leaked in: ${text}`);
    await mock.close();
  });

  it('refuses to send without a token', async () => {
    await ok.newClient({ token: () => undefined });
    const e = await rejection(ok.client.call(requests.getMeInfo()));
    assert.equal(e.kind, 'auth');
    assert.match(e.userMessage, /No access token is set/);
    assert.equal(ok.server.requests.length, 0);
  });
});

describe('validateBaseUrl', () => {
  it('accepts https and loopback http, without a trailing slash', () => {
    assert.equal(validateBaseUrl('https://api.ok.ru/graph/'), 'https://api.ok.ru/graph');
    assert.equal(validateBaseUrl('http://127.0.0.1:8080/graph'), 'http://127.0.0.1:8080/graph');
    assert.equal(validateBaseUrl('http://localhost:1/graph'), 'http://localhost:1/graph');
    assert.equal(validateBaseUrl('http://[::1]:1/graph'), 'http://[::1]:1/graph');
  });
  for (const bad of ['http://api.ok.ru/graph', 'ftp://api.ok.ru', 'https://u:p@api.ok.ru/graph', 'https://api.ok.ru/graph?access_token=x', 'nonsense', 'http://127.0.0.1.evil.com/graph']) {
    it(`rejects ${bad}`, () => assert.throws(() => validateBaseUrl(bad), /base URL/));
  }
  it('does not echo a token put into the URL', () => {
    assert.throws(() => validateBaseUrl('http://evil.example/?access_token=tkn1fake:ABCDEFGH'), (e: Error) => !e.message.includes('ABCDEFGH'));
  });
});

describe('OkClient hints for a misconfigured base URL', () => {
  let server: FakeOkServer;
  let logs: string[];
  const clients: OkClient[] = [];
  const makeClient = (baseUrl: string) => {
    const c = new OkClient({ token: server.token, baseUrl, retry: FAST_RETRY, log: (level, m) => logs.push(`${level} ${m}`) });
    clients.push(c);
    return c;
  };
  const CHAT = 'chat:C3ecb9d02a600';

  before(async () => {
    server = await FakeOkServer.start();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.errorStyle = 'body200';
    server.addChat({ chat_id: CHAT });
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  for (const style of ['body200', 'status', 'header'] as const) {
    it(`a base URL without /graph: OK's "unknown method" (${style}) says the base URL probably lacks /graph`, async () => {
      server.errorStyle = style;
      const e = await rejection(makeClient(server.origin).call(requests.sendText(CHAT, 'x')));
      assert.equal(e.code, 3);
      assert.deepEqual(e.baseUrlHint, { baseUrl: server.origin, suggested: `${server.origin}/graph` });
      assert.match(e.userMessage, /API base URL http:\/\/127\.0\.0\.1:\d+ does not end with \/graph/);
      assert.ok(e.userMessage.includes(`Try ${server.origin}/graph.`), e.userMessage);
      assert.match(e.userMessage, /Unknown method POST \/me\/messages/, "OK's own words stay");
      assert.equal(server.messages.length, 0);
    });
  }

  it('the hint keeps what the error was (kind, code, delivery, technical message)', async () => {
    const e = await rejection(makeClient(`${server.origin}/api`).call(requests.listChatsPage({})));
    assert.equal(e.kind, 'param');
    assert.equal(e.delivery, 'rejected');
    assert.equal(e.action, 'listChats');
    assert.match(e.message, /OK error 3 METHOD/);
    assert.equal(e.baseUrlHint?.suggested, `${server.origin}/api/graph`);
  });

  it('a 404 page that is not OK at all gets the hint too; a real "chat not found" with /graph does not', async () => {
    const plain = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(plain.address() as { port: number }).port}`;
      const e = await rejection(makeClient(base).call(requests.getMeInfo()));
      assert.equal(e.httpStatus, 404);
      assert.ok(e.baseUrlHint, e.userMessage);
      assert.doesNotMatch(e.userMessage, /does not know this chat/);
    } finally {
      plain.close();
    }
    server.errorStyle = 'status'; // 705 with HTTP 404
    const gone = await rejection(makeClient(server.baseUrl).call(requests.sendText('chat:C0000000000ff', 'x')));
    assert.equal(gone.kind, 'not-found');
    assert.equal(gone.baseUrlHint, undefined);
    assert.match(gone.userMessage, /does not know this chat/);
  });

  it('https:// to a plain-http server: "does not speak TLS", the http:// URL to use, no retries, no OpenSSL text', async () => {
    const httpsUrl = server.baseUrl.replace(/^http:/, 'https:');
    const e = await rejection(makeClient(httpsUrl).call(requests.getMeInfo()));
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.equal(e.connection?.notTls, true);
    assert.equal(e.connection?.plainHttpUrl, server.baseUrl);
    assert.equal(
      e.userMessage,
      `The server at ${new URL(server.baseUrl).host} does not speak TLS (https). If it is a plain http server on this machine, use ${server.baseUrl}.`,
    );
    assert.doesNotMatch(e.userMessage, /SSL|ssl3|openssl/i);
    assert.equal(logs.filter((l) => /retrying/.test(l)).length, 0, logs.join('\n'));
    assert.equal(server.requests.length, 0);
  });

  it('recognises the plain-http answer from the codes and words of OpenSSL and BoringSSL', () => {
    const wrap = (cause: object) => Object.assign(new Error('fetch failed'), { cause });
    assert.ok(speaksPlainHttp(wrap(Object.assign(new Error('x'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }))));
    assert.ok(speaksPlainHttp(wrap(Object.assign(new Error('x'), { code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG' }))));
    assert.ok(speaksPlainHttp(Object.assign(new Error('error:0A0000C6:SSL routines::packet length too long'), { code: 'EPROTO' })));
    assert.ok(!speaksPlainHttp(Object.assign(new Error('x'), { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' })));
    assert.ok(!speaksPlainHttp(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
  });

  it('off this machine, plain http is not offered: check the host and port', () => {
    assert.equal(notTlsProblem('https://localhost/graph').plainHttpUrl, 'http://localhost:443/graph', 'the port that answered, not http\'s 80');
    assert.equal(notTlsProblem('https://[::1]:8787/graph').plainHttpUrl, 'http://[::1]:8787/graph');
    const problem = notTlsProblem('https://ok.example.com:80/graph');
    assert.deepEqual(problem, { notTls: true, host: 'ok.example.com:80' });
    const e = new OkApiError({ kind: 'network', delivery: 'not-sent', connection: problem });
    assert.match(e.userMessage, /^The server at ok\.example\.com:80 does not speak TLS \(https\)\. Check the host and port of the API base URL/);
  });
});
