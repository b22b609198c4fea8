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
// (--disable-workspace-trust when the suite is `trusted`), a fresh browser context (one Chromium
// serves the whole run: launching it costs more than a suite's context).
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
//   OK_CHAT_TEST_JOBS      how many mocha/ui suites run at the same time (default 2; 1 = one after
//                          the other). Each suite's output is printed as one block when it is done;
//                          script suites run alone, after them.
//   OK_CHAT_TEST_RESULTS   artifacts base folder (default <repo>/test-results/integration);
//                          each suite gets <base>/<suite>/ with server.log, browser.log,
//                          failure.png on failure. The SAME variable, pointing at the suite's
//                          own folder, is set for the server and so inherited by the extension
//                          host: tests may write screenshots/artifacts to
//                          process.env.OK_CHAT_TEST_RESULTS.
//   OK_CHAT_TEST_SUITE     set for the extension host: the running suite's name
//   OK_CHAT_TEST_GREP      passed through: mocha grep inside the extension host
//   OK_CHAT_TEST_BENCH=1   passed through: a suite runs its benchmarks (*.bench.js) instead of its tests
//   OK_CHAT_KEEP_TEMP=1    keep the temp folders (they are always kept when a suite fails)
//   OK_CHAT_TEST_VERBOSE=1 also print the workbench's own log lines to stdout
//   CHROMIUM_PATH          browser (default /usr/bin/chromium)
// Any other variable of this process is inherited by the server and thus by the extension host.
//
// The launcher's parts are in launcher/: vscodeServer.ts (the host, starting and stopping the
// VS Code server), workbenchBrowser.ts (the browser on its workbench), workbenchSuite.ts (a mocha
// or ui suite), uiSuite.ts, scriptSuite.ts, summary.ts (the closing lines), interruptCleanup.ts.
import { loadSuites } from './suites';
import { installInterruptCleanup, liveCleanups } from './launcher/interruptCleanup';
import { captured, info, out } from './launcher/launcherOutput';
import { runScriptSuite } from './launcher/scriptSuite';
import { printSummary, type SuiteResult } from './launcher/summary';
import { ensureHost, type Host } from './launcher/vscodeServer';
import { SharedBrowser } from './launcher/workbenchBrowser';
import { runWorkbenchSuite, type SuiteLimits } from './launcher/workbenchSuite';
import type { SuiteSpec } from './suites';

/** How many workbench suites run at the same time (OK_CHAT_TEST_JOBS, default 2). */
const JOBS = Math.max(1, Math.floor(Number(process.env.OK_CHAT_TEST_JOBS ?? '2')) || 1);
const LIMITS: SuiteLimits = {
  timeoutS: Number(process.env.OK_CHAT_TEST_TIMEOUT ?? '600') || 600,
  keepTemp: process.env.OK_CHAT_KEEP_TEMP === '1',
  verbose: process.env.OK_CHAT_TEST_VERBOSE === '1',
};

function runSuite(host: Host, suite: SuiteSpec, browser: SharedBrowser): Promise<SuiteResult> {
  return suite.kind === 'script' ? runScriptSuite(host, suite, LIMITS.timeoutS) : runWorkbenchSuite(host, suite, LIMITS, browser);
}

async function main(): Promise<number> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = loadSuites(names, ['mocha', 'ui', 'script']);
  const t0 = Date.now();
  const host = ensureHost();
  info(`host ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${host.hostDir}`);

  // Workbench suites run JOBS at a time (each has its own server, browser context, folders and ports);
  // a script suite runs alone, after them: it builds and packages the extension itself.
  const side = suites.filter((s) => s.kind !== 'script');
  const alone = suites.filter((s) => s.kind === 'script');
  const resultsList: SuiteResult[] = [];
  const browser = new SharedBrowser(host.chromium);
  const closeBrowser = (): Promise<void> => browser.close();
  liveCleanups.add(closeBrowser);
  resultsList.push(...(await runSideBySide(side, JOBS, (suite) => runSuite(host, suite, browser))));
  liveCleanups.delete(closeBrowser);
  await closeBrowser();
  for (const suite of alone) resultsList.push(await runSuite(host, suite, browser));
  return printSummary(resultsList) ? 0 : 1;
}

/**
 * Runs the suites `jobs` at a time, in the list's order (suites.json lists them longest first, so
 * that no long one starts last while the other lane has nothing left); each suite's output is printed as one block as soon as it is done. The results keep
 * the list's order (the summary).
 */
async function runSideBySide(suites: readonly SuiteSpec[], jobs: number, run: (s: SuiteSpec) => Promise<SuiteResult>): Promise<SuiteResult[]> {
  if (jobs <= 1) {
    const results: SuiteResult[] = [];
    for (const suite of suites) results.push(await run(suite));
    return results;
  }
  const done: ({ value: SuiteResult; text: string } | undefined)[] = suites.map(() => undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < suites.length) {
      const i = next++;
      const result = await captured(() => run(suites[i]));
      done[i] = result;
      process.stdout.write(result.text);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, suites.length) }, worker));
  return done.map((d) => (d as { value: SuiteResult }).value);
}

installInterruptCleanup(info);

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[runInServer] ${err instanceof Error ? err.message : String(err)}\n`);
    out('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
