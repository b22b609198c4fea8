/**
 * The production `ok-chat` (scripts/build.mjs --production): dist/cli.js, the loader that runs
 * dist/cli.bundle.js through V8's code cache, with undici trimmed for start-up. Run as a process
 * against the fake OK server, from a copy in a private folder.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir, cacheFile } from '../../src/cli/loader';
import { FakeOkServer } from '../fake-ok/server';

const ROOT = path.resolve(__dirname, '../../..');
const CHAT = 'chat:C3ecb9d02a600';

describe('cliLoader: where the code cache lives', () => {
  it('uses NODE_COMPILE_CACHE, then XDG_CACHE_HOME, then ~/.cache (LOCALAPPDATA on Windows)', () => {
    assert.equal(cacheDir({ NODE_COMPILE_CACHE: '/c', XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/c/ok-chat');
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/x/ok-chat');
    assert.equal(cacheDir({}, 'linux', '/home/u'), '/home/u/.cache/ok-chat');
    assert.equal(cacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', XDG_CACHE_HOME: '/x' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\ok-chat');
    assert.equal(cacheDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\ok-chat');
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, without a home, or for a relative folder', () => {
    assert.equal(cacheDir({ NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', '/home/u'), undefined);
    assert.equal(cacheDir({}, 'linux', ''), undefined);
    assert.equal(cacheDir({ XDG_CACHE_HOME: 'relative/cache' }, 'linux', ''), undefined);
    assert.notEqual(cacheDir({ NODE_DISABLE_COMPILE_CACHE: '0' }, 'linux', '/home/u'), undefined);
  });

  it('names one file per build, Node version and Node options', () => {
    const a = cacheFile('/c', 'aaaa', {}, []);
    assert.equal(path.dirname(a), '/c');
    assert.match(path.basename(a), new RegExp(`^cli-aaaa-${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{8}\\.v8cache$`));
    assert.notEqual(cacheFile('/c', 'bbbb', {}, []), a);
    assert.notEqual(cacheFile('/c', 'aaaa', { NODE_OPTIONS: '--max-http-header-size=20000' }, []), a);
    assert.notEqual(cacheFile('/c', 'aaaa', {}, ['--no-warnings']), a);
  });
});

describe('ok-chat production build (code-cache loader, trimmed undici) as a process', function () {
  this.timeout(60_000);
  let dir: string;
  let home: string;
  let cli: string;
  let server: FakeOkServer;

  const run = (args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [...nodeArgs, cli, ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: home, OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const cacheFiles = () => {
    const d = path.join(home, '.cache', 'ok-chat');
    return existsSync(d) ? readdirSync(d).map((f) => path.join(d, f)) : [];
  };

  before(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(path.join(ROOT, 'out', 'cli-loader-test-'));
    mkdirSync(path.join(dir, 'dist'));
    for (const f of ['cli.js', 'cli.bundle.js']) copyFileSync(path.join(ROOT, 'dist', f), path.join(dir, 'dist', f));
    writeFileSync(path.join(dir, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
    cli = path.join(dir, 'dist', 'cli.js');
    server = await FakeOkServer.start({ seed: true });
  });
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends, saving the cache on the first run (owner-only) and reusing it unchanged after', async () => {
    const first = await run(['send', '--chat', CHAT, '--text', 'first']);
    assert.equal(first.code, 0, first.stderr);
    const files = cacheFiles();
    assert.equal(files.length, 1, 'one cache file');
    if (process.platform !== 'win32') {
      assert.equal(statSync(files[0]).mode & 0o777, 0o600);
      assert.equal(statSync(path.dirname(files[0])).mode & 0o777, 0o700);
    }
    const saved = readFileSync(files[0]);
    const second = await run(['send', '--chat', CHAT, '--text', 'second']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(readFileSync(files[0]), saved, 'V8 took the cache: it was not written again');
    assert.deepEqual(
      server.messages.slice(-2).map((m) => m.text),
      ['first', 'second'],
    );
    assert.equal(second.stdout, `${server.messages[server.messages.length - 1].message_id}\n`);
  });

  it('loads no Node module a send over http does not use (node:assert, http, http2, tls, child_process, crypto)', async () => {
    const list = path.join(dir, `modules-${Date.now()}.txt`);
    const preload = path.join(dir, 'record-modules.js');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
    const r = await run(['send', '--chat', CHAT, '--text', 'modules'], {}, ['--require', preload]);
    assert.equal(r.code, 0, r.stderr);
    const loaded = readFileSync(list, 'utf8').split('\n');
    assert.ok(loaded.includes('NativeModule net'), 'the list is the real one');
    for (const name of ['assert', 'http', 'http2', 'tls', 'child_process', 'crypto']) assert.ok(!loaded.includes(`NativeModule ${name}`), `node:${name} is loaded`);
  });

  it('runs from a damaged cache and replaces it; Node options get their own file', async () => {
    assert.equal((await run(['--version'])).code, 0);
    const [file] = cacheFiles();
    writeFileSync(file, 'not a V8 cache');
    const r = await run(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
    assert.notEqual(readFileSync(file, 'utf8'), 'not a V8 cache');
    const other = await run(['--version'], { NODE_OPTIONS: '--max-http-header-size=20000' });
    assert.equal(other.code, 0, other.stderr);
    assert.equal(cacheFiles().length, 2, 'the other options have their own file, beside the first');
    // Alternating between them (two builds, or two sets of options) rewrites neither.
    const first = readFileSync(file);
    assert.equal((await run(['--version'])).code, 0);
    assert.deepEqual(readFileSync(file), first, 'the first file was taken as it was');
    // More sets of options than are kept: the oldest files go.
    for (const size of [20001, 20002, 20003, 20004]) assert.equal((await run(['--version'], { NODE_OPTIONS: `--max-http-header-size=${size}` })).code, 0);
    assert.equal(cacheFiles().length, 4);
    assert.ok(!cacheFiles().includes(file), 'the oldest file was removed');
  });

  it('writes no cache with NODE_DISABLE_COMPILE_CACHE=1, and works without a usable home', async () => {
    const r = await run(['send', '--chat', CHAT, '--text', 'no cache'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(cacheFiles(), []);
    writeFileSync(path.join(home, '.cache'), 'a file where the folder would be');
    const s = await run(['send', '--chat', CHAT, '--text', 'home blocked']);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(server.messages[server.messages.length - 1].text, 'home blocked');
  });

  it('keeps exit codes and messages: a bad chat id, an unreachable server, --max-http-header-size', async () => {
    const bad = await run(['send', '--chat', 'nope', '--text', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an OK chat id/);
    const down = await run(['send', '--chat', CHAT, '--text', 'x'], { OK_API_BASE_URL: 'http://127.0.0.1:9/graph' });
    assert.equal(down.code, 4, down.stderr);
    // undici then asks node:http for the limit, as it does without the trims.
    const big = await run(['chats'], {}, ['--max-http-header-size=20000']);
    assert.equal(big.code, 0, big.stderr);
  });
});
