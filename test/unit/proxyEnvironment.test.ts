/** Which proxy the transports use and how proxy settings, credentials, CA lists and failures are read and described. */
import * as assert from 'node:assert/strict';
import { OkClient } from '../../src/core/net/okClient';
import { OkApiError } from '../../src/core/model/okApiError';
import { isInputError } from '../../src/core/model/ids';
import { combineCa, createNodeTransport, type NodeTransportOptions } from '../../src/core/net/nodeTransport';
import { connectionProblem } from '../../src/core/net/connectionProblems';
import { matchesNoProxy, parseNoProxy, proxyInUse, redactProxyCredentials, redactProxyUrl } from '../../src/core/net/proxySettings';
import { TestProxy } from '../helpers/connectProxy';

const HTTPS = new URL('https://api.ok.ru/graph');
const HTTP = new URL('http://api.ok.ru/graph');

describe('which proxy the CLI transport uses (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)', () => {
  const transports: Array<ReturnType<typeof createNodeTransport>> = [];
  const transport = (opts: NodeTransportOptions) => {
    const tr = createNodeTransport(opts);
    transports.push(tr);
    return tr;
  };
  after(async () => {
    await Promise.all(transports.map(async (tr) => tr.network.close?.()));
  });
  const cases: Array<[string, URL, NodeTransportOptions, { display?: string; envName?: string; described: RegExp }]> = [
    ['nothing configured', HTTPS, { env: {} }, { described: /^direct(;|$)/ }],
    ['https target: HTTPS_PROXY', HTTPS, { env: { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' } }, { display: 'http://s:1', envName: 'HTTPS_PROXY', described: /^through proxy http:\/\/s:1 \(from HTTPS_PROXY\)(;|$)/ }],
    ['https target without HTTPS_PROXY: HTTP_PROXY (undici’s rule)', HTTPS, { env: { HTTP_PROXY: 'http://p:2' } }, { display: 'http://p:2', envName: 'HTTP_PROXY', described: /^through proxy http:\/\/p:2 \(from HTTP_PROXY\)(;|$)/ }],
    ['http target: HTTP_PROXY', HTTP, { env: { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' } }, { display: 'http://p:2', envName: 'HTTP_PROXY', described: /from HTTP_PROXY/ }],
    ['http target: lower-case http_proxy', HTTP, { env: { http_proxy: 'http://p:2' } }, { display: 'http://p:2', envName: 'http_proxy', described: /from http_proxy/ }],
    ['lower case wins over upper case', HTTPS, { env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' } }, { display: 'http://lower:1', envName: 'https_proxy', described: /lower:1/ }],
    ['an empty lower-case variable is skipped', HTTPS, { env: { https_proxy: '', HTTPS_PROXY: 'http://upper:2' } }, { display: 'http://upper:2', envName: 'HTTPS_PROXY', described: /upper:2/ }],
    ['no scheme means http://', HTTPS, { env: { HTTPS_PROXY: 'proxy.corp:8080' } }, { display: 'http://proxy.corp:8080', envName: 'HTTPS_PROXY', described: /http:\/\/proxy\.corp:8080/ }],
    ['an https:// proxy', HTTPS, { env: { HTTPS_PROXY: 'https://secure.corp:8443' } }, { display: 'https://secure.corp:8443', envName: 'HTTPS_PROXY', described: /https:\/\/secure\.corp:8443/ }],
    ['NO_PROXY bypasses the env proxy', HTTPS, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'ok.ru' } }, { described: /^direct \(NO_PROXY matches api\.ok\.ru; proxy http:\/\/p:1 from HTTPS_PROXY not used\)(;|$)/ }],
    ['no_proxy (lower case) too', HTTPS, { env: { HTTPS_PROXY: 'http://p:1', no_proxy: '.ok.ru' } }, { described: /^direct \(NO_PROXY matches/ }],
    ['loopback goes direct', new URL('https://127.0.0.1:4443/graph'), { env: { HTTPS_PROXY: 'http://p:1' } }, { described: /^direct \(127\.0\.0\.1 is a loopback address; proxy http:\/\/p:1 from HTTPS_PROXY not used\)(;|$)/ }],
    ['localhost goes direct', new URL('http://localhost:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { described: /loopback/ }],
    ['::1 goes direct', new URL('http://[::1]:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { described: /loopback/ }],
    ['::ffff:127.0.0.1 and 127.x.y.z go direct', new URL('http://[::ffff:127.0.0.1]:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { described: /loopback/ }],
    ['*.localhost goes direct', new URL('https://ok.localhost:8443/graph'), { env: { HTTPS_PROXY: 'http://p:1' } }, { described: /loopback/ }],
    ['any 127.x.y.z goes direct', new URL('http://127.45.6.7:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { described: /^direct \(127\.45\.6\.7 is a loopback address/ }],
    ['128.0.0.1 is not loopback', new URL('http://128.0.0.1:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { display: 'http://p:1', envName: 'HTTP_PROXY', described: /^through proxy/ }],
    ['1.127.0.0 is not loopback', new URL('http://1.127.0.0:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { display: 'http://p:1', envName: 'HTTP_PROXY', described: /^through proxy/ }],
    ['the long form of ::1 goes direct', new URL('http://[0:0:0:0:0:0:0:1]:8080/graph'), { env: { HTTP_PROXY: 'http://p:1' } }, { described: /loopback/ }],
    ['a private address is not loopback', new URL('https://10.0.0.5/graph'), { env: { HTTPS_PROXY: 'http://p:1' } }, { display: 'http://p:1', envName: 'HTTPS_PROXY', described: /^through proxy/ }],
    ['loopback is proxied when asked', new URL('https://127.0.0.1:4443/graph'), { env: { HTTPS_PROXY: 'http://p:1' }, proxyLoopback: true }, { display: 'http://p:1', envName: 'HTTPS_PROXY', described: /^through proxy/ }],
    ['a CIDR entry of NO_PROXY (which undici lacks) bypasses', new URL('https://10.1.2.3/graph'), { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com, 10.0.0.0/8' } }, { described: /^direct \(NO_PROXY matches 10\.1\.2\.3;/ }],
  ];
  for (const [name, target, opts, expected] of cases) {
    it(name, () => {
      const { network } = transport(opts);
      const p = network.proxyFor?.(target);
      assert.equal(p?.display, expected.display);
      assert.equal(p?.envName, expected.envName);
      assert.match(network.describe(target), expected.described);
    });
  }

  it('never reads process.env when given an env', () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://from-process:1';
    try {
      assert.equal(transport({ env: {} }).network.proxyFor?.(HTTPS), undefined);
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });

  it('keeps proxy credentials for undici but shows them redacted', () => {
    const p = transport({ env: { HTTPS_PROXY: 'http://user:pa%40ss@proxy:3128' } }).network.proxyFor?.(HTTPS);
    assert.equal(p?.display, 'http://user:***@proxy:3128');
    assert.ok(p?.secrets.includes(Buffer.from('user:pa@ss').toString('base64')));
    assert.equal(redactProxyUrl('http://tokenonly@proxy:3128'), 'http://***@proxy:3128');
    assert.equal(redactProxyUrl('proxy:3128'), 'http://proxy:3128');
    assert.match(transport({ env: { HTTPS_PROXY: 'http://u:secret@p:1', NO_PROXY: 'ok.ru' } }).network.describe(HTTPS), /proxy http:\/\/u:\*\*\*@p:1 from HTTPS_PROXY not used/);
  });

  for (const bad of ['socks5://u:hunter22@proxy:1080', 'ftp://proxy:21', 'http://', 'http://exa mple:1']) {
    it(`rejects the proxy ${bad} with an InputError that hides the password`, () => {
      assert.throws(
        () => transport({ env: { HTTPS_PROXY: bad } }).network.proxyFor?.(HTTPS),
        (e: Error) => isInputError(e) && /proxy/.test(e.message) && !e.message.includes('hunter22'),
      );
    });
  }

  it('names the environment variable in the error, and ignores a bad proxy that is not used', () => {
    assert.throws(() => transport({ env: { HTTPS_PROXY: 'socks5://p:1080' } }).network.proxyFor?.(HTTPS), /HTTPS_PROXY.*socks5|socks5.*HTTPS_PROXY/);
    assert.equal(transport({ env: { HTTP_PROXY: 'socks5://p:1080' } }).network.proxyFor?.(new URL('http://127.0.0.1:1/graph')), undefined);
    assert.throws(() => new OkClient({ token: 'x', baseUrl: HTTPS.href, ...transport({ env: { HTTPS_PROXY: 'socks5://p:1080' } }) }), (e: Error) => isInputError(e));
  });
});

describe('NO_PROXY matching', () => {
  // IP addresses and ranges: matched by our code (undici compares names only).
  const ipTable: Array<[string, string, boolean]> = [
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
  for (const [entry, url, expected] of ipTable) {
    it(`${entry} ${expected ? 'matches' : 'does not match'} ${url}`, () => assert.equal(matchesNoProxy(new URL(url), [entry]), expected));
  }
  it('splits on commas and white space', () => {
    assert.deepEqual(parseNoProxy(' localhost, .corp.example  10.0.0.0/8,,\t*.intra '), ['localhost', '.corp.example', '10.0.0.0/8', '*.intra']);
    assert.deepEqual(parseNoProxy(['a.example', ' b.example ,c.example']), ['a.example', 'b.example', 'c.example']);
  });

  // Names: matched by undici's EnvHttpProxyAgent. Each row sends a real request with a proxy that
  // refuses every CONNECT: the proxy sees the request exactly when the entry does not match.
  // (A request that goes direct fails on DNS: these names do not resolve here.)
  describe('names, by undici’s EnvHttpProxyAgent (a real request each)', () => {
    let proxy: TestProxy;
    before(async () => {
      proxy = await TestProxy.start({ mode: 'refuse' });
    });
    after(async () => {
      await proxy.close();
    });
    const nameTable: Array<[string, string, boolean]> = [
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
      ['localhost,127.0.0.1, .ok.ru', 'https://api.ok.ru/', true],
    ];
    for (const [entry, url, bypass] of nameTable) {
      it(`${entry} ${bypass ? 'matches' : 'does not match'} ${url}`, async () => {
        const { fetch, network } = createNodeTransport({ env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: entry }, connectTimeoutMs: 2000 });
        const before = proxy.connects.length;
        try {
          await assert.rejects(fetch(url, { method: 'GET', headers: {}, signal: AbortSignal.timeout(5000) }));
          assert.equal(proxy.connects.length - before, bypass ? 0 : 1, 'CONNECTs the proxy saw');
          assert.equal(network.proxyFor?.(new URL(url)) === undefined, bypass, 'the log and messages say the same');
        } finally {
          await network.close?.();
        }
      });
    }
  });
});

describe('proxy credentials and CA lists', () => {
  it('redacts credentials in any text', () => {
    const p = proxyInUse({ url: 'http://alice:s3cr%40t@proxy:3128', envName: 'HTTPS_PROXY' });
    assert.equal(p.display, 'http://alice:***@proxy:3128');
    const basic = Buffer.from('alice:s3cr@t').toString('base64');
    const text = `failed http://alice:s3cr%40t@proxy:3128 with s3cr@t and Basic ${basic}`;
    const clean = redactProxyCredentials(text, p);
    assert.ok(!clean.includes('s3cr') && !clean.includes(basic), clean);
    assert.match(clean, /http:\/\/alice:\*\*\*@proxy:3128/);
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

describe('proxy failures as VS Code’s fetch reports them', () => {
  // The shapes of the extension host's global fetch (Node's undici, with VS Code's proxy agent):
  // TypeError('fetch failed') with the cause undici raised.
  const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
  const target = new URL('https://api.ok.ru/graph');
  const problem = (e: unknown) => connectionProblem(e, { target, settings: 'vscode' });

  it('a 407 to CONNECT is the proxy asking for sign-in, naming VS Code’s settings', () => {
    const c = problem(fetchFailed(Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' })));
    assert.deepEqual(c, { proxySource: 'vscode', proxyFailure: 'auth', proxyStatus: 407 });
    const e = new OkApiError({ kind: 'network', delivery: 'not-sent', connection: c });
    assert.match(e.userMessage, /^Could not connect through the proxy \(the proxy requires authentication \(407\).*http\.proxy.*\)\. Check VS Code's proxy settings \(http\.proxy, http\.proxySupport\)/);
  });

  it('VS Code’s own variant of the message, and its status field, are recognised too', () => {
    assert.equal(problem(fetchFailed(new Error('Proxy response (407) ?.== 200 when HTTP Tunneling')))?.proxyStatus, 407);
    assert.equal(problem(fetchFailed(Object.assign(new Error('aborted'), { connectResponseStatusCode: 403 })))?.proxyFailure, 'refused');
  });

  it('a refused CONNECT (403) says the proxy refused', () => {
    const c = problem(fetchFailed(new Error('Proxy response (403) !== 200 when HTTP Tunneling')));
    assert.equal(c?.proxyFailure, 'refused');
    assert.match(new OkApiError({ kind: 'network', delivery: 'not-sent', connection: c }).userMessage, /the proxy refused the connection \(HTTP 403\)/);
  });

  it('a connection refused elsewhere than at OK is the proxy’s; at OK’s host and port it is not', () => {
    const refused = (address: string, port: number) => fetchFailed(Object.assign(new Error(`connect ECONNREFUSED ${address}:${port}`), { code: 'ECONNREFUSED', address, port, syscall: 'connect' }));
    const c = problem(refused('127.0.0.1', 3128));
    assert.deepEqual(c, { proxySource: 'vscode', proxy: '127.0.0.1:3128', proxyFailure: 'unreachable' });
    assert.match(new OkApiError({ kind: 'network', delivery: 'not-sent', connection: c }).userMessage, /^Could not connect through the proxy 127\.0\.0\.1:3128 \(the proxy could not be reached\)\. Check VS Code's proxy settings/);
    assert.equal(problem(refused('api.ok.ru', 443))?.proxyFailure, undefined);
    const notFound = fetchFailed(Object.assign(new Error('getaddrinfo ENOTFOUND proxy.corp'), { code: 'ENOTFOUND', hostname: 'proxy.corp' }));
    assert.equal(problem(notFound)?.proxyFailure, 'not-found');
    const okNotFound = fetchFailed(Object.assign(new Error('getaddrinfo ENOTFOUND api.ok.ru'), { code: 'ENOTFOUND', hostname: 'api.ok.ru' }));
    assert.equal(problem(okNotFound)?.proxyFailure, undefined);
    assert.match(new OkApiError({ kind: 'network', delivery: 'not-sent', connection: problem(okNotFound) }).userMessage, /^Could not reach OK\. .*http\.proxy, http\.proxySupport/);
  });

  it('a rejected certificate names the operating system’s store (http.systemCertificates)', () => {
    const c = problem(fetchFailed(Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })));
    assert.deepEqual(c, { proxySource: 'vscode', certificate: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', host: 'api.ok.ru' });
    assert.match(new OkApiError({ kind: 'network', delivery: 'not-sent', connection: c }).userMessage, /^The TLS certificate of api\.ok\.ru was rejected \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\..*http\.systemCertificates.*NODE_EXTRA_CA_CERTS/);
  });
});
