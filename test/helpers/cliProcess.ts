/**
 * The `ok-chat` CLI as users run it, for tests: bundled by esbuild the way scripts/build.mjs
 * does, into a private folder under out/ (so that builds running at the same time do not
 * matter, and package.json is found for --version), then started as a real `node` process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');

export interface BuiltCli {
  /** The bundled CLI (…/dist/cli.js). */
  file: string;
  /** Deletes the private folder. */
  remove(): void;
}

/** Bundles src/cli/main.ts into out/<prefix>XXXXXX/dist/cli.js, with the package.json beside it. */
export function buildCli(prefix: string): BuiltCli {
  const dir = mkdtempSync(path.join(ROOT, 'out', prefix));
  const file = path.join(dir, 'dist', 'cli.js');
  buildSync({
    entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  writeFileSync(path.join(dir, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  /** The exit code; null when the process was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** The whole environment of the process (undefined values are left out): nothing is inherited. */
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Written to its stdin, which is then closed (default: nothing). */
  input?: string;
  /** Kills the process after this long (default: never). */
  killAfterMs?: number;
}

/** Runs the built CLI with these arguments and collects its exit code and output. */
export function runCli(cli: string, args: readonly string[], opts: RunCliOptions): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined); // a CLI that exits without reading its input
    const timer = opts.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A local port with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
