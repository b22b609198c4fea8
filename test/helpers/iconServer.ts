/**
 * Chat icons for tests: an https server (certificate from a test CA) and a plain http one, both
 * serving the same paths, counting what they were asked for.
 *   /icon.png          a real 1×1 PNG
 *   /big.png           larger than the icon limit, with Content-Length
 *   /big-stream.png    larger than the icon limit, chunked (no Content-Length)
 *   /page.png          HTML under an image name
 *   /to-http.png       a redirect to the plain-http /icon.png
 *   anything else      404
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';

export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export class IconServer {
  readonly hits: string[] = [];
  private constructor(
    private readonly secure: https.Server,
    private readonly plain: http.Server,
  ) {}

  get httpsOrigin(): string {
    return `https://127.0.0.1:${(this.secure.address() as net.AddressInfo).port}`;
  }

  get httpOrigin(): string {
    return `http://127.0.0.1:${(this.plain.address() as net.AddressInfo).port}`;
  }

  static async start(opts: { key: string; cert: string; maxBytes: number }): Promise<IconServer> {
    const ref: { self?: IconServer } = {};
    const handler = (scheme: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      ref.self?.hits.push(`${scheme} ${path}`);
      const big = Buffer.alloc(opts.maxBytes + 1024, 0x41);
      PNG_1X1.copy(big);
      switch (path) {
        case '/icon.png':
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG_1X1.length }).end(PNG_1X1);
          return;
        case '/big.png':
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': big.length }).end(big);
          return;
        case '/big-stream.png':
          res.writeHead(200, { 'content-type': 'image/png' });
          for (let i = 0; i < big.length; i += 16 * 1024) res.write(big.subarray(i, i + 16 * 1024));
          res.end();
          return;
        case '/page.png':
          res.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><title>not an image</title>');
          return;
        case '/to-http.png':
          res.writeHead(302, { location: `${ref.self?.httpOrigin ?? ''}/icon.png` }).end();
          return;
        default:
          res.writeHead(404).end();
      }
    };
    const secure = https.createServer({ key: opts.key, cert: opts.cert }, handler('https'));
    const plain = http.createServer(handler('http'));
    for (const s of [secure, plain]) await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    ref.self = new IconServer(secure, plain);
    return ref.self;
  }

  async close(): Promise<void> {
    for (const s of [this.secure, this.plain]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
}
