/**
 * For unit tests of the core against the fake OK server: the server fixture (./fakeOk: one
 * server per `describe`, reset before each test) with the chat the tests use, and a fresh
 * OkClient against it per test (closed after it), whose log lines are collected.
 */
import { OkClient, type OkClientOptions } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { DIALECTS, OK_UPLOAD_HOST, SEED_CHAT_IDS, type FakeOkOptions, type FakeOkServer } from '../fake-ok/server';
import { makeTestPki, type TestPki } from './certs';
import { TestProxy } from './connectProxy';
import { useFakeOkServer } from './fakeOk';
import { TlsFront } from './tlsFront';

/**
 * OK's CDN host reached offline: a CONNECT proxy on 127.0.0.1 routes pu.mycdn.me:443 to a TLS
 * front (a test CA) before the fake server. Used when the fake serves IMAGE upload URLs on
 * `http://pu.mycdn.me/…` (the client moves them to https).
 */
class OkHostRoute {
  private constructor(
    private readonly pki: TestPki,
    private readonly front: TlsFront,
    private readonly proxy: TestProxy,
  ) {}
  static async start(server: FakeOkServer): Promise<OkHostRoute> {
    const pki = makeTestPki([OK_UPLOAD_HOST]);
    const front = await TlsFront.start({ key: pki.key, cert: pki.cert, backendPort: Number(new URL(server.origin).port) });
    const proxy = await TestProxy.start({ routes: { [`${OK_UPLOAD_HOST}:443`]: `127.0.0.1:${front.port}` } });
    return new OkHostRoute(pki, front, proxy);
  }
  /** The client's transport: https through the proxy, trusting the test CA; the loopback API direct. */
  transport(): Partial<OkClientOptions> {
    return createNodeTransport({ env: { HTTPS_PROXY: this.proxy.url }, ca: this.pki.caCert });
  }
  async close(): Promise<void> {
    await Promise.all([this.front.close(), this.proxy.close()]);
    this.pki.remove();
  }
}

/** Retry waits short enough for tests (the client's retry option). */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 10, maxRetries: 3 };

export interface FakeOkWithClient {
  readonly server: FakeOkServer;
  /** The current test's client. */
  readonly client: OkClient;
  /** The client's log lines of the current test, as "level message". */
  readonly logs: string[];
  /** The chat of the current test: the one made for it (`chatTitle`), or the first seeded chat. */
  readonly chatId: string;
  /** Replaces the test's client by one with these options on top of the describe's (the old one is closed). */
  newClient(extra?: Partial<OkClientOptions>): Promise<OkClient>;
}

export interface FakeOkWithClientOptions {
  server?: FakeOkOptions;
  /** Options of every client (token, base URL and log are the fake server's and `logs`). */
  client?: Partial<OkClientOptions>;
  /** Before each test, a chat with this title is added; without it, the demo content is seeded again. */
  chatTitle?: string;
}

/** Registers the mocha hooks of the enclosing `describe` and returns what its tests use. */
export function useFakeOkWithClient(options: FakeOkWithClientOptions = {}): FakeOkWithClient {
  const fixture = useFakeOkServer({ server: options.server, each: options.chatTitle === undefined ? 'seed' : 'empty' });
  let route: OkHostRoute | undefined;
  let client: OkClient | undefined;
  let chatId = '';
  const logs: string[] = [];
  const makeClient = (extra: Partial<OkClientOptions> = {}): OkClient => {
    const s = fixture.server;
    return new OkClient({ token: s.token, baseUrl: s.baseUrl, log: (level, message) => logs.push(`${level} ${message}`), ...route?.transport(), ...options.client, ...extra });
  };

  before(async () => {
    const dialect = DIALECTS[options.server?.dialect ?? 'documented'];
    if ((options.server?.uploads?.imageUploadUrl ?? dialect.imageUploadUrl) === 'http-ok-host') route = await OkHostRoute.start(fixture.server);
  });
  after(async () => {
    await route?.close();
    route = undefined;
  });
  beforeEach(() => {
    chatId = options.chatTitle === undefined ? SEED_CHAT_IDS[0] : fixture.server.addChat({ title: options.chatTitle }).chat_id;
    logs.length = 0;
    client = makeClient();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  return {
    get server() {
      return fixture.server;
    },
    get client() {
      if (!client) throw new Error('the OkClient is used outside a test');
      return client;
    },
    logs,
    get chatId() {
      return chatId;
    },
    async newClient(extra) {
      await client?.close();
      client = makeClient(extra);
      return client;
    },
  };
}
