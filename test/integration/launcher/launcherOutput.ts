/**
 * What the launcher prints, and small waits it shares. While suites run side by side, each one's
 * lines are collected (captured) and printed as one block when it is done, so that the output
 * reads as if they had run one after the other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep } from '../../helpers/sleep';

const capture = new AsyncLocalStorage<string[]>();

function write(text: string): void {
  const lines = capture.getStore();
  if (lines) lines.push(text);
  else process.stdout.write(text);
}

/** A line on stdout (the suites' test lines and the summary). */
export function out(line: string): void {
  write(line.endsWith('\n') ? line : `${line}\n`);
}

/** A launcher's own line on stdout, prefixed "[runInServer]". */
export function info(line: string): void {
  write(`[runInServer] ${line}\n`);
}

/** Runs `fn` with what it prints (out, info, also from callbacks it starts) collected; returns its result and the text. */
export async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; text: string }> {
  const lines: string[] = [];
  const value = await capture.run(lines, fn);
  return { value, text: lines.join('') };
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
