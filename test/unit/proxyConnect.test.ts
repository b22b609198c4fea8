/** OkClient through a real CONNECT proxy to a TLS server (a test PKI made with openssl). */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { OkClient } from '../../src/core/net/okClient';
import type { OkClientOptions } from '../../src/core/net/clientOptions';
import { OkApiError } from '../../src/core/model/okApiError';
import { isInputError } from '../../src/core/model/ids';
import { createNodeTransport, type NodeTransportOptions } from '../../src/core/net/nodeTransport';
import * as requests from '../../src/core/net/okRequests';
import { FakeOkServer } from '../fake-ok/server';
import { hasOpenssl, makeTestPki, type TestPki } from '../helpers/certs';
import { TestProxy, closedPort } from '../helpers/connectProxy';
import { TlsFront } from '../helpers/tlsFront';
import { rejection } from '../helpers/rejection';

describe('OkClient through a real CONNECT proxy to a TLS server', function () {
  const TOKEN_FREE = /tkn[0-9A-Za-z]/;
  let pki: TestPki;
  let server: FakeOkServer;
  let front: TlsFront;
  let proxy: TestProxy;
  let baseUrl: string;
  let logs: string[];
  const clients: OkClient[] = [];
  const USER = 'alice';
  const PASSWORD = 'pa@ss:w0rd!';

  const makeClient = (extra: Partial<OkClientOptions> & NodeTransportOptions) => {
    const { env = {}, proxyLoopback, ca, strictSSL, ...rest } = extra;
    const c = new OkClient({
      token: server.token,
      baseUrl,
      ...createNodeTransport({ env, proxyLoopback, ca, strictSSL }),
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 },
      log: (level, m) => logs.push(`${level} ${m}`),
      ...rest,
    });
    clients.push(c);
    return c;
  };
  const noSecrets = (texts: string[], ...secrets: string[]) => {
    for (const text of texts) {
      for (const s of [server.token, ...secrets]) assert.ok(!text.includes(s) && !text.includes(encodeURIComponent(s)), `secret leaked in: ${text}`);
    }
  };
  const errorTexts = (e: OkApiError) => [e.message, e.userMessage, e.stack ?? '', ...logs];

  before(async function () {
    if (!hasOpenssl()) this.skip();
    // a guard against a hang: openssl makes a CA and a key pair, slow on a busy machine
    this.timeout(60_000);
    pki = makeTestPki();
    server = await FakeOkServer.start();
    front = await TlsFront.start({ key: pki.key, cert: pki.cert, backendPort: Number(new URL(server.origin).port) });
    proxy = await TestProxy.start();
    baseUrl = `${front.origin}/graph`;
  });
  after(async () => {
    await Promise.all([server?.close(), front?.close(), proxy?.close()]);
    pki?.remove();
  });
  beforeEach(() => {
    server.reset();
    proxy.connects.length = 0;
    proxy.mode = 'tunnel';
    proxy.auth = undefined;
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('sends through the proxy (CONNECT 127.0.0.1:port) and trusts the CA given as `ca`', async () => {
    const chat = server.addChat({ title: 'Proxy' }).chat_id;
    const c = makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true, ca: pki.caCert });
    assert.match(c.connection, /^through proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\);.* 1 extra CA certificate$/);
    await c.call(requests.getMeInfo());
    await c.call(requests.sendText(chat, 'через прокси'));
    assert.ok(proxy.connects.length >= 1);
    for (const r of proxy.connects) assert.equal(r.target, `127.0.0.1:${front.port}`);
    assert.equal(server.messages.at(-1)?.text, 'через прокси');
    assert.equal(server.requests.length, 2);
  });

  it('fails without the CA with the certificate sentence, and does not retry', async () => {
    const c = makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true });
    const e = await rejection(c.call(requests.getMeInfo()), OkApiError);
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.connection?.certificate ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED/);
    assert.match(e.userMessage, /^The TLS certificate of 127\.0\.0\.1:\d+ was rejected \(\w+\)\..*corporate.*NODE_EXTRA_CA_CERTS environment variable to the CA's PEM file and restart\.$/);
    assert.equal(proxy.connects.length, 1, 'a certificate problem is not retried');
    assert.equal(server.requests.length, 0);
    noSecrets(errorTexts(e));
  });

  it('does not accept a certificate from an unrelated CA', async () => {
    const e = await rejection(makeClient({ ca: pki.otherCaCert }).call(requests.getMeInfo()), OkApiError);
    assert.ok(e.connection?.certificate);
    assert.equal(server.requests.length, 0);
  });

  it('works with strictSSL: false', async () => {
    const c = makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true, strictSSL: false });
    assert.match(c.connection, /certificate checks off/);
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects.length, 1);
  });

  it('bypasses the proxy for NO_PROXY hosts (the proxy sees nothing)', async () => {
    const c = makeClient({ proxyLoopback: true, ca: pki.caCert, env: { HTTPS_PROXY: proxy.url, NO_PROXY: `localhost, 127.0.0.1:${front.port}` } });
    assert.match(c.connection, /^direct \(NO_PROXY matches 127\.0\.0\.1:\d+; proxy http:\/\/127\.0\.0\.1:\d+ from HTTPS_PROXY not used\)/);
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects.length, 0);
    assert.equal(server.requests.length, 1);
  });

  it('bypasses the proxy for a CIDR range in NO_PROXY (which undici lacks)', async () => {
    const c = makeClient({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.0/8' }, proxyLoopback: true, ca: pki.caCert });
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects.length, 0);
  });

  it('uses HTTPS_PROXY from the environment', async () => {
    const c = makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true, ca: pki.caCert });
    assert.match(c.connection, /from HTTPS_PROXY/);
    await c.call(requests.getMeInfo());
    assert.deepEqual(
      proxy.connects.map((r) => r.target),
      [`127.0.0.1:${front.port}`],
    );
  });

  it('sends the credentials of the proxy URL (the proxy requires them) and never shows them', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    const c = makeClient({ env: { HTTPS_PROXY: proxy.urlWith(USER, PASSWORD) }, proxyLoopback: true, ca: pki.caCert });
    assert.match(c.connection, /through proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+/);
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects[0].status, 200);
    assert.equal(proxy.connects[0].authorization, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    noSecrets([c.connection, ...logs], PASSWORD);
  });

  it('says the proxy wants authentication (407) for wrong credentials, without showing them', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    const c = makeClient({ env: { HTTPS_PROXY: proxy.urlWith(USER, 'wrong-Secret9') }, proxyLoopback: true, ca: pki.caCert });
    const e = await rejection(c.call(requests.sendText('chat:C0123456789ab', 'x')), OkApiError);
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.equal(e.connection?.proxyFailure, 'auth');
    assert.match(e.userMessage, /^Could not connect through the proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(the proxy requires authentication \(407\) and did not accept the user name and password in the proxy URL\)\. Check the HTTPS_PROXY environment variable\.$/);
    assert.equal(proxy.connects.length, 1, 'wrong credentials are not retried');
    assert.equal(server.requests.length, 0);
    noSecrets(errorTexts(e), 'wrong-Secret9', Buffer.from(`${USER}:wrong-Secret9`).toString('base64'));
  });

  it('says the proxy wants authentication when no credentials were given, naming the variable', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true }).call(requests.getMeInfo()), OkApiError);
    assert.match(e.userMessage, /requires authentication \(407\): put the user name and password in the proxy URL.*Check the HTTPS_PROXY environment variable\.$/);
  });

  it('says the proxy refused the connection (403), without retrying', async () => {
    proxy.mode = 'refuse';
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true }).call(requests.getMeInfo()), OkApiError);
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.userMessage, /^Could not connect through the proxy http:\/\/127\.0\.0\.1:\d+ \(the proxy refused the connection \(HTTP 403\)\)/);
    assert.equal(proxy.connects.length, 1);
  });

  it('says the proxy closed the connection, and retries a request that was not sent', async () => {
    proxy.mode = 'hang-up';
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true }).call(requests.sendText('chat:C0123456789ab', 'x')), OkApiError);
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.userMessage, /the proxy closed the connection without answering/);
    assert.equal(proxy.connects.length, 3, 'first attempt + 2 retries');
    assert.equal(server.requests.length, 0);
  });

  it('says the proxy could not be reached when nothing listens there', async () => {
    const port = await closedPort();
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: `http://bob:Hunter2secret@127.0.0.1:${port}` }, proxyLoopback: true }).call(requests.sendText('chat:C0123456789ab', 'x')), OkApiError);
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.equal(e.connection?.proxyFailure, 'unreachable');
    assert.match(e.userMessage, new RegExp(`^Could not connect through the proxy http://bob:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(the proxy could not be reached\\)\\. Check the HTTPS_PROXY environment variable\\.$`));
    assert.equal(logs.filter((l) => /retrying/.test(l)).length, 2);
    noSecrets(errorTexts(e), 'Hunter2secret');
  });

  it('says the proxy host name was not found', async () => {
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: 'http://proxy.invalid:3128' }, proxyLoopback: true, retry: { maxRetries: 0 } }).call(requests.getMeInfo()), OkApiError);
    assert.equal(e.connection?.proxyFailure, 'not-found');
    assert.match(e.userMessage, /the proxy could not be reached: its host name was not found/);
  });

  it('goes through an https:// proxy, checking its certificate too', async () => {
    const secure = await TestProxy.start({ tls: { key: pki.key, cert: pki.cert } });
    // By name: undici would send an IP address as TLS server name, which Node warns about.
    const secureUrl = `https://localhost:${secure.port}`;
    try {
      await makeClient({ env: { HTTPS_PROXY: secureUrl }, proxyLoopback: true, ca: pki.caCert }).call(requests.getMeInfo());
      assert.deepEqual(
        secure.connects.map((r) => r.target),
        [`127.0.0.1:${front.port}`],
      );
      const e = await rejection(makeClient({ env: { HTTPS_PROXY: secureUrl }, proxyLoopback: true }).call(requests.getMeInfo()), OkApiError);
      assert.equal(e.delivery, 'not-sent');
      assert.match(e.userMessage, /^The TLS certificate of localhost was rejected/);
      assert.equal(secure.connects.length, 1, 'the second client failed at the TLS handshake with the proxy, before any CONNECT');
    } finally {
      await secure.close();
    }
  });

  it('explains an https:// URL given for a plain http proxy', async () => {
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: `https://localhost:${proxy.port}` }, proxyLoopback: true }).call(requests.getMeInfo()), OkApiError);
    assert.equal(e.connection?.proxyFailure, 'tls');
    assert.match(e.userMessage, /\(the TLS connection to the proxy failed; if it is a plain http proxy, its URL must start with http:\/\/\)/);
    assert.equal(logs.filter((l) => /retrying/.test(l)).length, 0);
  });

  it('refuses a socks proxy with a clear InputError', () => {
    assert.throws(
      () => makeClient({ env: { HTTPS_PROXY: 'socks5://u:TopSecret1@127.0.0.1:1080' }, proxyLoopback: true }),
      (e: Error) => isInputError(e) && /only|http:\/\/ or https:\/\//.test(e.message) && !e.message.includes('TopSecret1'),
    );
  });

  it('adds `ca` to a NODE_EXTRA_CA_CERTS from `env` instead of replacing it', async () => {
    const c = makeClient({ ca: pki.otherCaCert, env: { NODE_EXTRA_CA_CERTS: pki.caFile } });
    await c.call(requests.getMeInfo());
    assert.equal(server.requests.length, 1);
  });

  describe('NODE_EXTRA_CA_CERTS in a fresh Node process using the compiled core', function () {
    // Fresh Node processes load the core from disk: seconds on a busy machine.
    this.timeout(60_000);
    const coreDir = path.join(__dirname, '..', '..', 'src', 'core', 'net');
    const script = `
      const [coreDir, cfgJson] = process.argv.slice(1);
      const { OkClient } = require(coreDir + '/okClient.js');
      const { createNodeTransport } = require(coreDir + '/nodeTransport.js');
      const requests = require(coreDir + '/okRequests.js');
      const { token, baseUrl, ...cfg } = JSON.parse(cfgJson);
      (async () => {
        const client = new OkClient({ token, baseUrl, ...createNodeTransport(cfg), retry: { maxRetries: 0 } });
        const out = { connection: client.connection };
        try {
          await client.call(requests.getMeInfo());
          out.ok = true;
        } catch (e) {
          Object.assign(out, { ok: false, kind: e.kind, userMessage: e.userMessage, message: e.message });
        }
        out.undiciIndexLoaded = Object.keys(require.cache).some((k) => /undici[\\\\/]index\\.js$/.test(k));
        await client.close();
        process.stdout.write(JSON.stringify(out));
      })();`;
    const run = (extraEnv: Record<string, string>, cfg: Record<string, unknown>) =>
      new Promise<{ ok: boolean; connection: string; userMessage?: string; message?: string; undiciIndexLoaded: boolean }>((resolve, reject) => {
        const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
        for (const name of ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'NODE_OPTIONS']) if (!(name in extraEnv)) delete env[name];
        execFile(process.execPath, ['-e', script, coreDir, JSON.stringify({ token: server.token, baseUrl, ...cfg })], { env, timeout: 30_000 }, (err, stdout, stderr) => {
          if (err) reject(new Error(`child failed: ${err.message}\n${stderr}`));
          else resolve(JSON.parse(stdout) as never);
        });
      });

    it('trusts the CA from NODE_EXTRA_CA_CERTS (undici uses Node’s default store), direct and through the proxy, with `ca` added', async () => {
      const [direct, without, viaProxy] = await Promise.all([
        run({ NODE_EXTRA_CA_CERTS: pki.caFile }, {}),
        run({}, {}),
        run({ NODE_EXTRA_CA_CERTS: pki.caFile }, { env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true, ca: pki.otherCaCert }),
      ]);
      assert.equal(direct.ok, true, JSON.stringify(direct));
      assert.match(direct.connection, /^direct; NODE_EXTRA_CA_CERTS .* \(loaded by Node\)$/);
      assert.equal(without.ok, false);
      assert.match(without.userMessage ?? '', /The TLS certificate of 127\.0\.0\.1:\d+ was rejected.*NODE_EXTRA_CA_CERTS/);
      assert.equal(viaProxy.ok, true, JSON.stringify(viaProxy));
      assert.match(viaProxy.connection, /through proxy .*NODE_EXTRA_CA_CERTS .*1 extra CA certificate/);
      assert.equal(viaProxy.undiciIndexLoaded, false, 'the proxy path works without undici’s index');
      assert.deepEqual(
        proxy.connects.map((r) => r.target),
        [`127.0.0.1:${front.port}`],
      );
      assert.ok(!TOKEN_FREE.test(without.userMessage ?? ''));
    });
  });
});
