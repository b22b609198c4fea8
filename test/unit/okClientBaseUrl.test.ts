/** The API base URL: which ones OkClient accepts, and its hints when one is misconfigured. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { OkApiError, OkClient, notTlsProblem, speaksPlainHttp, requests, validateBaseUrl } from '../../src/core';
import type { FakeOkServer } from '../fake-ok/server';
import { useFakeOkServer } from '../helpers/fakeOk';
import { FAST_RETRY } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

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

  const fixture = useFakeOkServer({ each: 'empty' });
  beforeEach(() => {
    server = fixture.server;
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
      const e = await rejection(makeClient(server.origin).call(requests.sendText(CHAT, 'x')), OkApiError);
      assert.equal(e.code, 3);
      assert.deepEqual(e.baseUrlHint, { baseUrl: server.origin, suggested: `${server.origin}/graph` });
      assert.match(e.userMessage, /API base URL http:\/\/127\.0\.0\.1:\d+ does not end with \/graph/);
      assert.ok(e.userMessage.includes(`Try ${server.origin}/graph.`), e.userMessage);
      assert.match(e.userMessage, /Unknown method POST \/me\/messages/, "OK's own words stay");
      assert.equal(server.messages.length, 0);
    });
  }

  it('the hint keeps what the error was (kind, code, delivery, technical message)', async () => {
    const e = await rejection(makeClient(`${server.origin}/api`).call(requests.listChatsPage({})), OkApiError);
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
      const e = await rejection(makeClient(base).call(requests.getMeInfo()), OkApiError);
      assert.equal(e.httpStatus, 404);
      assert.ok(e.baseUrlHint, e.userMessage);
      assert.doesNotMatch(e.userMessage, /does not know this chat/);
    } finally {
      plain.close();
    }
    server.errorStyle = 'status'; // 705 with HTTP 404
    const gone = await rejection(makeClient(server.baseUrl).call(requests.sendText('chat:C0000000000ff', 'x')), OkApiError);
    assert.equal(gone.kind, 'not-found');
    assert.equal(gone.baseUrlHint, undefined);
    assert.match(gone.userMessage, /does not know this chat/);
  });

  it('https:// to a plain-http server: "does not speak TLS", the http:// URL to use, no retries, no OpenSSL text', async () => {
    const httpsUrl = server.baseUrl.replace(/^http:/, 'https:');
    const e = await rejection(makeClient(httpsUrl).call(requests.getMeInfo()), OkApiError);
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
