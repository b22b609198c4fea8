// `npm run try` (after `npm run package`): OK Chat in a VS Code that already talks to the sandbox,
// a fake OK server on this machine with a few chats, so nothing but its printed token is needed.
//
//   npm run try                         desktop VS Code when `code` is on PATH, else VS Code in the browser
//   npm run try -- --browser            VS Code in the browser even when `code` is on PATH
//   npm run try -- --port 9000          the sandbox's port (default 8787, or OK_SANDBOX_PORT)
//   npm run try -- --editor-port 9001   the browser VS Code's port (default 8788)
//
// Desktop: installs ok-chat.vsix into a separate profile (its own --user-data-dir and
// --extensions-dir under .try/desktop/, so your own VS Code setup is untouched) and opens it.
// Browser: starts the VS Code server the tests use (installed by scripts/vscode-host.mjs from the
// npm registry into .vscode-test/) on 127.0.0.1 with ok-chat.vsix installed, and prints its address.
// In both, the profile's user settings point okChat.apiBaseUrl at the sandbox.
// Ctrl+C stops the sandbox and the VS Code server. State lives in .try/ (or OK_CHAT_TRY_DIR).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { makeWorkspace, writeUserSettings } from './tryProfile.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(root, 'ok-chat.vsix');
const stateDir = resolve(process.env.OK_CHAT_TRY_DIR || join(root, '.try'));
const isWindows = process.platform === 'win32';
// Windows runs `code` (code.cmd) through a shell, which needs paths with spaces quoted
const codeArgs = (args) => (isWindows ? args.map((a) => (/\s/.test(a) ? `"${a}"` : a)) : args);

const USAGE = `usage: npm run try [-- --port N] [--editor-port N] [--browser | --no-open]
  --port N          the sandbox's port (default 8787, or OK_SANDBOX_PORT)
  --editor-port N   the port of VS Code in the browser (default 8788)
  --browser         VS Code in the browser even when the \`code\` command is on PATH
  --no-open         same as --browser: open nothing, print the address`;

function fail(message) {
  console.error(`try: ${message}`);
  process.exit(1);
}

function portOption(value, fallback, name, min) {
  const v = value ?? fallback;
  if (!/^\d{1,5}$/.test(v) || Number(v) < min || Number(v) > 65535) fail(`${name} must be a port number (${min}-65535), got "${v}"\n${USAGE}`);
  return Number(v);
}

let opts;
try {
  opts = parseArgs({
    options: {
      port: { type: 'string' },
      'editor-port': { type: 'string' },
      browser: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (e) {
  fail(`${e.message}\n${USAGE}`);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const sandboxPort = portOption(opts.port, process.env.OK_SANDBOX_PORT || '8787', '--port', 0); // 0: any free port
const editorPort = portOption(opts['editor-port'], '8788', '--editor-port', 1);
if (!existsSync(vsix)) fail(`${vsix} is missing: run \`npm run package\` first (npm run try does).`);

// ---- what we started, and how to stop it -------------------------------------------------------
const children = []; // { name, proc, group }
const onStop = []; // more to stop, e.g. the desktop VS Code window
let stopping = false;

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** A negative pid is a process group: the server's, with its extension host, pty host, watcher. */
const kill = (child, sig) => signal(child.group ? -child.proc.pid : child.proc.pid, sig);

/** Every process below `pid` (the server's children that left its process group, e.g. a login shell). */
function descendants(pid) {
  if (isWindows) return [];
  const rows = (spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout ?? '').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const found = [pid];
  for (let i = 0; i < found.length; i++) found.push(...rows.filter((r) => r[1] === found[i]).map((r) => r[0]));
  return found.slice(1);
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  onStop.forEach((f) => f());
  const running = children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  const below = running.filter((c) => c.group).flatMap((c) => descendants(c.proc.pid));
  const exited = running.map((c) => new Promise((r) => c.proc.once('exit', r)));
  for (const c of running) kill(c, 'SIGTERM');
  await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 5000))]);
  for (const c of children) kill(c, 'SIGKILL'); // whatever is left
  for (const pid of below) signal(pid, 'SIGKILL');
  process.exit(exitCode);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (!stopping) console.log(`\nStopping ${children.map((c) => c.name).join(' and ') || 'everything'}…`);
    void stopAll(0);
  });
}
process.on('exit', () => children.forEach((c) => kill(c, 'SIGKILL')));

function track(name, proc, { group = false, log = '' } = {}) {
  children.push({ name, proc, group });
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`try: the ${name} stopped (${signal ?? `exit code ${code}`})${log ? `; its log: ${log}` : ''}; stopping the rest.`);
    void stopAll(1);
  });
  return proc;
}

// ---- the sandbox ---------------------------------------------------------------------------------
async function startSandbox() {
  const outfile = join(root, 'out', 'try', 'sandbox.js');
  await build({ entryPoints: [join(root, 'test', 'fake-ok', 'sandbox.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  const proc = spawn(process.execPath, [outfile, '--port', String(sandboxPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const info = { baseUrl: '', token: '', chats: [] };
  const ready = new Promise((resolveReady, reject) => {
    let header = true;
    let errors = '';
    proc.stderr.on('data', (d) => (errors += d));
    proc.once('exit', () => {
      if (!header) return;
      const taken = /EADDRINUSE/.test(errors) ? `\nPort ${sandboxPort} is in use (another \`npm run try\`?); pick another: npm run try -- --port 8790` : '';
      reject(new Error(`the sandbox did not start: ${errors.trim()}${taken}`));
    });
    createInterface({ input: proc.stdout }).on('line', (line) => {
      if (!header) return console.log(`  sandbox  ${line}`); // one line per request, token masked
      const m = /^\s*(base URL|token|chat)\s*:\s*(\S+)\s*(.*)$/.exec(line);
      if (m?.[1] === 'base URL') info.baseUrl = m[2];
      else if (m?.[1] === 'token') info.token = m[2];
      else if (m?.[1] === 'chat') info.chats.push(m[3].trim());
      else if (line.startsWith('Requests')) {
        header = false;
        proc.stderr.pipe(process.stderr);
        resolveReady(info);
      }
    });
  });
  track('sandbox', proc);
  return ready;
}

/** Runs a command to its end; its output is shown only when it fails. */
function run(cmd, args, what) {
  console.log(`${what}…`);
  const r = spawnSync(cmd, cmd === 'code' ? codeArgs(args) : args, { encoding: 'utf8', shell: isWindows && cmd === 'code' });
  if (r.status !== 0) fail(`${what} failed (${r.error?.message ?? `exit code ${r.status ?? r.signal}`}): ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
}

// ---- desktop VS Code, a separate profile ----------------------------------------------------------
/** The desktop `code` command; not the one of a remote VS Code's terminal (SSH, container), which cannot open a profile. */
function hasCode() {
  const r = spawnSync(isWindows ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  return r.status === 0 && !/remote-cli/.test(r.stdout);
}

/** Quits the VS Code of the try profile: the processes started with its --user-data-dir (not on Windows). */
function closeWindow(userDataDir) {
  if (isWindows) return console.log('Close the VS Code window of the try profile yourself.');
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8' }).stdout ?? '';
  for (const line of ps.split('\n')) {
    if (!line.includes(`--user-data-dir ${userDataDir}`) && !line.includes(`--user-data-dir=${userDataDir}`)) continue;
    const pid = Number(line.trim().split(/\s+/)[0]);
    if (pid !== process.pid) signal(pid, 'SIGTERM');
  }
}

function openDesktop(sandbox) {
  const profile = ['--user-data-dir', join(stateDir, 'desktop', 'user-data'), '--extensions-dir', join(stateDir, 'desktop', 'extensions')];
  run('code', [...profile, '--install-extension', vsix, '--force'], 'Installing ok-chat.vsix into the try profile of VS Code');
  writeUserSettings(profile[1], sandbox.baseUrl);
  // --wait: when the window is closed, the sandbox is stopped too
  const proc = spawn('code', codeArgs([...profile, '--new-window', '--disable-workspace-trust', '--wait', makeWorkspace(stateDir)]), { stdio: 'ignore', shell: isWindows });
  children.push({ name: 'VS Code', proc, group: false });
  onStop.push(() => closeWindow(profile[1]));
  proc.on('exit', () => {
    if (stopping) return;
    console.log('The VS Code window was closed: stopping the sandbox.');
    void stopAll(0);
  });
  return `VS Code opened with a separate profile (${join(stateDir, 'desktop')}); your own settings and extensions are untouched.`;
}

// ---- VS Code in the browser ------------------------------------------------------------------------
function httpOk(url) {
  return new Promise((r) => {
    const req = get(url, { timeout: 2000 }, (res) => {
      res.resume();
      r((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => r(false));
    req.on('timeout', () => req.destroy());
  });
}

function portFree(port) {
  return new Promise((r) => {
    const srv = createServer().once('error', () => r(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => r(true)));
  });
}

async function serveBrowser(sandbox) {
  if (!(await portFree(editorPort))) fail(`port ${editorPort} is in use (another \`npm run try\`?); pick another: npm run try -- --editor-port 8790`);
  const ensure = spawnSync(process.execPath, [join(root, 'scripts', 'vscode-host.mjs'), 'ensure', '--json', '--no-browser'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (ensure.status !== 0) fail('could not install the VS Code server (see above).');
  const host = JSON.parse(ensure.stdout.trim().split('\n').pop());
  const dir = join(stateDir, 'browser');
  mkdirSync(dir, { recursive: true });
  const common = ['--user-data-dir', join(dir, 'user-data'), '--server-data-dir', join(dir, 'server-data'), '--extensions-dir', join(dir, 'extensions'), '--accept-server-license-terms'];
  const node = host.node;
  run(node, [host.serverMain, ...common, '--install-extension', vsix, '--force'], 'Installing ok-chat.vsix into the VS Code server');
  writeUserSettings(join(dir, 'user-data'), sandbox.baseUrl);
  // only who has the address can use this VS Code (a file, not an argument: `ps` shows arguments)
  const token = randomBytes(16).toString('hex');
  const tokenFile = join(dir, 'connection-token');
  writeFileSync(tokenFile, token, { mode: 0o600 });
  const args = [host.serverMain, ...common, '--host', '127.0.0.1', '--port', String(editorPort), '--connection-token-file', tokenFile, '--disable-telemetry', '--disable-workspace-trust', '--default-folder', makeWorkspace(stateDir)];
  // its own process group, so that stopping it also stops its extension host, pty host, watcher
  const log = join(dir, 'server.log');
  const fd = openSync(log, 'w');
  track('VS Code server', spawn(node, args, { stdio: ['ignore', fd, fd], detached: true }), { group: true, log });
  closeSync(fd);
  const base = `http://127.0.0.1:${editorPort}`;
  while (!(await httpOk(`${base}/version`))) {
    if (stopping) return '';
    await new Promise((r) => setTimeout(r, 200));
  }
  return `${base}/?tkn=${token}`;
}

// ---- main -----------------------------------------------------------------------------------------
const browserMode = opts.browser || opts['no-open'] || !hasCode();
let sandbox;
try {
  sandbox = await startSandbox();
} catch (e) {
  fail(e.message);
}
const line = '─'.repeat(72);
if (browserMode) {
  const address = await serveBrowser(sandbox);
  console.log(`\n${line}\nOK Chat is ready in VS Code in the browser. Open:\n\n  ${address}\n`);
} else {
  console.log(`\n${line}\n${openDesktop(sandbox)}\n`);
}
console.log(`Paste this token into OK Chat → "Set Access Token" (the only step; it is fake, valid only here):

  ${sandbox.token}

Then add chats from the group's list: ${sandbox.chats.join(', ')}.
Build notifications: "OK Chat: Add Build Notification Rule…", pick the task "build" (it fails on
purpose), then Terminal → Run Build Task… posts its result to the chat.
The sandbox (a fake OK server at ${sandbox.baseUrl}) logs each request below. Ctrl+C stops everything.
${line}`);
