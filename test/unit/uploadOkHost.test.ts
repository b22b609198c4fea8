// An IMAGE upload URL on plain http on OK's own CDN host (`http://pu.mycdn.me/…?apiToken=…`, as
// one client of the real API recorded it): the upload goes over https to that host, query kept.
// Offline: a CONNECT proxy on 127.0.0.1 routes pu.mycdn.me:443 to a TLS front (a test CA) before
// the fake OK server, as the proxy tests do.
import * as assert from 'node:assert/strict';
import { OkClient, uploadAndSend } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { FakeOkServer, OK_UPLOAD_HOST } from '../fake-ok/server';
import { hasOpenssl, makeTestPki, type TestPki } from '../helpers/certs';
import { TestProxy } from '../helpers/connectProxy';
import { TlsFront } from '../helpers/tlsFront';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const FAST = { baseWaitMs: 10, perMbWaitMs: 0, maxWaitMs: 20, retryDelayMs: 5, maxRetryDelayMs: 10 };

describe('an IMAGE upload URL on plain http on OK\'s own host', function () {
  this.timeout(10_000);
  let pki: TestPki;
  let server: FakeOkServer;
  let front: TlsFront;
  let proxy: TestProxy;
  let client: OkClient | undefined;

  before(async function () {
    if (!hasOpenssl()) this.skip();
    pki = makeTestPki([OK_UPLOAD_HOST]);
    server = await FakeOkServer.start({ uploads: { imageUploadUrl: 'http-ok-host' } });
    front = await TlsFront.start({ key: pki.key, cert: pki.cert, backendPort: Number(new URL(server.origin).port) });
    proxy = await TestProxy.start({ routes: { [`${OK_UPLOAD_HOST}:443`]: `127.0.0.1:${front.port}` } });
  });
  after(async () => {
    await client?.close();
    await Promise.all([server?.close(), front?.close(), proxy?.close()]);
    pki?.remove();
  });

  it('is uploaded over TLS to that host (through the proxy), its signed query kept, and the image sent', async () => {
    const chat = server.addChat({ title: 'CDN' }).chat_id;
    // the API itself is the plain loopback fake (no HTTP_PROXY); https goes through the proxy
    client = new OkClient({ token: server.token, baseUrl: server.baseUrl, ...createNodeTransport({ env: { HTTPS_PROXY: proxy.url }, ca: pki.caCert }) });
    await uploadAndSend(client, chat, { name: 'chart.png', bytes: PNG }, { timings: FAST });
    assert.deepEqual(
      proxy.connects.map((c) => c.target),
      [`${OK_UPLOAD_HOST}:443`],
    );
    assert.equal(front.accepted, 1, 'one TLS connection');
    const upload = server.requests.find((r) => r.method === 'POST' && r.path.startsWith('/upload/'));
    assert.ok(upload);
    assert.equal(upload.headers.host, OK_UPLOAD_HOST);
    const stored = [...server.uploads.values()][0];
    assert.equal(upload.query.apiToken, stored.signature, 'the signed query came along');
    assert.equal(upload.query.photoIds, String(BigInt(`0x${stored.id}`)));
    assert.equal(upload.query.access_token, undefined, 'the access token never goes to the upload host');
    assert.equal(server.messages.length, 1);
  });
});
