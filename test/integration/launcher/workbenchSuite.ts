/**
 * A "mocha" or "ui" suite: fresh temp folders and workspace, the suite's settings (and for a ui
 * suite its fake OK server), a VS Code server on a free port, a fresh context of the run's browser
 * on its workbench;
 * then the result: the test entry's exit code (mocha) or the UI script's (ui), unless the
 * server exits, the browser crashes or the suite times out first.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { makeTestPki, type TestPki } from '../../helpers/certs';
import { entryPath, makeWorkspace, MochaTally, repoRoot, resultsBase, type SuiteSpec } from '../suites';
import { writeUserSettings } from '../ui/harness';
import { liveCleanups } from './interruptCleanup';
import { QUIET_SETTINGS } from './quietWorkbench';
import { freshResultsDir, info, out, withTimeout } from './launcherOutput';
import type { SuiteResult } from './summary';
import { endUi, prepareUi, runUiScript, type UiPrep } from './uiSuite';
import { startVsCodeServer, stopVsCodeServer, type Host, type ServerDirs } from './vscodeServer';
import { openWorkbench, workbenchUrl, type SharedBrowser } from './workbenchBrowser';

export interface SuiteLimits {
  /** Hard timeout per suite (OK_CHAT_TEST_TIMEOUT). */
  timeoutS: number;
  /** Keep the temp folders of a suite that passed (OK_CHAT_KEEP_TEMP). */
  keepTemp: boolean;
  /** Also print the workbench's own log lines (OK_CHAT_TEST_VERBOSE). */
  verbose: boolean;
}

function describeSuite(suite: SuiteSpec): string {
  return `${suite.kind === 'ui' ? 'UI, ' : ''}${suite.trusted ? 'trusted' : 'restricted mode'}${suite.locale ? `, locale ${suite.locale}` : ''}`;
}

export async function runWorkbenchSuite(host: Host, suite: SuiteSpec, limits: SuiteLimits, browser: SharedBrowser): Promise<SuiteResult> {
  const started = Date.now();
  const tally = new MochaTally();
  const results = freshResultsDir(resultsBase, suite.name);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ok-chat-it-${suite.name}-`));
  const dirs: ServerDirs = { tmp, userDataDir: path.join(tmp, 'user-data'), serverDataDir: path.join(tmp, 'server-data'), serverLog: path.join(results, 'server.log') };
  const workspace = makeWorkspace(tmp, suite);
  const result = (code: number, note: string): SuiteResult => ({ name: suite.name, code, tally, seconds: (Date.now() - started) / 1000, note });

  out(`\n=== suite ${suite.name} (${describeSuite(suite)}) ===`);

  let entry: string | undefined;
  let ui: UiPrep | undefined;
  let pki: TestPki | undefined;
  try {
    if (suite.testCa) pki = makeTestPki(['ok.test']);
    if (suite.kind === 'ui') ui = await prepareUi(suite, workspace, dirs.userDataDir, results);
    else {
      entry = entryPath(suite);
      writeUserSettings(dirs.userDataDir, { ...QUIET_SETTINGS, ...suite.userSettings });
    }
  } catch (err) {
    const note = err instanceof Error ? err.message : String(err);
    out(`[runInServer] suite ${suite.name}: ${note}`);
    info(`suite ${suite.name}: FAILED before the server started; temp folders kept: ${tmp}`);
    return result(1, note);
  }
  const browserLog = fs.createWriteStream(path.join(results, 'browser.log'));
  // the run's browser starts (the first time) while the server does
  void browser.get().catch(() => undefined);
  const server = await startVsCodeServer(host, suite, dirs, results, pki);

  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let timer: NodeJS.Timeout | undefined;
  const cleanup = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    if (context) await withTimeout(context.close().catch(() => undefined), 5000);
    context = undefined;
    await stopVsCodeServer(server.process);
    browserLog.end();
    pki?.remove();
    if (ui) await endUi(ui, withTimeout);
  };
  liveCleanups.add(cleanup);

  let code = 1;
  let note = '';
  let testsDoneAt = 0;
  // where a suite's time goes (printed with its result): Date.now() at the end of each phase
  const phases: [string, number][] = [['prepare', server.startedAt]];
  const phase = (name: string, at = Date.now()): void => void phases.push([name, at]);
  try {
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${limits.timeoutS} s (OK_CHAT_TEST_TIMEOUT)`), limits.timeoutS * 1000);
    });

    // 1. wait for the server to answer
    const first = await Promise.race([server.ready, server.exited, deadline]);
    if (first !== 'ready') throw new Error(first);
    info(`server up on port ${server.port} after ${((Date.now() - server.startedAt) / 1000).toFixed(1)} s`);
    phase('server up');

    // 2. a context of the run's browser + workbench with the extension-development payload
    const workbench = await openWorkbench(browser, { results, browserLog, tally, verbose: limits.verbose }, (c, p) => {
      context = c;
      page = p;
    });
    const url = workbenchUrl(server.base, server.port, repoRoot, workspace, entry);
    phase('browser');
    await workbench.page.goto(url, { waitUntil: 'domcontentloaded', timeout: limits.timeoutS * 1000 });
    phase('page');
    if (!ui) void workbench.firstTestLine.then((at) => phase('until the first test line', at));

    // 3. wait for the test entry's run() (mocha) or the UI script's run() to settle
    const script = ui ? runUiScript(ui, workbench.page, suite, { results, workspace, userDataDir: dirs.userDataDir, workbenchUrl: url, browserLog, tally }) : undefined;
    const settled = await Promise.race([script ? script.result : workbench.exitCode, server.exited, workbench.crashed, deadline]);
    if (script && typeof settled !== 'number') {
      // the script is still running: report where it was cut short, with mocha's epilogue
      script.reporter.abort(settled);
      script.reporter.end();
    }
    script?.mute();
    testsDoneAt = Date.now();
    phase(ui ? 'UI script' : 'tests');
    if (typeof settled === 'number') code = settled;
    else note = settled;
  } catch (err) {
    note = err instanceof Error ? err.message : String(err);
  }

  if (code !== 0) {
    if (page) await withTimeout(page.screenshot({ path: path.join(results, 'failure.png') }).catch(() => undefined), 5000);
    if (note) out(`[runInServer] suite ${suite.name}: ${note}`);
  }
  liveCleanups.delete(cleanup);
  await cleanup();
  phase('stop');
  keepLogs(dirs.userDataDir, results);
  if (code !== 0) {
    info(`suite ${suite.name} FAILED (exit ${code}). server log: ${dirs.serverLog}`);
    info(`  artifacts in ${results} (browser.log, logs/ with the extension host's logs, failure.png${ui ? ', failure-<n>.png/.html per failed step, fake-ok.log' : ''})`);
    info(`  temp folders kept: ${tmp}`);
  } else if (!limits.keepTemp) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  phase('logs');
  const done = result(code, note);
  const testSeconds = testsDoneAt ? `; server start → tests done ${((testsDoneAt - server.startedAt) / 1000).toFixed(1)} s` : '';
  info(`suite ${suite.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${done.seconds.toFixed(1)} s${testSeconds}`);
  info(`suite ${suite.name}: ${phaseText(phases)}`);
  return done;
}

/** The server's and extension host's log files (incl. every LogOutputChannel), next to server.log. */
function keepLogs(userDataDir: string, results: string): void {
  const userLogs = path.join(userDataDir, 'logs');
  try {
    if (fs.existsSync(userLogs)) fs.cpSync(userLogs, path.join(results, 'logs'), { recursive: true });
  } catch {
    // best effort
  }
}

/** "server up 1.0 s, browser 0.9 s, …": each phase's length, in the order they ended. */
function phaseText(phases: readonly [string, number][]): string {
  const sorted = [...phases].sort((a, b) => a[1] - b[1]);
  return sorted
    .slice(1)
    .map(([name, at], i) => `${name} ${((at - sorted[i][1]) / 1000).toFixed(1)} s`)
    .join(', ');
}
