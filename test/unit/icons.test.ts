import * as assert from 'node:assert/strict';
import { Agent, fetch as undiciFetch } from 'undici';
import { fetchIcon, filesToEvict, iconCacheKey, isIconUrl, MAX_ICON_BYTES, sniffImage } from '../../src/core/net/iconDownload';
import { hasOpenssl, makeTestPki, type TestPki } from '../helpers/certs';
import { IconServer, PNG_1X1 } from '../helpers/iconServer';
import { rejection } from '../helpers/rejection';

describe('chat icons', () => {
  it('only https links count as icons', () => {
    assert.equal(isIconUrl('https://i.mycdn.me/icon.png'), true);
    assert.equal(isIconUrl('http://i.mycdn.me/icon.png'), false);
    assert.equal(isIconUrl('http://127.0.0.1:8787/icon.png'), false);
    assert.equal(isIconUrl('file:///etc/passwd'), false);
    assert.equal(isIconUrl('not a url'), false);
    assert.equal(isIconUrl(undefined), false);
  });

  it('recognises images by their bytes', () => {
    assert.equal(sniffImage(PNG_1X1), 'png');
    assert.equal(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpg');
    assert.equal(sniffImage(Buffer.from('GIF89a')), 'gif');
    assert.equal(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'webp');
    assert.equal(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
  });

  it('cache keys are stable, differ per link and hide the link', () => {
    const a = iconCacheKey('https://i.mycdn.me/a.png');
    assert.equal(a, iconCacheKey('https://i.mycdn.me/a.png'));
    assert.notEqual(a, iconCacheKey('https://i.mycdn.me/b.png'));
    assert.match(a, /^[0-9a-f]{32}$/);
  });

  it('evicts the least recently used files beyond the limit', () => {
    const files = [
      { name: 'old', size: 400, usedAt: 1 },
      { name: 'new', size: 400, usedAt: 3 },
      { name: 'mid', size: 400, usedAt: 2 },
    ];
    assert.deepEqual(filesToEvict(files, 1000), ['old']);
    assert.deepEqual(filesToEvict(files, 400), ['old', 'mid']);
    assert.deepEqual(filesToEvict(files, 5000), []);
  });

  describe('fetchIcon against real servers', function () {
    this.timeout(10_000);
    let pki: TestPki;
    let server: IconServer;
    let agent: Agent;
    const trusting: typeof fetch = (url, init) => undiciFetch(url as string, { ...init, dispatcher: agent } as Parameters<typeof undiciFetch>[1]);

    before(async function () {
      if (!hasOpenssl()) this.skip();
      pki = makeTestPki();
      server = await IconServer.start({ key: pki.key, cert: pki.cert, maxBytes: MAX_ICON_BYTES });
      agent = new Agent({ connect: { ca: pki.caCert } });
    });
    after(async () => {
      await server?.close();
      await agent?.close();
      pki?.remove();
    });
    beforeEach(() => {
      if (server) server.hits.length = 0;
    });

    it('downloads a PNG over https', async () => {
      const { bytes, type } = await fetchIcon(`${server.httpsOrigin}/icon.png`, { fetch: trusting });
      assert.equal(type, 'png');
      assert.deepEqual(Buffer.from(bytes), PNG_1X1);
    });

    it('never asks a plain-http server', async () => {
      const e = await rejection(fetchIcon(`${server.httpOrigin}/icon.png`, { fetch: trusting }));
      assert.match(e.message, /only over https/);
      assert.deepEqual(server.hits, []);
    });

    it('does not follow a redirect to plain http', async () => {
      const e = await rejection(fetchIcon(`${server.httpsOrigin}/to-http.png`, { fetch: trusting }));
      assert.match(e.message, /only over https/);
      assert.deepEqual(server.hits, ['https /to-http.png'], 'the http server must not be asked');
    });

    it('refuses icons over the size limit, announced or streamed', async () => {
      for (const p of ['/big.png', '/big-stream.png']) {
        const e = await rejection(fetchIcon(`${server.httpsOrigin}${p}`, { fetch: trusting }));
        assert.match(e.message, /larger than 256 KB/, p);
      }
    });

    it('refuses what is not an image, and error statuses', async () => {
      assert.match((await rejection(fetchIcon(`${server.httpsOrigin}/page.png`, { fetch: trusting }))).message, /not a PNG/);
      assert.match((await rejection(fetchIcon(`${server.httpsOrigin}/gone.png`, { fetch: trusting }))).message, /answered 404/);
    });

    it('does not trust a certificate the system does not (plain fetch)', async () => {
      await rejection(fetchIcon(`${server.httpsOrigin}/icon.png`));
    });
  });
});
