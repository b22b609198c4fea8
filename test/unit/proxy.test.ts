import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { OkClient, type OkClientOptions } from '../../src/core/client';
import { OkApiError } from '../../src/core/errors';
import { isInputError } from '../../src/core/ids';
import { combineCa, createDispatcher, matchesNoProxy, parseNoProxy, redactProxyCredentials, redactProxyUrl, resolveProxy, type ProxyConfig } from '../../src/core/proxy';
import * as requests from '../../src/core/requests';
import { FakeOkServer } from '../fake-server/server';
import { hasOpenssl, makeTestPki, type TestPki } from '../helpers/certs';
import { TestProxy, closedPort } from '../helpers/connectProxy';
import { TlsFront } from '../helpers/tlsFront';
import { rejection } from '../helpers/rejection';

const HTTPS = new URL('https://api.ok.ru/graph');
const HTTP = new URL('http://api.ok.ru/graph');

describe('resolveProxy', () => {
  const cases: Array<[string, URL, ProxyConfig, { proxyUrl?: string; source: string; envName?: string; bypassedBy?: string }]> = [
    ['nothing configured', HTTPS, { env: {} }, { source: 'none' }],
    ['the setting', HTTPS, { proxy: 'http://proxy.corp:3128', env: {} }, { proxyUrl: 'http://proxy.corp:3128/', source: 'setting' }],
    ['the setting wins over HTTPS_PROXY', HTTPS, { proxy: 'http://set:1', env: { HTTPS_PROXY: 'http://env:2' } }, { proxyUrl: 'http://set:1/', source: 'setting' }],
    ['a blank setting falls back to the environment', HTTPS, { proxy: '  ', env: { HTTPS_PROXY: 'http://env:2' } }, { proxyUrl: 'http://env:2/', source: 'env', envName: 'HTTPS_PROXY' }],
    ['https target: HTTPS_PROXY', HTTPS, { env: { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' } }, { proxyUrl: 'http://s:1/', source: 'env', envName: 'HTTPS_PROXY' }],
    ['https target: no fallback to HTTP_PROXY', HTTPS, { env: { HTTP_PROXY: 'http://p:2' } }, { source: 'none' }],
    ['http target: HTTP_PROXY', HTTP, { env: { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' } }, { proxyUrl: 'http://p:2/', source: 'env', envName: 'HTTP_PROXY' }],
    ['http target: lower-case http_proxy', HTTP, { env: { http_proxy: 'http://p:2' } }, { proxyUrl: 'http://p:2/', source: 'env', envName: 'http_proxy' }],
    ['lower case wins over upper case', HTTPS, { env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' } }, { proxyUrl: 'http://lower:1/', source: 'env', envName: 'https_proxy' }],
    ['an empty lower-case variable is skipped', HTTPS, { env: { https_proxy: '', HTTPS_PROXY: 'http://upper:2' } }, { proxyUrl: 'http://upper:2/', source: 'env', envName: 'HTTPS_PROXY' }],
    ['no scheme means http://', HTTPS, { env: { HTTPS_PROXY: 'proxy.corp:8080' } }, { proxyUrl: 'http://proxy.corp:8080/', source: 'env', envName: 'HTTPS_PROXY' }],
    ['an https:// proxy', HTTPS, { proxy: 'https://secure.corp:8443' }, { proxyUrl: 'https://secure.corp:8443/', source: 'setting' }],
    ['NO_PROXY bypasses the env proxy', HTTPS, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'ok.ru' } }, { source: 'env', envName: 'HTTPS_PROXY', bypassedBy: 'NO_PROXY' }],
    ['no_proxy (lower case) too', HTTPS, { env: { HTTPS_PROXY: 'http://p:1', no_proxy: '.ok.ru' } }, { source: 'env', envName: 'HTTPS_PROXY', bypassedBy: 'NO_PROXY' }],
    ['NO_PROXY applies to the setting when http.noProxy is empty (VS Code)', HTTPS, { proxy: 'http://p:1', noProxy: [], env: { NO_PROXY: 'api.ok.ru' } }, { source: 'setting', bypassedBy: 'NO_PROXY' }],
    ['http.noProxy replaces NO_PROXY when it has entries', HTTPS, { proxy: 'http://p:1', noProxy: ['example.com'], env: { NO_PROXY: '*' } }, { proxyUrl: 'http://p:1/', source: 'setting' }],
    ['http.noProxy bypasses', HTTPS, { proxy: 'http://p:1', noProxy: ['*.ok.ru'] }, { source: 'setting', bypassedBy: 'noProxy' }],
    ['loopback goes direct', new URL('https://127.0.0.1:4443/graph'), { proxy: 'http://p:1', env: {} }, { source: 'setting', bypassedBy: 'loopback' }],
    ['localhost goes direct', new URL('http://localhost:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { source: 'env', envName: 'HTTP_PROXY', bypassedBy: 'loopback' }],
    ['::1 goes direct', new URL('http://[::1]:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { source: 'env', envName: 'HTTP_PROXY', bypassedBy: 'loopback' }],
    ['::ffff:127.0.0.1 and 127.x.y.z go direct', new URL('http://[::ffff:127.0.0.1]:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { source: 'env', envName: 'HTTP_PROXY', bypassedBy: 'loopback' }],
    ['*.localhost goes direct', new URL('https://ok.localhost:8443/graph'), { proxy: 'http://p:1' }, { source: 'setting', bypassedBy: 'loopback' }],
    ['a private address is not loopback', new URL('https://10.0.0.5/graph'), { proxy: 'http://p:1', env: {} }, { proxyUrl: 'http://p:1/', source: 'setting' }],
    ['loopback is proxied when asked', new URL('https://127.0.0.1:4443/graph'), { proxy: 'http://p:1', proxyLoopback: true, env: {} }, { proxyUrl: 'http://p:1/', source: 'setting' }],
  ];
  for (const [name, target, cfg, expected] of cases) {
    it(name, () => {
      const r = resolveProxy(target, cfg);
      assert.equal(r.proxyUrl, expected.proxyUrl);
      assert.equal(r.source, expected.source);
      assert.equal(r.envName, expected.envName);
      assert.equal(r.bypassedBy, expected.bypassedBy);
      assert.equal(r.bypassed, expected.bypassedBy ? true : undefined);
    });
  }

  it('keeps proxy credentials for the dispatcher but shows them redacted', () => {
    const r = resolveProxy(HTTPS, { proxy: 'http://user:pa%40ss@proxy:3128', env: {} });
    assert.equal(r.proxyUrl, 'http://user:pa%40ss@proxy:3128/');
    assert.equal(r.display, 'http://user:***@proxy:3128');
    assert.equal(redactProxyUrl('http://tokenonly@proxy:3128'), 'http://***@proxy:3128');
    assert.equal(redactProxyUrl('proxy:3128'), 'http://proxy:3128');
    assert.equal(resolveProxy(HTTPS, { proxy: 'http://u:secret@p:1', noProxy: ['ok.ru'] }).display, 'http://u:***@p:1');
  });

  for (const bad of ['socks5://u:hunter22@proxy:1080', 'ftp://proxy:21', 'http://', 'http://exa mple:1']) {
    it(`rejects the proxy ${bad} with an InputError that hides the password`, () => {
      assert.throws(
        () => resolveProxy(HTTPS, { proxy: bad, env: {} }),
        (e: Error) => isInputError(e) && /proxy/.test(e.message) && !e.message.includes('hunter22'),
      );
    });
  }

  it('names the environment variable in the error, and ignores a bad proxy that is not used', () => {
    assert.throws(() => resolveProxy(HTTPS, { env: { HTTPS_PROXY: 'socks5://p:1080' } }), /HTTPS_PROXY.*socks5|socks5.*HTTPS_PROXY/);
    assert.equal(resolveProxy(new URL('http://127.0.0.1:1/graph'), { env: { HTTP_PROXY: 'socks5://p:1080' } }).bypassed, true);
  });
});

describe('NO_PROXY matching', () => {
  const table: Array<[string, string, boolean]> = [
    ['*', 'https://api.ok.ru/', true],
    ['ok.ru', 'https://ok.ru/', true],
    ['ok.ru', 'https://api.ok.ru/', true],
    ['ok.ru', 'https://notok.ru/', false],
    ['.ok.ru', 'https://api.ok.ru/', true],
    ['.ok.ru', 'https://ok.ru/', true],
    ['*.ok.ru', 'https://api.ok.ru/', true],
    ['api.ok.ru.', 'https://api.ok.ru/', true],
    ['API.OK.RU', 'https://api.ok.ru/', true],
    ['other.ru', 'https://api.ok.ru/', false],
    ['api.ok.ru:443', 'https://api.ok.ru/', true],
    ['api.ok.ru:8443', 'https://api.ok.ru/', false],
    ['api.ok.ru:8443', 'https://api.ok.ru:8443/', true],
    ['api.ok.ru:80', 'http://api.ok.ru/', true],
    ['10.1.2.3', 'https://10.1.2.3/', true],
    ['10.1.2.3', 'https://10.1.2.4/', false],
    ['10.1.2.3:8443', 'https://10.1.2.3:8443/', true],
    ['10.1.2.3:8443', 'https://10.1.2.3/', false],
    ['10.0.0.0/8', 'https://10.200.3.4/', true],
    ['10.0.0.0/8', 'https://11.0.0.1/', false],
    ['2.3', 'https://10.1.2.3/', false],
    ['::1', 'https://[::1]:4443/', true],
    ['[::1]:4443', 'https://[::1]:4443/', true],
    ['[::1]:4443', 'https://[::1]:5443/', false],
    ['fd00::/8', 'https://[fd12::1]/', true],
    ['2001:db8::1', 'https://[2001:0db8:0:0:0:0:0:1]/', true],
    ['localhost', 'https://127.0.0.1/', false],
  ];
  for (const [entry, url, expected] of table) {
    it(`${entry} ${expected ? 'matches' : 'does not match'} ${url}`, () => assert.equal(matchesNoProxy(new URL(url), [entry]), expected));
  }
  it('splits on commas and white space', () => {
    assert.deepEqual(parseNoProxy(' localhost, .corp.example  10.0.0.0/8,,\t*.intra '), ['localhost', '.corp.example', '10.0.0.0/8', '*.intra']);
    assert.deepEqual(parseNoProxy(['a.example', ' b.example ,c.example']), ['a.example', 'b.example', 'c.example']);
    assert.equal(matchesNoProxy(HTTPS, parseNoProxy('localhost,127.0.0.1, .ok.ru')), true);
  });
});

describe('proxy credentials and CA lists', () => {
  it('redacts credentials in any text', () => {
    const d = createDispatcher({ target: HTTPS, proxy: 'http://alice:s3cr%40t@proxy:3128', env: {} });
    assert.match(d.description, /^through proxy http:\/\/alice:\*\*\*@proxy:3128 \(from http\.proxy\)/);
    const basic = Buffer.from('alice:s3cr@t').toString('base64');
    const text = `failed http://alice:s3cr%40t@proxy:3128 with s3cr@t and Basic ${basic}`;
    const clean = redactProxyCredentials(text, d.proxy);
    assert.ok(!clean.includes('s3cr') && !clean.includes(basic), clean);
    assert.match(clean, /http:\/\/alice:\*\*\*@proxy:3128/);
    void d.dispatcher.close();
  });

  it('keeps Node’s default store unless CAs are added, and then adds to it', () => {
    assert.equal(combineCa(undefined, {}).ca, undefined);
    const { ca, notes } = combineCa('-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n', {});
    assert.ok(ca && ca.length > 100, 'the bundled roots are kept');
    assert.match(String(ca.at(-1)), /X/);
    assert.equal(notes.at(-1), '1 extra CA certificate');
    const missing = combineCa(undefined, { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' });
    assert.ok(missing.ca && missing.notes.some((n) => /could not be read/.test(n)));
  });
});

describe('OkClient through a real CONNECT proxy to a TLS server', function () {
  this.timeout(5000);
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

  const makeClient = (extra: Partial<OkClientOptions>) => {
    const c = new OkClient({
      token: server.token,
      baseUrl,
      env: {},
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 },
      log: (level, m) => logs.push(`${level} ${m}`),
      ...extra,
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
    const c = makeClient({ proxy: proxy.url, proxyLoopback: true, ca: pki.caCert });
    assert.match(c.connection, /^through proxy http:\/\/127\.0\.0\.1:\d+ \(from http\.proxy\);.* 1 extra CA certificate$/);
    await c.call(requests.getMeInfo());
    await c.call(requests.sendText(chat, 'через прокси'));
    assert.ok(proxy.connects.length >= 1);
    for (const r of proxy.connects) assert.equal(r.target, `127.0.0.1:${front.port}`);
    assert.equal(server.messages.at(-1)?.text, 'через прокси');
    assert.equal(server.requests.length, 2);
  });

  it('fails without the CA with the certificate sentence, and does not retry', async () => {
    const c = makeClient({ proxy: proxy.url, proxyLoopback: true });
    const e = await rejection(c.call(requests.getMeInfo()));
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.connection?.certificate ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED/);
    assert.match(e.userMessage, /^The TLS certificate of 127\.0\.0\.1:\d+ was rejected \(\w+\)\..*corporate.*NODE_EXTRA_CA_CERTS.*http\.proxyStrictSSL/);
    assert.equal(proxy.connects.length, 1, 'a certificate problem is not retried');
    assert.equal(server.requests.length, 0);
    noSecrets(errorTexts(e));
  });

  it('does not accept a certificate from an unrelated CA', async () => {
    const e = await rejection(makeClient({ ca: pki.otherCaCert }).call(requests.getMeInfo()));
    assert.ok(e.connection?.certificate);
    assert.equal(server.requests.length, 0);
  });

  it('works with strictSSL: false (http.proxyStrictSSL off)', async () => {
    const c = makeClient({ proxy: proxy.url, proxyLoopback: true, strictSSL: false });
    assert.match(c.connection, /certificate checks off/);
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects.length, 1);
  });

  it('bypasses the proxy for NO_PROXY hosts (the proxy sees nothing)', async () => {
    const c = makeClient({ proxy: proxy.url, proxyLoopback: true, ca: pki.caCert, env: { NO_PROXY: `localhost, 127.0.0.1:${front.port}` } });
    assert.match(c.connection, /^direct \(NO_PROXY matches 127\.0\.0\.1:\d+; proxy http:\/\/127\.0\.0\.1:\d+ from http\.proxy not used\)/);
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects.length, 0);
    assert.equal(server.requests.length, 1);
  });

  it('bypasses the proxy for http.noProxy hosts', async () => {
    const c = makeClient({ proxy: proxy.url, proxyLoopback: true, ca: pki.caCert, noProxy: ['127.0.0.0/8'] });
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
    const c = makeClient({ proxy: proxy.urlWith(USER, PASSWORD), proxyLoopback: true, ca: pki.caCert });
    assert.match(c.connection, /through proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+/);
    await c.call(requests.getMeInfo());
    assert.equal(proxy.connects[0].status, 200);
    assert.equal(proxy.connects[0].authorization, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    noSecrets([c.connection, ...logs], PASSWORD);
  });

  it('says the proxy wants authentication (407) for wrong credentials, without showing them', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    const c = makeClient({ proxy: proxy.urlWith(USER, 'wrong-Secret9'), proxyLoopback: true, ca: pki.caCert });
    const e = await rejection(c.call(requests.sendText('chat:C0123456789ab', 'x')));
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.equal(e.connection?.proxyFailure, 'auth');
    assert.match(e.userMessage, /^Could not connect through the proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(the proxy requires authentication \(407\) and did not accept the user name and password in the proxy URL\)\. Check the proxy settings \(http\.proxy\)\.$/);
    assert.equal(proxy.connects.length, 1, 'wrong credentials are not retried');
    assert.equal(server.requests.length, 0);
    noSecrets(errorTexts(e), 'wrong-Secret9', Buffer.from(`${USER}:wrong-Secret9`).toString('base64'));
  });

  it('says the proxy wants authentication when no credentials were given, naming the variable', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    const e = await rejection(makeClient({ env: { HTTPS_PROXY: proxy.url }, proxyLoopback: true }).call(requests.getMeInfo()));
    assert.match(e.userMessage, /requires authentication \(407\): put the user name and password in the proxy URL.*Check the HTTPS_PROXY environment variable\.$/);
  });

  it('says the proxy refused the connection (403), without retrying', async () => {
    proxy.mode = 'refuse';
    const e = await rejection(makeClient({ proxy: proxy.url, proxyLoopback: true }).call(requests.getMeInfo()));
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.userMessage, /^Could not connect through the proxy http:\/\/127\.0\.0\.1:\d+ \(the proxy refused the connection \(HTTP 403\)\)/);
    assert.equal(proxy.connects.length, 1);
  });

  it('says the proxy closed the connection, and retries a request that was not sent', async () => {
    proxy.mode = 'hang-up';
    const e = await rejection(makeClient({ proxy: proxy.url, proxyLoopback: true }).call(requests.sendText('chat:C0123456789ab', 'x')));
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.match(e.userMessage, /the proxy closed the connection without answering/);
    assert.equal(proxy.connects.length, 3, 'first attempt + 2 retries');
    assert.equal(server.requests.length, 0);
  });

  it('says the proxy could not be reached when nothing listens there', async () => {
    const port = await closedPort();
    const e = await rejection(makeClient({ proxy: `http://bob:Hunter2secret@127.0.0.1:${port}`, proxyLoopback: true }).call(requests.sendText('chat:C0123456789ab', 'x')));
    assert.equal(e.kind, 'network');
    assert.equal(e.delivery, 'not-sent');
    assert.equal(e.connection?.proxyFailure, 'unreachable');
    assert.match(e.userMessage, new RegExp(`^Could not connect through the proxy http://bob:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(the proxy could not be reached\\)\\. Check the proxy settings \\(http\\.proxy\\)\\.$`));
    assert.equal(logs.filter((l) => /retrying/.test(l)).length, 2);
    noSecrets(errorTexts(e), 'Hunter2secret');
  });

  it('says the proxy host name was not found', async () => {
    const e = await rejection(makeClient({ proxy: 'http://proxy.invalid:3128', proxyLoopback: true, retry: { maxRetries: 0 } }).call(requests.getMeInfo()));
    assert.equal(e.connection?.proxyFailure, 'not-found');
    assert.match(e.userMessage, /the proxy could not be reached: its host name was not found/);
  });

  it('goes through an https:// proxy, checking its certificate too', async () => {
    const secure = await TestProxy.start({ tls: { key: pki.key, cert: pki.cert } });
    // By name: undici would send an IP address as TLS server name, which Node warns about.
    const secureUrl = `https://localhost:${secure.port}`;
    try {
      await makeClient({ proxy: secureUrl, proxyLoopback: true, ca: pki.caCert }).call(requests.getMeInfo());
      assert.deepEqual(
        secure.connects.map((r) => r.target),
        [`127.0.0.1:${front.port}`],
      );
      const e = await rejection(makeClient({ proxy: secureUrl, proxyLoopback: true }).call(requests.getMeInfo()));
      assert.equal(e.delivery, 'not-sent');
      assert.match(e.userMessage, /^The TLS certificate of localhost was rejected/);
      assert.equal(secure.connects.length, 1, 'the second client failed at the TLS handshake with the proxy, before any CONNECT');
    } finally {
      await secure.close();
    }
  });

  it('explains an https:// URL given for a plain http proxy', async () => {
    const e = await rejection(makeClient({ proxy: `https://localhost:${proxy.port}`, proxyLoopback: true }).call(requests.getMeInfo()));
    assert.equal(e.connection?.proxyFailure, 'tls');
    assert.match(e.userMessage, /\(the TLS connection to the proxy failed; if it is a plain http proxy, its URL must start with http:\/\/\)/);
    assert.equal(logs.filter((l) => /retrying/.test(l)).length, 0);
  });

  it('refuses a socks proxy with a clear InputError', () => {
    assert.throws(
      () => makeClient({ proxy: 'socks5://u:TopSecret1@127.0.0.1:1080', proxyLoopback: true }),
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
    const coreDir = path.join(__dirname, '..', '..', 'src', 'core');
    const script = `
      const [coreDir, cfgJson] = process.argv.slice(1);
      const { OkClient } = require(coreDir + '/client.js');
      const requests = require(coreDir + '/requests.js');
      const cfg = JSON.parse(cfgJson);
      (async () => {
        const client = new OkClient({ ...cfg, retry: { maxRetries: 0 } });
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
        run({ NODE_EXTRA_CA_CERTS: pki.caFile }, { proxy: proxy.url, proxyLoopback: true, ca: pki.otherCaCert }),
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
