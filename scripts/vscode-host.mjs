#!/usr/bin/env node
// Installs (once) and locates the headless VS Code host used by the integration
// tests: the real VS Code server build shipped inside the npm package
// `code-server`, run by a Node 24 binary from the npm package `node-<os>-<arch>`.
// Everything comes from the npm registry; nothing is downloaded from elsewhere.
// See docs/real-vscode-tests.md (shared) for background.
//
//   node scripts/vscode-host.mjs ensure          install if needed, print the host dir
//   node scripts/vscode-host.mjs ensure --json   same, print {hostDir, node, serverMain, vscodeDir, chromium}
//   node scripts/vscode-host.mjs ensure --no-browser   skip the chromium check
//   node scripts/vscode-host.mjs path            print the host dir (no install)
//
// Layout: .vscode-test/host-<codeServerVersion>-node<major>/ (git-ignored), with
// a marker file `.complete` written last. The install happens in a sibling temp
// dir that is renamed into place only on success, so a half-finished install
// never looks complete. A second `ensure` only reads the marker (~0 s).
//
// Progress goes to stderr; stdout carries only the result.
//
// Environment:
//   CHROMIUM_PATH       browser to use instead of /usr/bin/chromium
//   VSCODE_HOST_ROOT    folder that holds host-* dirs (default <repo>/.vscode-test)
//   npm_config_cache    npm cache (default: npm's own, ~/.npm)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- versions -------------------------------------------------------------
export const CODE_SERVER_VERSION = '4.139.1'; // ships VS Code 1.139.1 in lib/vscode
export const NODE_VERSION = '24.21.0'; // the VS Code server build requires Node 24
export const NODE_MAJOR = NODE_VERSION.split('.')[0];
export const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;
const NATIVE_REBUILDS = ['@vscode/spdlog']; // without it the server writes no log files
const MARKER = '.complete';
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_INSTALL_HINT = 'apt-get update && apt-get install -y chromium';
// ---------------------------------------------------------------------------

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const hostRoot = process.env.VSCODE_HOST_ROOT ? resolve(process.env.VSCODE_HOST_ROOT) : join(repoRoot, '.vscode-test');
export const hostDir = join(hostRoot, `host-${CODE_SERVER_VERSION}-node${NODE_MAJOR}`);

const expectedMarker = { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, nodePackage: NODE_PACKAGE, rebuilt: NATIVE_REBUILDS };

function log(msg) {
  process.stderr.write(`[vscode-host] ${msg}\n`);
}

function layout(dir) {
  const nodeBin = join(dir, 'node_modules', NODE_PACKAGE, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const vscodeDir = join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  return { hostDir: dir, node: nodeBin, nodeDir: join(dir, 'node_modules', NODE_PACKAGE), vscodeDir, serverMain: join(vscodeDir, 'out', 'server-main.js') };
}

function isComplete(dir) {
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
    const same = Object.keys(expectedMarker).every((k) => JSON.stringify(marker[k]) === JSON.stringify(expectedMarker[k]));
    return same && existsSync(layout(dir).node) && existsSync(layout(dir).serverMain);
  } catch {
    return false;
  }
}

function run(cmd, args, opts) {
  const t0 = Date.now();
  log(`$ ${[cmd, ...args].join(' ')}   (in ${opts.cwd})`);
  const r = spawnSync(cmd, args, opts);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
  log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function removeStaleTemps() {
  if (!existsSync(hostRoot)) return;
  for (const name of readdirSync(hostRoot)) {
    const m = /\.tmp-(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) {
      log(`removing stale partial install ${name}`);
      rmSync(join(hostRoot, name), { recursive: true, force: true });
    }
  }
}

function install() {
  const t0 = Date.now();
  mkdirSync(hostRoot, { recursive: true });
  removeStaleTemps();
  const tmp = `${hostDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log(`installing VS Code server ${CODE_SERVER_VERSION} + ${NODE_PACKAGE}@${NODE_VERSION} into ${hostDir} (cold: a few minutes)`);
  try {
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'vscode-test-host', private: true }, null, 2) + '\n');
    const npmFlags = ['--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];
    // child stdout -> our stderr, so that stdout carries only the result
    const stdio = ['ignore', process.stderr, 'inherit'];
    const baseEnv = { ...process.env, npm_config_update_notifier: 'false' };
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

    // 1. Node 24 (the binary and its headers ship inside the package)
    run(npm, ['install', `${NODE_PACKAGE}@${NODE_VERSION}`, ...npmFlags], { cwd: tmp, env: baseEnv, stdio });
    const L = layout(tmp);
    const probe = spawnSync(L.node, ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0 || !probe.stdout.startsWith(`v${NODE_MAJOR}.`)) {
      throw new Error(`${L.node} does not run as Node ${NODE_MAJOR}: ${probe.stdout}${probe.stderr}${probe.error ?? ''}`);
    }
    const env24 = { ...baseEnv, PATH: `${dirname(L.node)}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}` };

    // 2. code-server (we only use its lib/vscode), with Node 24 on PATH so npm runs on it
    run(npm, ['install', `code-server@${CODE_SERVER_VERSION}`, ...npmFlags], { cwd: tmp, env: env24, stdio });

    // 3. the VS Code server's own runtime dependencies
    run(npm, ['install', '--omit=dev', ...npmFlags], { cwd: L.vscodeDir, env: env24, stdio });

    // 4. native modules worth having, built against Node 24's own headers
    // (npm_config_nodedir from the environment beats a nodedir in ~/.npmrc). The server runs
    // without them (only its log files are missing), so a machine without a C++ toolchain
    // gets a warning, not a failure.
    const notBuilt = [];
    for (const mod of NATIVE_REBUILDS) {
      const built = join(L.vscodeDir, 'node_modules', ...mod.split('/'), 'build', 'Release');
      try {
        run(npm, ['rebuild', mod, '--dangerously-allow-all-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
          cwd: L.vscodeDir,
          env: { ...env24, npm_config_nodedir: L.nodeDir },
          stdio,
        });
        if (!existsSync(built) || !readdirSync(built).some((f) => f.endsWith('.node'))) throw new Error(`npm rebuild ${mod} left no .node file in ${built}`);
      } catch (e) {
        log(`WARNING: ${e.message}`);
        notBuilt.push(mod);
      }
    }

    writeFileSync(join(tmp, MARKER), JSON.stringify({ ...expectedMarker, notBuilt, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - t0) / 1000) }, null, 2) + '\n');
    if (existsSync(hostDir)) {
      if (isComplete(hostDir)) {
        // another process finished first
        rmSync(tmp, { recursive: true, force: true });
        return;
      }
      rmSync(hostDir, { recursive: true, force: true });
    }
    try {
      renameSync(tmp, hostDir);
    } catch (e) {
      if (isComplete(hostDir)) rmSync(tmp, { recursive: true, force: true });
      else throw e;
    }
    log(`installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  return existsSync(p) ? p : undefined;
}

/**
 * On a Debian/Ubuntu machine where we are root (CI, containers), install Debian's Chromium
 * so that one command runs every test. Elsewhere only say what to install.
 */
function installChromiumIfRoot() {
  if (process.env.CHROMIUM_PATH || process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  log(`chromium is missing; installing Debian's package: ${CHROMIUM_INSTALL_HINT}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      log(`apt-get ${args.join(' ')} failed (exit ${r.status})`);
      return;
    }
  }
}

/** Says which native modules could not be built (the server then writes no log files). */
function warnNotBuilt() {
  const notBuilt = JSON.parse(readFileSync(join(hostDir, MARKER), 'utf8')).notBuilt ?? [];
  if (notBuilt.length === 0) return;
  log(`note: ${notBuilt.join(', ')} could not be built, so the VS Code server writes no log files. To fix it:`);
  log(`  install python3, make and g++ (Debian: apt-get install -y python3 make g++), then delete ${hostDir}`);
}

export function ensure({ browser = true } = {}) {
  if (isComplete(hostDir)) {
    log(`host ready: ${hostDir}`);
  } else {
    install();
  }
  warnNotBuilt();
  if (browser && !chromiumPath()) installChromiumIfRoot();
  const result = { ...layout(hostDir), chromium: chromiumPath() ?? null };
  if (browser && !result.chromium) {
    const msg = [
      `chromium not found at ${process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM}${process.env.CHROMIUM_PATH ? ' (CHROMIUM_PATH)' : ''}.`,
      'Install it (as root) with:',
      `  ${CHROMIUM_INSTALL_HINT}`,
      'or point CHROMIUM_PATH at a Chromium/Chrome binary.',
    ].join('\n');
    const err = new Error(msg);
    err.code = 'NO_CHROMIUM';
    throw err;
  }
  return result;
}

function main(argv) {
  const [cmd = 'ensure', ...rest] = argv;
  const json = rest.includes('--json');
  try {
    if (cmd === 'path') {
      process.stdout.write(`${hostDir}\n`);
      return 0;
    }
    if (cmd !== 'ensure') {
      process.stderr.write('usage: node scripts/vscode-host.mjs ensure [--json] [--no-browser] | path\n');
      return 2;
    }
    const r = ensure({ browser: !rest.includes('--no-browser') });
    process.stdout.write(json ? `${JSON.stringify(r)}\n` : `${r.hostDir}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`[vscode-host] ${e.code === 'NO_CHROMIUM' ? '' : 'ERROR: '}${e.message}\n`);
    return e.code === 'NO_CHROMIUM' ? 3 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
