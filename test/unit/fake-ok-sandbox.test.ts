// The sandbox's helpers (test/fake-ok/sandbox.ts).
import * as assert from 'node:assert/strict';
import { formatRequestLine, parseNotReady, parseSandboxDialect, parseSandboxPort } from '../fake-ok/sandbox';
import { get, restartFakeOk, srv, useFreshFakeOk } from '../helpers/fakeOkHttp';

describe('FakeOkServer', () => {
  useFreshFakeOk();

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
      assert.throws(() => parseSandboxDialect(['--dialect', 'klingon'], {}), /Unknown dialect: klingon \(one of documented, recorded, strict-http, bare, no-keyboards, wild\)/);
      assert.equal(parseNotReady([]), undefined);
      assert.equal(parseNotReady(['--not-ready', '2']), 2);
      assert.throws(() => parseNotReady(['--not-ready=x']), /Invalid --not-ready/);
    });

    it('close() is quick even with a keep-alive connection open', async () => {
      await get('/me/info');
      const t0 = Date.now();
      await srv().close();
      // a kept-alive connection would hold close() for the server's keep-alive timeout (5 s)
      assert.ok(Date.now() - t0 < 4000, `took ${Date.now() - t0} ms`);
      await restartFakeOk();
    });
  });
});
