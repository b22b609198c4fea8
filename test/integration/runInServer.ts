// Runs the integration suites inside a real VS Code on a headless machine:
// the VS Code server build (from the npm package code-server, run by Node 24
// from the npm package node-<os>-<arch>; both installed by
// scripts/vscode-host.mjs) serves the workbench to a headless Chromium driven
// by playwright-core. The extension and the tests run in the server's real
// Node extension host.
//
//   node out/test/integration/runInServer.js            every suite in test/integration/suites.json
//   node out/test/integration/runInServer.js smoke      only the named suite(s)
//
// Per suite: a fresh temp user-data-dir, server-data-dir and workspace folder
// (with the suite's workspaceSettings in .vscode/settings.json, its userSettings
// in <user-data-dir>/User/settings.json), a server on a free port
// (--disable-workspace-trust when the suite is `trusted`), a fresh browser.
//
// Two kinds of suites (suites.json "kind"):
// - "mocha" (default): the workbench loads the suite's `entry` as extensionTestsPath; the
//   result is what the workbench reports through codeAutomationExit (0 when the entry's
//   run() resolved, 1 when it rejected).
// - "ui": a Playwright script that drives the real workbench like a user (see
//   ui/harness.ts). A seeded fake OK server is started here, in the launcher, and the
//   user settings point okChat.apiBaseUrl at it (plus settings for a quiet, screenshot-clean
//   workbench); the workbench opens with extensionDevelopmentPath only, then the script's
//   exported run(page, ctx) is called. Its promise is the result; its steps are printed
//   like mocha tests. The fake server's requests go to <results>/fake-ok.log.
// - "script": a module run here, in the launcher, that starts what it tests itself (the real
//   `npm run try`, say); no server is started for it. Its steps are printed like the UI suites'.
// The process exits 0 when every suite passed, else 1; its last line is
// "integration: N passed, N failed[, N skipped]".
//
// Environment:
//   OK_CHAT_TEST_TIMEOUT   hard timeout per suite in seconds (default 600)
//   OK_CHAT_UI_RETRIES     how often a failed ui or script suite runs again (default 1; 0 = never)
//   OK_CHAT_TEST_RESULTS   artifacts base folder (default <repo>/test-results/integration);
//                          each suite gets <base>/<suite>/ with server.log, browser.log,
//                          failure.png on failure. The SAME variable, pointing at the suite's
//                          own folder, is set for the server and so inherited by the extension
//                          host: tests may write screenshots/artifacts to
//                          process.env.OK_CHAT_TEST_RESULTS.
//   OK_CHAT_TEST_SUITE     set for the extension host: the running suite's name
//   OK_CHAT_TEST_GREP      passed through: mocha grep inside the extension host
//   OK_CHAT_KEEP_TEMP=1    keep the temp folders (they are always kept when a suite fails)
//   OK_CHAT_TEST_VERBOSE=1 also print the workbench's own log lines to stdout
//   CHROMIUM_PATH          browser (default /usr/bin/chromium)
// Any other variable of this process is inherited by the server and thus by the extension host.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FakeOkServer } from '../fake-ok/server';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { entryPath, loadSuites, makeWorkspace, MochaTally, repoRoot, resultsBase, scriptPath, useLocale, type SuiteSpec } from './suites';
import { asScriptModule, asUiModule, CLEAN_UI_SETTINGS, UiReporter, writeUserSettings, type ScriptContext, type UiContext, type UiModule } from './ui/harness';

/** How often a failed ui or script suite is run again (OK_CHAT_UI_RETRIES, default 1). */
const UI_RETRIES = Math.max(0, Number(process.env.OK_CHAT_UI_RETRIES ?? '1') || 0);
const TIMEOUT_S = Number(process.env.OK_CHAT_TEST_TIMEOUT ?? '600') || 600;
const KEEP_TEMP = process.env.OK_CHAT_KEEP_TEMP === '1';
const VERBOSE = process.env.OK_CHAT_TEST_VERBOSE === '1';
// mochaRunner prefixes the extension host's console lines with this (see there)
const LOG_MARKER = '\u2063ok-chat-test\u2063';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface Host {
  hostDir: string;
  node: string;
  serverMain: string;
  vscodeDir: string;
  chromium: string;
}

interface SuiteResult {
  name: string;
  code: number;
  tally: MochaTally;
  seconds: number;
  note: string;
}

function out(line: string): void {
  process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
}

function info(line: string): void {
  process.stdout.write(`[runInServer] ${line}\n`);
}

/** Installs the host if needed (scripts/vscode-host.mjs ensure) and returns its paths. */
function ensureHost(): Host {
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

function freePort(): Promise<number> {
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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, sleep(ms).then(() => undefined)]);
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

// Everything that must die if we are interrupted.
const live = new Set<() => Promise<void>>();
const liveGroups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.pid === undefined) return;
  const pid = server.pid;
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise<void>((r) => server.once('exit', () => r()));
    killGroup(pid, 'SIGTERM');
    if ((await withTimeout(exited.then(() => true), 3000)) === undefined) killGroup(pid, 'SIGKILL');
  }
  // children of the server (extension host, pty host, file watcher) share its group
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}

/** What a "ui" suite needs before the server starts: its module, the fake OK server, the user settings. */
interface UiPrep {
  module: UiModule;
  fake: FakeOkServer;
  fakeLog: fs.WriteStream;
}

async function prepareUi(suite: SuiteSpec, workspace: string, userDataDir: string, results: string): Promise<UiPrep> {
  const file = scriptPath(suite);
  const mod: unknown = await import(file);
  const module = asUiModule(mod, file);
  const fake = await FakeOkServer.start({ seed: true });
  const fakeLog = fs.createWriteStream(path.join(results, 'fake-ok.log'));
  fake.onRequest = (r) => {
    // the token is in the query: log the path and body only
    fakeLog.write(`${new Date(r.time).toISOString()} ${r.method} ${r.path}${r.rawBody ? ` ${r.rawBody.length > 2000 ? `${r.rawBody.slice(0, 2000)}…` : r.rawBody}` : ''}\n`);
  };
  const userSettings: Record<string, unknown> = { ...CLEAN_UI_SETTINGS, ...suite.userSettings, 'okChat.apiBaseUrl': fake.baseUrl };
  try {
    await module.prepare?.({ workspace, fake, userSettings });
  } catch (e) {
    await fake.close();
    fakeLog.end();
    throw e;
  }
  writeUserSettings(userDataDir, userSettings);
  return { module, fake, fakeLog };
}

/** A "script" suite: its run(ctx) starts what it tests; its deferred cleanups run however it ends. */
async function runScriptSuite(host: Host, suite: SuiteSpec): Promise<SuiteResult> {
  const started = Date.now();
  const tally = new MochaTally();
  const results = path.join(resultsBase, suite.name);
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  const timeoutS = Math.max(suite.timeout ?? 0, TIMEOUT_S);
  out(`\n=== suite ${suite.name} (script) ===`);
  const cleanups: (() => void | Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await withTimeout(Promise.resolve().then(c).catch(() => undefined), 15_000);
  };
  live.add(cleanup);
  let page: Page | undefined;
  let muted = false;
  const reporter = new UiReporter(suite.name, results, (line) => {
    if (muted) return;
    tally.feed(line);
    out(line);
  }, () => page);
  let code = 1;
  let note = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    const file = scriptPath(suite);
    const mod = asScriptModule(await import(file), file);
    const ctx: ScriptContext = {
      suite: suite.name,
      results,
      repoRoot,
      chromium: host.chromium,
      step: (title, fn) => reporter.step(title, fn),
      log: (message) => reporter.log(message),
      setPage: (p) => (page = p),
      defer: (c) => void cleanups.push(c),
    };
    reporter.begin();
    const result = mod.run(ctx).then(
      () => 0,
      (e: unknown) => {
        reporter.fail(e);
        return 1;
      },
    );
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${timeoutS} s`), timeoutS * 1000);
    });
    const settled = await Promise.race([result, deadline]);
    if (typeof settled === 'number') code = settled;
    else {
      note = settled;
      reporter.abort(settled);
    }
    reporter.end();
  } catch (err) {
    note = err instanceof Error ? err.message : String(err);
  } finally {
    if (timer) clearTimeout(timer);
    muted = true;
  }
  if (code !== 0 && page) await withTimeout(page.screenshot({ path: path.join(results, 'failure.png') }).catch(() => undefined), 5000);
  if (note) out(`[runInServer] suite ${suite.name}: ${note}`);
  live.delete(cleanup);
  await cleanup();
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) info(`suite ${suite.name} FAILED; artifacts in ${results}`);
  info(`suite ${suite.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  return { name: suite.name, code, tally, seconds, note };
}

async function runSuite(host: Host, suite: SuiteSpec): Promise<SuiteResult> {
  if (suite.kind === 'script') return runScriptSuite(host, suite);
  const started = Date.now();
  const tally = new MochaTally();
  const results = path.join(resultsBase, suite.name);
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ok-chat-it-${suite.name}-`));
  const userDataDir = path.join(tmp, 'user-data');
  const serverDataDir = path.join(tmp, 'server-data');
  const workspace = makeWorkspace(tmp, suite);
  const serverLog = path.join(results, 'server.log');
  const port = await freePort();

  out(`\n=== suite ${suite.name} (${suite.kind === 'ui' ? 'UI, ' : ''}${suite.trusted ? 'trusted' : 'restricted mode'}${suite.locale ? `, locale ${suite.locale}` : ''}) ===`);

  let entry = '';
  let ui: UiPrep | undefined;
  let pki: TestPki | undefined;
  try {
    if (suite.testCa) pki = makeTestPki(['ok.test']);
    if (suite.kind === 'ui') ui = await prepareUi(suite, workspace, userDataDir, results);
    else {
      entry = entryPath(suite);
      if (suite.userSettings) writeUserSettings(userDataDir, suite.userSettings);
    }
  } catch (err) {
    const note = err instanceof Error ? err.message : String(err);
    out(`[runInServer] suite ${suite.name}: ${note}`);
    info(`suite ${suite.name}: FAILED before the server started; temp folders kept: ${tmp}`);
    return { name: suite.name, code: 1, tally, seconds: (Date.now() - started) / 1000, note };
  }
  const browserLog = fs.createWriteStream(path.join(results, 'browser.log'));

  const args = [
    host.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--user-data-dir', userDataDir,
    '--server-data-dir', serverDataDir,
    '--disable-telemetry',
    ...(suite.trusted ? ['--disable-workspace-trust'] : []),
    ...(suite.locale ? useLocale(tmp, userDataDir, suite.locale) : []),
  ];
  const logFd = fs.openSync(serverLog, 'w');
  const serverStartedAt = Date.now();
  const server = spawn(host.node, args, {
    cwd: tmp,
    env: serverEnv(host, suite, results, pki),
    stdio: ['ignore', logFd, logFd],
    detached: true, // own process group: we kill the whole group at the end
  });
  fs.closeSync(logFd);
  if (server.pid !== undefined) liveGroups.add(server.pid);
  let serverExit: string | undefined;
  const serverExited = new Promise<string>((resolve) => {
    server.once('exit', (code, signal) => {
      serverExit = `server exited (${code ?? signal})`;
      resolve(serverExit);
    });
    server.once('error', (err) => {
      serverExit = `server failed to start: ${err.message}`;
      resolve(serverExit);
    });
  });

  let browser: Browser | undefined;
  let page: Page | undefined;
  let timer: NodeJS.Timeout | undefined;
  const cleanup = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    if (browser) await withTimeout(browser.close().catch(() => undefined), 5000);
    browser = undefined;
    await stopServer(server);
    browserLog.end();
    pki?.remove();
    if (ui) {
      await withTimeout(ui.fake.close().catch(() => undefined), 5000);
      ui.fakeLog.end();
    }
  };
  live.add(cleanup);

  let code = 1;
  let note = '';
  let testsDoneAt = 0;
  try {
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${TIMEOUT_S} s (OK_CHAT_TEST_TIMEOUT)`), TIMEOUT_S * 1000);
    });

    // 1. wait for the server to answer
    const base = `http://127.0.0.1:${port}`;
    const ready = (async () => {
      while (serverExit === undefined) {
        if (await httpOk(`${base}/version`)) return 'ready';
        await sleep(150);
      }
      return serverExit;
    })();
    const first = await Promise.race([ready, serverExited, deadline]);
    if (first !== 'ready') throw new Error(first);
    info(`server up on port ${port} after ${((Date.now() - serverStartedAt) / 1000).toFixed(1)} s`);

    // 2. browser + workbench with the extension-development payload
    browser = await chromium.launch({ executablePath: host.chromium, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    let resolveExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((r) => (resolveExit = r));
    // The workbench's log, which includes the extension host's console: (level, args of the log call)
    await page.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
      const args: unknown[] = Array.isArray(message) ? message : [message];
      const text = args.length === 1 && typeof args[0] === 'string' ? args[0] : format(...args);
      if (text.startsWith(LOG_MARKER)) {
        const body = text.slice(LOG_MARKER.length);
        browserLog.write(`[exthost] ${body}\n`);
        tally.feed(body);
        out(body);
      } else {
        browserLog.write(`[${String(level)}] ${text}\n`);
        if (VERBOSE) out(`[workbench ${String(level)}] ${text}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (c: unknown, logs: unknown) => {
      if (Array.isArray(logs)) {
        for (const l of logs as { relativePath?: string; contents?: string }[]) {
          if (typeof l.relativePath !== 'string' || typeof l.contents !== 'string') continue;
          const dest = path.join(results, 'workbench-logs', l.relativePath);
          if (!dest.startsWith(results)) continue;
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          fs.writeFileSync(dest, l.contents);
        }
      }
      resolveExit(typeof c === 'number' ? c : 1);
    });
    page.on('console', (m) => browserLog.write(`[console.${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e.message}\n`));
    const crashed = new Promise<string>((r) => {
      page?.once('crash', () => r('browser page crashed'));
      browser?.once('disconnected', () => r('browser disconnected'));
    });

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repoRoot}`],
      // a UI suite drives the workbench itself: no test entry in the extension host
      ...(ui ? [] : [['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${entry}`]]),
      ['skipWelcome', 'true'],
    ];
    const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_S * 1000 });

    // 3. wait for the test entry's run() (mocha) or the UI script's run() to settle
    let result: Promise<number>;
    let muted = false; // after a timeout/crash: a late-settling script must not print into the next suite
    let reporter: UiReporter | undefined;
    if (ui) {
      const p = page;
      const r = (reporter = new UiReporter(suite.name, results, (line) => {
        if (muted) return;
        browserLog.write(`[ui] ${line}\n`);
        tally.feed(line);
        out(line);
      }, () => p));
      const ctx: UiContext = {
        suite: suite.name,
        fake: ui.fake,
        results,
        repoRoot,
        workspace,
        userDataDir,
        workbenchUrl: url,
        step: (title, fn) => r.step(title, fn),
        log: (message) => r.log(message),
      };
      r.begin();
      const mod = ui.module;
      result = (async () => mod.run(p, ctx))().then(
        () => 0,
        (e: unknown) => {
          r.fail(e);
          return 1;
        },
      ).then((c) => {
        r.end();
        return c;
      });
    } else {
      result = exitCode;
    }
    const settled = await Promise.race([result, serverExited, crashed, deadline]);
    if (reporter && typeof settled !== 'number') {
      // the script is still running: report where it was cut short, with mocha's epilogue
      reporter.abort(settled);
      reporter.end();
    }
    muted = true;
    testsDoneAt = Date.now();
    if (typeof settled === 'number') {
      code = settled;
    } else {
      note = settled;
    }
  } catch (err) {
    note = err instanceof Error ? err.message : String(err);
  }

  if (code !== 0) {
    if (page) {
      await withTimeout(page.screenshot({ path: path.join(results, 'failure.png') }).catch(() => undefined), 5000);
    }
    if (note) out(`[runInServer] suite ${suite.name}: ${note}`);
  }
  live.delete(cleanup);
  await cleanup();
  // the server's and extension host's log files (incl. every LogOutputChannel), next to server.log
  const userLogs = path.join(userDataDir, 'logs');
  const logsCopy = path.join(results, 'logs');
  try {
    if (fs.existsSync(userLogs)) fs.cpSync(userLogs, logsCopy, { recursive: true });
  } catch {
    // best effort
  }
  if (code !== 0) {
    info(`suite ${suite.name} FAILED (exit ${code}). server log: ${serverLog}`);
    info(`  artifacts in ${results} (browser.log, logs/ with the extension host's logs, failure.png${ui ? ', failure-<n>.png/.html per failed step, fake-ok.log' : ''})`);
    info(`  temp folders kept: ${tmp}`);
  } else if (!KEEP_TEMP) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  const testSeconds = testsDoneAt ? `; server start → tests done ${((testsDoneAt - serverStartedAt) / 1000).toFixed(1)} s` : '';
  info(`suite ${suite.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s${testSeconds}`);
  return { name: suite.name, code, tally, seconds, note };
}

async function main(): Promise<number> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = loadSuites(names, ['mocha', 'ui', 'script']);
  const t0 = Date.now();
  const host = ensureHost();
  info(`host ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${host.hostDir}`);

  const resultsList: SuiteResult[] = [];
  for (const suite of suites) {
    let result = await runSuite(host, suite);
    // Suites that drive the workbench's UI with Playwright race against its animations and focus
    // changes: one failed attempt is run once more, and both attempts stay in the output.
    for (let retry = 1; result.code !== 0 && suite.kind !== 'mocha' && retry <= UI_RETRIES; retry++) {
      info(`suite ${suite.name} failed (${result.tally.failing} failing); running it again (attempt ${retry + 1} of ${UI_RETRIES + 1}, OK_CHAT_UI_RETRIES)`);
      const again = await runSuite(host, suite);
      result = { ...again, name: `${suite.name} (attempt ${retry + 1}, after ${result.tally.failing || 1} failing)` };
    }
    resultsList.push(result);
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const parts: string[] = [];
  for (const r of resultsList) {
    passed += r.tally.passing;
    skipped += r.tally.pending;
    // a suite that failed without reporting a failing test (crash, timeout) counts as one failure
    const f = r.code !== 0 && r.tally.failing === 0 ? 1 : r.tally.failing;
    failed += f;
    parts.push(`${r.name} ${r.code === 0 ? 'ok' : 'FAILED'} (${r.tally.passing} passing, ${f} failing${r.tally.pending ? `, ${r.tally.pending} pending` : ''}, ${r.seconds.toFixed(1)} s)`);
  }
  const ok = resultsList.every((r) => r.code === 0);
  out('');
  info(`suites: ${parts.join('; ')}`);
  out(`integration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return ok ? 0 : 1;
}

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  info(`${signal}: stopping`);
  await Promise.all([...live].map((c) => c().catch(() => undefined)));
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
// last resort: never leave a server behind
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[runInServer] ${err instanceof Error ? err.message : String(err)}\n`);
    out('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
