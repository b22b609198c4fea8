/**
 * "Another host": a loopback server on a second address (127.0.0.2) that a redirect of the fake
 * OK server points to. It answers every request with OK's usual `{"message_id": …}` (as a host
 * that accepted the message would) and records what reached it, so that a test can tell
 * whether anything, and the access token, left for another host.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherHostRequest {
  method: string;
  /** The path and query as received. */
  url: string;
  body: string;
}

export class OtherHost {
  private constructor(
    private readonly server: http.Server,
    /** `http://127.0.0.2:<port>` */
    readonly origin: string,
    /** What reached this host, in order. */
    readonly requests: OtherHostRequest[],
  ) {}

  /** Starts on 127.0.0.2 (every 127.x address is loopback on Linux), or 127.0.0.1 where that address is not available. */
  static async start(): Promise<OtherHost> {
    const requests: OtherHostRequest[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        const body = JSON.stringify({ message_id: 'mid:elsewhere.1' });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      });
    });
    const host = await new Promise<string>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EADDRNOTAVAIL') return reject(e);
        server.listen(0, '127.0.0.1', () => resolve('127.0.0.1'));
      });
      server.listen(0, '127.0.0.2', () => resolve('127.0.0.2'));
    });
    return new OtherHost(server, `http://${host}:${(server.address() as AddressInfo).port}`, requests);
  }

  /** Whether `token` reached this host, in a URL or a body. */
  sawToken(token: string): boolean {
    return this.requests.some((r) => r.url.includes(encodeURIComponent(token)) || r.url.includes(token) || r.body.includes(token));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
