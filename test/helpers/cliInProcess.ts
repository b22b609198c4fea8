// The CLI's main() in this process against a fake OK server: no stdin, output collected.
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main';
import type { FakeOkServer } from '../fake-ok/server';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `ok-chat <args>` with the server's token and base URL (and `env`), from the temporary folder (or `cwd`). */
export async function runCliInProcess(server: FakeOkServer, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = Object.assign(Readable.from([]), { isTTY: false });
  const io = { stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: options.cwd ?? os.tmpdir() };
  const code = await main(args, { ...options.env, OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl }, io);
  return { code, out: out.join(''), err: err.join('') };
}
