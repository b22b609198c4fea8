/**
 * The VS Code server of a suite: the host's paths (installed by scripts/vscode-host.mjs), the
 * server started on a free port in its own process group with the suite's environment, waiting
 * until it serves, and stopping it with its extension host.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import type { TestPki } from '../../helpers/certs';
import { repoRoot, useLocale, type SuiteSpec } from '../suites';
import { killGroup, liveGroups } from './interruptCleanup';
import { builtinsToSkip } from './quietWorkbench';
import { sleep } from '../../helpers/sleep';
import { withTimeout } from './launcherOutput';

/** mochaRunner prefixes the extension host's console lines with this (see there). */
export const LOG_MARKER = '\u2063ok-chat-test\u2063';

export interface Host {
  hostDir: string;
  node: string;
  serverMain: string;
  vscodeDir: string;
  chromium: string;
}

/** Installs the host if needed (scripts/vscode-host.mjs ensure) and returns its paths. */
export function ensureHost(): Host {
  const script = path.join(repoRoot, 'scripts', 'vscode-host.mjs');
  const r = spawnSync(process.execPath, [script, 'ensure', '--json'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${script} ensure failed (exit ${r.status ?? r.signal}); see above`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Host;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Env for the server (and so for the extension host it spawns). */
function serverEnv(host: Host, suite: SuiteSpec, results: string, pki?: TestPki): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // variables of an enclosing VS Code / Electron would confuse the server
    if (/^(VSCODE_|ELECTRON_)/.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${path.dirname(host.node)}${path.delimiter}${process.env.PATH ?? ''}`;
  env.OK_CHAT_TEST_RESULTS = results;
  env.OK_CHAT_TEST_SUITE = suite.name;
  env.OK_CHAT_TEST_LOG_MARKER = LOG_MARKER;
  env.VSCODE_SKIP_BUILTIN_EXTENSIONS = builtinsToSkip(host.vscodeDir, suite.builtins).join(',');
  if (pki) {
    // The test CA, trusted like a company CA: see suites.ts (testCa). VS Code's fetch passes the
    // operating system's store (Node's getCACertificates('system'), which reads SSL_CERT_FILE on
    // Linux) as the CA list, which replaces Node's default store and so NODE_EXTRA_CA_CERTS: the
    // CA goes into a copy of the system bundle too, as an administrator would install it.
    env.NODE_EXTRA_CA_CERTS = pki.caFile;
    env.OK_CHAT_TEST_PKI = pki.dir;
    const system = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((f) => fs.existsSync(f));
    const bundle = path.join(pki.dir, 'os-store.pem');
    fs.writeFileSync(bundle, `${system ? fs.readFileSync(system, 'utf8') : ''}\n${pki.caCert}`);
    env.SSL_CERT_FILE = bundle;
  }
  return env;
}

export interface VsCodeServer {
  process: ChildProcess;
  port: number;
  base: string;
  startedAt: number;
  /** Resolves with why, when the server exits or fails to start. */
  exited: Promise<string>;
  /** Resolves 'ready' once it answers /version, or with why it exited first. */
  ready: Promise<string>;
}

export interface ServerDirs {
  tmp: string;
  userDataDir: string;
  serverDataDir: string;
  /** Its stdout and stderr go here. */
  serverLog: string;
}

/** Starts the VS Code server for the suite (own process group: we kill the whole group at the end). */
export async function startVsCodeServer(host: Host, suite: SuiteSpec, dirs: ServerDirs, results: string, pki: TestPki | undefined): Promise<VsCodeServer> {
  const port = await freePort();
  const args = [
    host.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--user-data-dir', dirs.userDataDir,
    '--server-data-dir', dirs.serverDataDir,
    '--disable-telemetry',
    ...(suite.trusted ? ['--disable-workspace-trust'] : []),
    ...(suite.locale ? useLocale(dirs.tmp, dirs.userDataDir, suite.locale) : []),
  ];
  const logFd = fs.openSync(dirs.serverLog, 'w');
  const startedAt = Date.now();
  const server = spawn(host.node, args, {
    cwd: dirs.tmp,
    env: serverEnv(host, suite, results, pki),
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  fs.closeSync(logFd);
  if (server.pid !== undefined) liveGroups.add(server.pid);
  let exit: string | undefined;
  const exited = new Promise<string>((resolve) => {
    server.once('exit', (code, signal) => {
      exit = `server exited (${code ?? signal})`;
      resolve(exit);
    });
    server.once('error', (err) => {
      exit = `server failed to start: ${err.message}`;
      resolve(exit);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    while (exit === undefined) {
      if (await httpOk(`${base}/version`)) return 'ready';
      await sleep(150);
    }
    return exit;
  })();
  return { process: server, port, base, startedAt, exited, ready };
}

/** Stops the server and every process of its group (extension host, pty host, file watcher). */
export async function stopVsCodeServer(server: ChildProcess): Promise<void> {
  if (server.pid === undefined) return;
  const pid = server.pid;
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise<void>((r) => server.once('exit', () => r()));
    killGroup(pid, 'SIGTERM');
    if ((await withTimeout(exited.then(() => true), 3000)) === undefined) killGroup(pid, 'SIGKILL');
  }
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}
