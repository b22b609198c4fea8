/**
 * For unit tests of the core against the fake OK server: one server per `describe` (started
 * before its tests, closed after them), reset before each test with the chat the tests use,
 * and a fresh OkClient against it per test (closed after it), whose log lines are collected.
 */
import { OkClient, type OkClientOptions } from '../../src/core';
import { FakeOkServer, SEED_CHAT_IDS, type FakeOkOptions } from '../fake-ok/server';

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
  let server: FakeOkServer | undefined;
  let client: OkClient | undefined;
  let chatId = '';
  const logs: string[] = [];
  const started = (): FakeOkServer => {
    if (!server) throw new Error('the fake OK server is used outside a test');
    return server;
  };
  const makeClient = (extra: Partial<OkClientOptions> = {}): OkClient => {
    const s = started();
    return new OkClient({ token: s.token, baseUrl: s.baseUrl, log: (level, message) => logs.push(`${level} ${message}`), ...options.client, ...extra });
  };

  before(async () => {
    server = await FakeOkServer.start(options.server);
  });
  after(async () => {
    await server?.close();
    server = undefined;
  });
  beforeEach(() => {
    const s = started();
    s.reset();
    if (options.chatTitle === undefined) {
      s.seedDemo();
      chatId = SEED_CHAT_IDS[0];
    } else {
      chatId = s.addChat({ title: options.chatTitle }).chat_id;
    }
    logs.length = 0;
    client = makeClient();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  return {
    get server() {
      return started();
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
