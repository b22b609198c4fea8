/**
 * For the `ok-chat` CLI tests: the CLI built once per test run (see ./cliProcess), a temporary
 * folder and a fake OK server per file, and `runCli` with the environment a CI job would give it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FakeOkServer } from '../fake-ok/server';
import * as cliProcess from './cliProcess';
import { useFakeOkServer } from './fakeOk';

export const ROOT = path.resolve(__dirname, '../../..');
export const CHAT = 'chat:C3ecb9d02a600';

export type Run = cliProcess.CliRun;

let built: cliProcess.BuiltCli | undefined;
/** The bundled CLI (set before the tests of a {@link describeBuiltCli} run). */
export let cli: string;
/** The current file's temporary folder: the CLI's HOME and working folder. */
export let work: string;
/** The current file's fake OK server, reset before each test with the chat {@link CHAT}. */
export let server: FakeOkServer;

/** HH:MM in UTC, as the CLI prints it with TZ=UTC. */
export const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

export function runCli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<Run> {
  return cliProcess.runCli(cli, args, {
    env: {
      PATH: process.env.PATH,
      HOME: work,
      TZ: 'UTC',
      LANG: 'C.UTF-8',
      // git must not find a repository above the temporary folder.
      GIT_CEILING_DIRECTORIES: path.dirname(opts.cwd ?? work),
      OK_ACCESS_TOKEN: server.token,
      OK_API_BASE_URL: server.baseUrl,
      ...opts.env,
    },
    cwd: opts.cwd ?? work,
    input: opts.input,
    killAfterMs: 20_000,
  });
}

/** Words of the editor's UI that a command-line user cannot act on. */
export const EDITOR_WORDS =
  /remove it from the list|from the list|Type some|Select some|Enter a|input box|sidebar|Set Access Token|Set a new group token|Outbox|http\.proxy|proxyStrictSSL|restart|with the log|proxy settings|the settings|user settings|command palette|pick the chat/i;

/**
 * The CLI run as a process against the fake server: `body`'s tests go into this describe, with the
 * hooks that build the CLI (once per test run; deleted when the run ends), make the folder and
 * start the server.
 */
export function describeBuiltCli(body: () => void): void {
  describe('ok-chat CLI (built, as a process, against the fake server)', function () {
    this.timeout(30_000);

    const fixture = useFakeOkServer({ each: 'empty' });
    before(() => {
      if (!built) {
        const once = cliProcess.buildCli('cli-test-');
        built = once;
        process.once('exit', () => once.remove());
      }
      cli = built.file;
      work = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-cli-'));
      server = fixture.server;
    });
    after(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });
    beforeEach(() => {
      server.addChat({ chat_id: CHAT, title: 'Backend' });
    });

    body();
  });
}
