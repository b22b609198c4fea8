/** The streams and settings one run of the CLI works with. */
import type { Env } from '../core';
import type { Connection } from './cliConnection';

/** Environment variables: process.env, or a test's own. */
export type { Env };

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** The folder the command runs in (default: process.cwd()). */
  cwd?: string;
}

/** What a command works with; `out` and `err` keep the token out of everything printed. */
export interface Ctx {
  env: Env;
  io: CliIo;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Filled once a client exists, so that it can be closed. */
  conn?: Connection;
}
