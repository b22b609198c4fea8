import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { nodeDebugRefusal, urlPrintingDebugSections } from '../../src/cli/nodeDebug';
import type { FakeOkServer } from '../fake-ok/server';
import { useFakeOkServer } from '../helpers/fakeOk';
import { buildCli, type BuiltCli } from '../helpers/cliProcess';

const CHAT = 'chat:C3ecb9d02a600';
// A token with the characters the URL encodes in different ways, a space and non-ASCII.
const TOKEN = "tkn1debug:S3cr~et!'()* x Ключ";

describe('NODE_DEBUG sections that print request URLs', () => {
  const cases: Array<[string | undefined, string[]]> = [
    [undefined, []],
    ['', []],
    ['worker,module', []],
    ['undici', ['undici']],
    ['UNDICI', ['UNDICI']],
    ['fetch', ['fetch']],
    ['module, http ,esm', ['http']],
    ['und*', ['und*']],
    ['*', ['*']],
    ['ht*p2', ['ht*p2']],
    ['net,tls', ['net', 'tls']],
    ['undicix', []],
  ];
  for (const [value, expected] of cases) {
    it(`NODE_DEBUG=${JSON.stringify(value)} → ${expected.join(',') || 'safe'}`, () => {
      assert.deepEqual(urlPrintingDebugSections(value), expected);
      assert.equal(nodeDebugRefusal(value) === undefined, expected.length === 0);
    });
  }
});

describe('ok-chat refuses to run when NODE_DEBUG would print the token (built CLI, as a process)', function () {
  this.timeout(30_000);
  let built: BuiltCli | undefined;
  let dir: string;
  let cli: string;
  let server: FakeOkServer;

  const fixture = useFakeOkServer({ server: { token: TOKEN }, each: 'empty' });
  before(() => {
    built = buildCli('cli-debug-test-');
    cli = built.file;
    dir = path.dirname(path.dirname(cli));
  });
  after(() => {
    built?.remove();
  });
  beforeEach(() => {
    server = fixture.server;
    server.addChat({ chat_id: CHAT, title: 'Backend' });
  });

  function run(args: string[], nodeDebug: string | undefined): Promise<{ code: number | null; out: string }> {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, OK_ACCESS_TOKEN: TOKEN, OK_API_BASE_URL: server.baseUrl };
    if (nodeDebug !== undefined) env.NODE_DEBUG = nodeDebug;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  const half = TOKEN.slice(TOKEN.indexOf(':') + 1);
  const leaks = (out: string) => [half, encodeURIComponent(half), new URLSearchParams({ t: half }).toString().slice(2), 'S3cr'].filter((f) => out.includes(f));

  for (const value of ['undici', 'fetch', 'http,net,tls', 'und*']) {
    it(`NODE_DEBUG=${value}: exit 2 with the reason, nothing sent, no token printed`, async () => {
      const r = await run(['send', '--chat', CHAT, '--text', 'hello'], value);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /refusing to run with NODE_DEBUG=.*prints every request URL.*Unset NODE_DEBUG/s);
      assert.deepEqual(leaks(r.out), []);
      assert.equal(server.messages.length, 0);
    });
  }
  it('other NODE_DEBUG sections do not stop it', async () => {
    const r = await run(['send', '--chat', CHAT, '--text', 'hello'], 'module,worker');
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(leaks(r.out), []);
    assert.equal(server.messages.length, 1);
  });
});
