// One rule for reading OK's answers ("Success" in the API reference), over real HTTP against the
// fake server, through both transports: the CLI's (undici) and the extension's (the global fetch).
import * as assert from 'node:assert/strict';
import { OkApiError, OkClient, requests } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { FakeOkServer, OtherHost, type Fault } from '../fake-ok/server';
import { rejection } from '../helpers/rejection';

const CHAT = 'chat:C3ecb9d02a600';
const RETRY = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, rateLimitDelayMs: 5 };

const TRANSPORTS: Array<[string, (server: FakeOkServer) => OkClient]> = [
  ['undici (the CLI)', (s) => new OkClient({ token: s.token, baseUrl: s.baseUrl, retry: RETRY, ...createNodeTransport({ env: {} }) })],
  ['the global fetch (the extension)', (s) => new OkClient({ token: s.token, baseUrl: s.baseUrl, retry: RETRY })],
];

for (const [transport, makeClient] of TRANSPORTS) {
  describe(`OK's answers, one rule, over ${transport}`, () => {
    let server: FakeOkServer;
    let other: OtherHost;
    let client: OkClient;
    before(async () => {
      server = await FakeOkServer.start();
      other = await OtherHost.start();
    });
    after(async () => {
      await server.close();
      await other.close();
    });
    beforeEach(() => {
      server.reset();
      other.requests.length = 0;
      server.addChat({ chat_id: CHAT, title: 'Backend' });
      client = makeClient(server);
    });
    afterEach(() => client.close());

    const posts = () => server.requests.filter((r) => r.method === 'POST').length;
    const sendFailing = async (fault: Fault, afterHandling = false): Promise<OkApiError> => {
      server.injectFault({ ...fault, afterHandling }, { method: 'POST', times: 10 });
      return rejection(client.call(requests.sendText(CHAT, 'deploy done')), OkApiError);
    };

    it('a 200 HTML block page to a send is "may have been sent", not retried, naming what answered', async () => {
      const e = await sendFailing({ kind: 'html' }, true);
      assert.equal(e.kind, 'not-ok');
      assert.equal(e.delivery, 'unknown');
      assert.equal(e.userMessage, 'The answer was not from OK (an HTML page: a proxy or a captive portal?).');
      assert.equal(posts(), 1, 'not sent again');
    });

    it('a 200 with an empty body to a send is "may have been sent"', async () => {
      const e = await sendFailing({ kind: 'empty' });
      assert.equal(e.kind, 'not-ok');
      assert.equal(e.delivery, 'unknown');
      assert.match(e.userMessage, /an empty answer/);
      assert.equal(posts(), 1);
    });

    it('a 200 that is JSON but not an object, or malformed JSON, is "may have been sent"', async () => {
      for (const body of ['[1,2]', '"ok"', '42', 'null', '{"message_id":"mid:C3ecb9d02a600.1f']) {
        server.reset();
        server.addChat({ chat_id: CHAT, title: 'Backend' });
        const e = await sendFailing({ kind: 'status', status: 200, body });
        assert.equal(e.kind, 'not-ok', body);
        assert.equal(e.delivery, 'unknown', body);
      }
    });

    it('{} to a send is an acceptance', async () => {
      server.injectFault({ kind: 'empty-object', afterHandling: true }, { method: 'POST' });
      assert.deepEqual(await client.call(requests.sendText(CHAT, 'x')), {});
    });

    it('error_code as a string in a 200 body is OK\'s error: "100" is PARAM, nothing sent', async () => {
      const e = await sendFailing({ kind: 'string-error-code', code: 100, msg: 'PARAM : text is too long' });
      assert.equal(e.code, 100);
      assert.equal(e.kind, 'param');
      assert.equal(e.delivery, 'rejected');
      assert.equal(e.okMessage, 'PARAM : text is too long');
      assert.equal(server.messages.length, 0);
    });

    it('error_msg alone is OK\'s error too (refused, not sent)', async () => {
      const e = await sendFailing({ kind: 'status', status: 200, body: '{"error_msg":"something is wrong"}' });
      assert.equal(e.delivery, 'rejected');
      assert.equal(e.okMessage, 'something is wrong');
    });

    it('a GET answered by an HTML page: OK could not be reached, saying what answered; retried (reads are safe)', async () => {
      server.injectFault({ kind: 'html' }, { method: 'GET', times: 10 });
      const e = await rejection(client.call(requests.getMeInfo()), OkApiError);
      assert.equal(e.kind, 'not-ok');
      assert.equal(e.userMessage, 'Could not reach OK: the answer was not from OK (an HTML page: a proxy or a captive portal?). Check the network connection, then retry.');
      assert.equal(server.requests.length, RETRY.maxRetries + 1);
    });

    for (const status of [301, 302, 303, 307, 308] as const) {
      it(`a ${status} to another host is not followed: nothing (and no token) reaches it, "not sent" naming its host`, async () => {
        const e = await sendFailing({ kind: 'redirect', status, location: `${other.origin}/graph/me/messages/${CHAT}`, keepQuery: true });
        assert.equal(e.kind, 'redirect');
        assert.equal(e.delivery, 'not-sent');
        assert.equal(e.redirectHost, new URL(other.origin).host);
        assert.match(e.userMessage, new RegExp(`redirect to ${new URL(other.origin).host.replace(/\./g, '\\.')} \\(HTTP ${status}\\)`));
        assert.ok(!e.userMessage.includes(server.token) && !e.message.includes(server.token), 'the token is not in the error');
        assert.ok(!e.message.includes('access_token'), 'the Location is not quoted');
        assert.equal(other.requests.length, 0, 'nothing went to the other host');
        assert.equal(posts(), 1, 'not sent again');
        assert.equal(server.messages.length, 0);
      });
    }

    it('a GET redirected elsewhere is not followed either', async () => {
      server.injectFault({ kind: 'redirect', status: 302, location: `${other.origin}/login?next=/graph` }, { method: 'GET', times: 10 });
      const e = await rejection(client.call(requests.getMeInfo()), OkApiError);
      assert.equal(e.kind, 'redirect');
      assert.equal(other.requests.length, 0);
    });
  });
}

describe('the rate-limit message states the wait OK asked for', () => {
  let server: FakeOkServer;
  before(async () => (server = await FakeOkServer.start()));
  after(() => server.close());

  it('Retry-After: 3600 is "60 min", not "a minute"; it is not waited for', async () => {
    server.reset();
    server.addChat({ chat_id: CHAT, title: 'Backend' });
    server.injectFault({ kind: 'retry-after', seconds: 3600 }, { method: 'POST', times: 5 });
    const client = new OkClient({ token: server.token, baseUrl: server.baseUrl, retry: RETRY, ...createNodeTransport({ env: {} }) });
    const e = await rejection(client.call(requests.sendText(CHAT, 'x')), OkApiError);
    await client.close();
    assert.equal(e.kind, 'rate-limit');
    assert.equal(e.retryAfterMs, 3_600_000);
    assert.equal(e.userMessage, 'OK is limiting how fast messages can be sent and asks to wait 60 min. Try again after that.');
    assert.equal(server.requests.length, 1);
  });
});
