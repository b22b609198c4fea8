/**
 * A "script" suite (suites.json kind "script"): a module run here, in the launcher, that starts
 * what it tests itself (the real `npm run try`, say); no server is started for it. Its steps are
 * printed like the UI suites'; its deferred cleanups run however it ends.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { MochaTally, repoRoot, resultsBase, scriptPath, type SuiteSpec } from '../suites';
import { asScriptModule, UiReporter, type ScriptContext } from '../ui/harness';
import { liveCleanups } from './interruptCleanup';
import { freshResultsDir, info, out, withTimeout } from './launcherOutput';
import type { SuiteResult } from './summary';
import type { Host } from './vscodeServer';

export async function runScriptSuite(host: Host, suite: SuiteSpec, timeoutS: number): Promise<SuiteResult> {
  const started = Date.now();
  const tally = new MochaTally();
  const results = freshResultsDir(resultsBase, suite.name);
  const suiteTimeoutS = Math.max(suite.timeout ?? 0, timeoutS);
  out(`\n=== suite ${suite.name} (script) ===`);
  const cleanups: (() => void | Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await withTimeout(Promise.resolve().then(c).catch(() => undefined), 15_000);
  };
  liveCleanups.add(cleanup);
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
      timer = setTimeout(() => resolve(`timed out after ${suiteTimeoutS} s`), suiteTimeoutS * 1000);
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
  liveCleanups.delete(cleanup);
  await cleanup();
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) info(`suite ${suite.name} FAILED; artifacts in ${results}`);
  info(`suite ${suite.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  return { name: suite.name, code, tally, seconds, note };
}
