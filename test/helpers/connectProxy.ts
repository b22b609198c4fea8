/**
 * A small but real HTTP forward proxy for tests: it answers `CONNECT host:port` by opening a TCP
 * tunnel, like squid or a corporate proxy does for https. It records every CONNECT, can require
 * Basic proxy authentication (answering 407), and can refuse (403) or hang up on every tunnel.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';

export interface ConnectRecord {
  /** The request target of the CONNECT line, e.g. `127.0.0.1:4430`. */
  target: string;
  /** The Proxy-Authorization header, if any. */
  authorization?: string;
  /** What the proxy answered (0 when it hung up without answering). */
  status: number;
}

export type ProxyMode = 'tunnel' | 'refuse' | 'hang-up';

export interface TestProxyOptions {
  /** Require `Proxy-Authorization: Basic base64(user:password)`. */
  auth?: { user: string; password: string };
  mode?: ProxyMode;
  /** Serve the proxy itself over TLS (an https:// proxy). */
  tls?: { key: string; cert: string };
  /** Where to tunnel some CONNECT targets instead of the address asked for: `{ 'ok.test:443': '127.0.0.1:4430' }` (like a proxy with its own DNS). */
  routes?: Record<string, string>;
}

export class TestProxy {
  readonly connects: ConnectRecord[] = [];
  /** Requests that were not CONNECT (absolute-form proxying is not supported here). */
  readonly plainRequests: string[] = [];
  mode: ProxyMode;
  auth?: { user: string; password: string };
  routes: Record<string, string>;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    opts: TestProxyOptions,
    private readonly scheme = opts.tls ? 'https' : 'http',
  ) {
    this.mode = opts.mode ?? 'tunnel';
    this.auth = opts.auth;
    this.routes = { ...opts.routes };
  }

  /** `http://127.0.0.1:port` (or https://), without credentials. */
  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  /** The proxy URL with credentials, percent-encoded as a URL needs them. */
  urlWith(user: string, password: string): string {
    return `${this.scheme}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  static async start(opts: TestProxyOptions = {}): Promise<TestProxy> {
    const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }) : http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const proxy = new TestProxy(server, (server.address() as net.AddressInfo).port, opts);
    server.on('connection', (s: net.Socket) => proxy.track(s));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      proxy.plainRequests.push(`${req.method} ${req.url}`);
      res.writeHead(405, { 'content-type': 'text/plain' }).end('only CONNECT is supported by this test proxy');
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => proxy.onConnect(req, client, head));
    return proxy;
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.once('close', () => this.sockets.delete(s));
  }

  private onConnect(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const target = req.url ?? '';
    const authorization = req.headers['proxy-authorization'];
    const record: ConnectRecord = { target, authorization, status: 0 };
    this.connects.push(record);
    client.on('error', () => client.destroy());
    const answer = (status: number, text: string, extra = '') => {
      record.status = status;
      client.end(`HTTP/1.1 ${status} ${text}\r\n${extra}content-length: 0\r\nconnection: close\r\n\r\n`);
    };
    if (this.mode === 'hang-up') {
      client.destroy();
      return;
    }
    if (this.auth) {
      const expected = `Basic ${Buffer.from(`${this.auth.user}:${this.auth.password}`).toString('base64')}`;
      if (authorization !== expected) {
        answer(407, 'Proxy Authentication Required', 'proxy-authenticate: Basic realm="test proxy"\r\n');
        return;
      }
    }
    if (this.mode === 'refuse') {
      answer(403, 'Forbidden');
      return;
    }
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(this.routes[target.toLowerCase()] ?? target);
    if (!m) {
      answer(400, 'Bad Request');
      return;
    }
    const upstream = net.connect(Number(m[2]), m[1].replace(/^\[|\]$/g, ''));
    this.track(upstream);
    upstream.once('connect', () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => {
      if (record.status === 0) answer(502, 'Bad Gateway');
      else client.destroy();
    });
    client.on('close', () => upstream.destroy());
  }

  async close(): Promise<void> {
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }
}

/** A local port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
