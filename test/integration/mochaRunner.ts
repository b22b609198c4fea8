// Runs every `*.test.js` file of one compiled folder with mocha, inside the
// VS Code extension host. Each suite entry (suite/smoke.entry.ts, untrusted/untrusted.entry.ts,
// …) is `export function run() { return runMochaIn(__dirname); }`.
//
// The `spec` reporter writes through console.log, which the extension host
// forwards to the launcher (runInServer: codeAutomationLog; runInElectron: the
// process's stdout), so its "N passing / N failing" lines reach the terminal.
//
// Under runInServer the workbench mixes the extension host's console with its
// own log, so runInServer sets OK_CHAT_TEST_LOG_MARKER and we prefix every
// console line of the extension host (reporter, tests, extension) with it
// while the suite runs; runInServer prints exactly those lines (marker
// stripped) and keeps the rest in browser.log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** Prefixes console output with `marker`; returns a function that undoes it. */
function tagConsole(marker: string): () => void {
  const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
  const restore: (() => void)[] = [];
  for (const m of methods) {
    const orig = console[m].bind(console);
    const tagged = (...args: unknown[]) => orig(marker + format(...args));
    const desc = Object.getOwnPropertyDescriptor(console, m);
    try {
      // The extension host defines console.* as accessors that ignore assignment,
      // so redefine the property rather than assigning it.
      Object.defineProperty(console, m, { configurable: true, enumerable: desc?.enumerable ?? true, get: () => tagged, set: () => undefined });
      restore.push(() => (desc ? Object.defineProperty(console, m, desc) : delete console[m]));
    } catch {
      // not configurable: this method's output just stays untagged
    }
  }
  // mocha's reporters captured console.log when they were loaded
  const savedReporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  return () => {
    for (const r of restore) r();
    Mocha.reporters.Base.consoleLog = savedReporterLog;
  };
}

class TestsFailed extends Error {}

export interface RunMochaOptions {
  /** per-test timeout in ms (default 20000) */
  timeout?: number;
  /** only run tests whose full title matches (env OK_CHAT_TEST_GREP also works) */
  grep?: string;
}

/** Runs the tests of `dir` (or of several folders, one after the other, in one extension host). */
export function runMochaIn(dir: string | readonly string[], options: RunMochaOptions = {}): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: options.timeout ?? 20000, reporter: 'spec' });
  const grep = options.grep ?? process.env.OK_CHAT_TEST_GREP;
  if (grep) mocha.grep(grep);

  // benchmarks (*.bench.js) run only when asked for (npm run bench:*), and then alone
  const suffix = process.env.OK_CHAT_TEST_BENCH === '1' ? '.bench.js' : '.test.js';
  const dirs = typeof dir === 'string' ? [dir] : dir;
  const files = dirs.flatMap((d) =>
    fs
      .readdirSync(d)
      .filter((f) => f.endsWith(suffix))
      .sort()
      .map((f) => path.join(d, f)),
  );
  for (const f of files) mocha.addFile(f);

  const marker = process.env.OK_CHAT_TEST_LOG_MARKER;
  const untag = marker ? tagConsole(marker) : () => undefined;
  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *${suffix} files in ${dirs.join(', ')}`));
      return;
    }
    mocha.run((failures) => {
      if (failures > 0) reject(new TestsFailed(`${failures} test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
  }).then(
    () => untag(),
    (err: unknown) => {
      // test failures were reported by mocha; anything else (a test file that throws
      // while loading, no test files) would otherwise not reach the launcher's output
      if (!(err instanceof TestsFailed)) console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      untag();
      throw err;
    },
  );
}
