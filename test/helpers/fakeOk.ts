/**
 * The tests' one fixture of the fake OK server (mocha hooks of the enclosing `describe`): by
 * default one server for the describe, started before its tests, closed after them and reset
 * before each test; or a fresh one for each test. What builds on it: an OkClient against it
 * (./fakeOkWithClient), plain HTTP requests to it (./fakeOkHttp), the built CLI against it
 * (./builtCli) and, in VS Code, the extension pointed at it (integration/suite/extensionSetup).
 */
import { FakeOkServer, type FakeOkOptions } from '../fake-ok/server';

export interface FakeOkServerOptions {
  /** The server's options. */
  server?: FakeOkOptions & { port?: number };
  /**
   * Before each test: `seed` (the default) resets the server and seeds the demo content again;
   * `empty` resets it to no chats (the test or the next hook adds its own); `keep` leaves the
   * state of earlier tests; `fresh` starts a new server for the test and closes it after it.
   */
  each?: 'seed' | 'empty' | 'keep' | 'fresh';
}

export interface FakeOkServerFixture {
  /** The server of the current test (or, outside `fresh`, of the describe). */
  readonly server: FakeOkServer;
  /** Closes the server and starts one with these options in its place (closed as the one it replaces). */
  restart(opts?: FakeOkOptions & { port?: number }): Promise<FakeOkServer>;
}

/** Registers the hooks of the enclosing `describe` and returns what its tests use. */
export function useFakeOkServer(options: FakeOkServerOptions = {}): FakeOkServerFixture {
  const each = options.each ?? 'seed';
  let server: FakeOkServer | undefined;
  const start = async (opts = options.server) => (server = await FakeOkServer.start(opts));
  const close = async () => {
    const s = server;
    server = undefined;
    await s?.close();
  };

  if (each === 'fresh') {
    beforeEach(() => start());
    afterEach(close);
  } else {
    before(() => start());
    after(close);
    beforeEach(() => {
      const s = server;
      if (!s || each === 'keep') return;
      s.reset();
      if (each === 'seed') s.seedDemo();
    });
  }

  return {
    get server() {
      if (!server) throw new Error('the fake OK server is used outside a test');
      return server;
    },
    async restart(opts) {
      await server?.close();
      return start(opts);
    },
  };
}
