/**
 * The production `dist/cli.js`: it runs the bundled CLI (src/cli/main.ts, built into dist/cli.bundle.js)
 * through V8's code cache.
 *
 * Compiling the ~330 KiB bundle and the functions a send needs is a large part of the CLI's
 * start-up (node -e 0 is ~110 ms; the compiling ~30-40 ms). Node 22 can cache compiled code
 * (module.enableCompileCache), Node 20 cannot, so the cache is kept here: the first run saves
 * V8's compiled code, later runs of the same build on the same Node reuse it.
 *
 * The cache lives in the user's own cache folder (mode 0700): $NODE_COMPILE_CACHE/ok-chat if set,
 * else $XDG_CACHE_HOME/ok-chat, ~/.cache/ok-chat, or %LOCALAPPDATA%\ok-chat on Windows. Never
 * a shared folder such as /tmp: compiled code from there could be planted by another user.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off. Any failure (read-only home, a stale or damaged
 * file: V8 checks it against the source, the Node version and the flags) only means compiling
 * as usual.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import * as vm from 'node:vm';

/** A hash of dist/cli.bundle.js: set by scripts/build.mjs. */
declare const OK_CHAT_CLI_HASH: string;

type Env = Readonly<Record<string, string | undefined>>;

/** The folder of the code cache, or undefined when it is off or there is no home for it. */
export function cacheDir(env: Env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE && env.NODE_DISABLE_COMPILE_CACHE !== '0') return undefined;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const base =
    env.NODE_COMPILE_CACHE ||
    (platform === 'win32' ? env.LOCALAPPDATA : env.XDG_CACHE_HOME) ||
    (home ? (platform === 'win32' ? p.join(home, 'AppData', 'Local') : p.join(home, '.cache')) : undefined);
  return base && p.isAbsolute(base) ? p.join(base, 'ok-chat') : undefined;
}

/** A short hash for a file name (FNV-1a; node:crypto would cost more start-up than it saves). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The cache file for this build on this Node with these Node options: the name changes with any of
 * them (V8 refuses a cache made under other flags; one file per setting avoids rewriting it each run).
 */
export function cacheFile(dir: string, hash: string, env: Env = process.env, execArgv: readonly string[] = process.execArgv): string {
  const options = fnv1a(`${execArgv.join(' ')}\n${env.NODE_OPTIONS ?? ''}`);
  return path.join(dir, `cli-${hash}-${process.version}-${process.arch}-${options}.v8cache`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** How many cache files are kept: two installed builds, or runs with other Node options, each keep theirs. */
export const CACHE_FILES_KEPT = 4;

function writeCache(dir: string, file: string, data: Buffer): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Other builds', Node versions' and options' caches: the most recently written are kept.
    const others = fs
      .readdirSync(dir)
      .filter((name) => /^cli-.*\.v8cache$/.test(name) && path.join(dir, name) !== file)
      .map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of others.slice(CACHE_FILES_KEPT - 1)) fs.rmSync(path.join(dir, old.name), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // No cache this time: the next run compiles again.
  }
}

function run(): void {
  // Set here, before anything is compiled, so that V8 takes the cache saved under the same flags.
  // undici parses HTTP with WebAssembly (llhttp). V8 compiles it with its baseline compiler, then
  // optimises it in the background, and Node waits for that at exit: ~200 ms for a tool that makes
  // one or two requests. The baseline code is fast enough here. Lazily: only the functions of the
  // parser that run are compiled (~5 ms less).
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--wasm-lazy-compilation');
  const dir = cacheDir(process.env);
  const file = dir ? cacheFile(dir, OK_CHAT_CLI_HASH) : undefined;
  const cachedData = readCache(file);
  const bundle = path.join(__dirname, 'cli.bundle.js');
  // latin1: the bundle is ASCII (the build checks); latin1 is a copy, UTF-8 a decode.
  // The build writes it as one function expression, (function (exports, require, module, ...) {...}).
  const source = fs.readFileSync(bundle, 'latin1');
  const script = new vm.Script(source, { filename: bundle, cachedData });
  if (dir && file && (cachedData === undefined || script.cachedDataRejected)) {
    // Saved at exit, so that it holds the functions this run compiled too, not only the top level.
    process.once('exit', () => writeCache(dir, file, script.createCachedData()));
  }
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: NodeJS.Module, f: string, d: string) => void;
  fn.call(module.exports, module.exports, require, module, __filename, __dirname);
}

if (require.main === module) run();
