/**
 * Serves a plain-HTTP test server over TLS: every TLS connection accepted on 127.0.0.1 is
 * decrypted and piped, byte for byte, to the plain server. The fake OK server stays plain http;
 * this puts a certificate signed by a test CA in front of it.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

export class TlsFront {
  /** TLS connections accepted (handshake completed). */
  accepted = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: tls.Server,
    readonly port: number,
  ) {}

  get origin(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  static async start(opts: { key: string; cert: string; backendPort: number; backendHost?: string }): Promise<TlsFront> {
    const server = tls.createServer({ key: opts.key, cert: opts.cert });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const front = new TlsFront(server, (server.address() as net.AddressInfo).port);
    const track = (s: net.Socket) => {
      front.sockets.add(s);
      s.once('close', () => front.sockets.delete(s));
    };
    server.on('connection', track);
    // A client that rejects our certificate aborts the handshake; that is expected here.
    server.on('tlsClientError', (_err, s) => s.destroy());
    server.on('secureConnection', (clear: tls.TLSSocket) => {
      front.accepted++;
      const backend = net.connect(opts.backendPort, opts.backendHost ?? '127.0.0.1');
      track(backend);
      clear.on('error', () => backend.destroy());
      backend.on('error', () => clear.destroy());
      clear.pipe(backend).pipe(clear);
    });
    return front;
  }

  async close(): Promise<void> {
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await done;
  }
}
