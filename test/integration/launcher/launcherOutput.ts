/** What the launcher prints, and small waits it shares. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep } from '../../helpers/sleep';

/** A line on stdout (the suites' test lines and the summary). */
export function out(line: string): void {
  process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
}

/** A launcher's own line on stdout, prefixed "[runInServer]". */
export function info(line: string): void {
  process.stdout.write(`[runInServer] ${line}\n`);
}

/** `p`, or undefined after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, sleep(ms).then(() => undefined)]);
}

/** The suite's artifacts folder (<results base>/<suite>), emptied. */
export function freshResultsDir(resultsBase: string, suite: string): string {
  const results = path.join(resultsBase, suite);
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  return results;
}
