// `npm run try`, for real, as a newcomer on a machine without the `code` command would run it
// (suites.json kind "script": runInServer runs this module itself, no server is started for it):
//
// 1. starts `npm run try -- --browser` on free ports, with its state in a temp folder
//    (OK_CHAT_TRY_DIR), and waits for the address and the token it prints;
// 2. opens the address in headless Chromium: VS Code in the browser, OK Chat loaded, the Welcome
//    page offering OK Chat's walkthrough;
// 3. pastes the printed token through the OK Chat view's "Set Access Token" button (the welcome
//    view), picks chats from the group's list, and checks the view lists the sandbox's chats and
//    that the requests reached the sandbox `try` started (its request log);
// 4. screenshots that (media/screenshots/try-connected.png with OK_CHAT_UPDATE_SCREENSHOTS=1);
// 5. presses Ctrl+C (SIGINT to the command's process group, as a terminal does) and checks that
//    every process it started has ended and its ports are closed;
// 6. desktop mode, with a stand-in `code` command on PATH (a shell script that records its
//    arguments and, for the window, starts a process carrying them, as VS Code does): the VSIX is
//    installed into a separate profile, the profile's settings point at the sandbox, the window
//    opens on the workspace, and Ctrl+C quits that window too.
//
// Button and view labels are read from package.nls.json, so renaming them does not break this.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { ScriptContext } from '../ui/harness';
import { reEscape, until, visible, Workbench } from '../ui/workbench';

// Headless Chromium here has no emoji font: "Frontend 🚀" stays unpicked, so the screenshot shows no boxes.
const PICKED = ['Backend', 'Релизы'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** The label of the command link `[label](command:<id>)` in a manifest string. */
function linkLabel(nls: Record<string, string>, key: string, command: string): string {
  const m = new RegExp(`\\[([^\\]]+)\\]\\(command:${reEscape(command)}\\)`).exec(nls[key] ?? '');
  if (!m) throw new Error(`package.nls.json: ${key} has no [label](command:${command}) link`);
  return m[1];
}

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

function processes(): Proc[] {
  const r = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
}

/** `root` and every process below it. */
function tree(root: number): Proc[] {
  const all = processes();
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function run(ctx: ScriptContext): Promise<void> {
  const nls = JSON.parse(fs.readFileSync(path.join(ctx.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const containerTitle = nls['viewsContainer.okChat.title'];
  const viewName = nls['view.chats.name'];
  const walkthroughTitle = nls['walkthrough.start.title'];
  const setTokenLabel = linkLabel(nls, 'viewsWelcome.chats.noToken', 'okChat.setToken');
  const pickLabel = linkLabel(nls, 'viewsWelcome.chats.noChats', 'okChat.pickChats');

  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ok-chat-try-'));
  const [sandboxPort, editorPort] = [await freePort(), await freePort()];
  const log = fs.createWriteStream(path.join(ctx.results, 'try.log'));
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, OK_CHAT_TRY_DIR: stateDir };
  for (const k of Object.keys(env)) if (/^(VSCODE_(?!HOST_ROOT)|ELECTRON_)/.test(k)) delete env[k];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['run', 'try', '--', '--browser', '--port', String(sandboxPort), '--editor-port', String(editorPort)];
  ctx.log(`$ npm ${args.join(' ')}   (output: ${path.relative(ctx.repoRoot, log.path as string)})`);
  // its own process group, like a command started from a terminal: Ctrl+C goes to the whole group
  const child: ChildProcess = spawn(npm, args, { cwd: ctx.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pgid = child.pid as number;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (d: Buffer) => {
      output += d.toString();
      log.write(d);
    });
  }
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('exit', (code, signal) => (exit = { code, signal }));
  let started: Proc[] = [];
  ctx.defer(() => {
    log.end();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });
  ctx.defer(() => {
    // only if the test failed midway: nothing may outlive the suite
    for (const p of [...started, ...tree(pgid)]) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  const printed = await ctx.step('npm run try prints the address of VS Code in the browser and the token', async () => {
    const address = await until(() => exit === undefined ? /^\s+(http:\/\/127\.0\.0\.1:(\d+)\/\?tkn=[0-9a-f]{32})\s*$/m.exec(output) ?? undefined : `exited early: ${JSON.stringify(exit)}`, 'the address', 240_000);
    if (typeof address === 'string') throw new Error(`npm run try ${address}\n${output}`);
    assert.equal(Number(address[2]), editorPort, 'the VS Code server should listen on --editor-port');
    // the token and the chats come in later writes than the address: wait for them as for the address
    const block = await until(() => /Paste this token[^\n]*\n\s*\n\s+(\S+)\n[\s\S]*?chats from the group's list: (.+)\.\n/.exec(output) ?? (exit === undefined ? undefined : 'exited'), 'the token and the chats', 30_000).catch(() => undefined);
    const token = typeof block === 'object' ? block?.[1] : undefined;
    const chats = typeof block === 'object' ? block?.[2].split(', ') : undefined;
    assert.ok(token, `the token should be printed:\n${output}`);
    assert.ok(chats && PICKED.every((c) => chats.includes(c)), `the sandbox's chats should be printed:\n${output}`);
    // the profile points OK Chat at the sandbox that try started
    const settings = JSON.parse(fs.readFileSync(path.join(stateDir, 'browser', 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['okChat.apiBaseUrl'], `http://127.0.0.1:${sandboxPort}/graph`);
    ctx.log(`address ${address[1].replace(/tkn=\w+/, 'tkn=…')}`);
    return { address: address[1], token, chats };
  });

  await ctx.step('the sample workspace is its own git repository, as pushed to a remote, with a build task that fails', async () => {
    const ws = path.join(stateDir, 'workspace');
    const git = (...args: string[]) => spawnSync('git', args, { cwd: ws, encoding: 'utf8' }).stdout.trim();
    assert.equal(git('rev-parse', '--show-toplevel'), fs.realpathSync(ws), 'the workspace should be the top of its own repository, not inside the clone');
    assert.equal(git('status', '--porcelain'), '', 'everything committed');
    assert.match(git('remote', 'get-url', 'origin'), /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/, 'a remote on a git host, so links to code show');
    assert.equal(git('rev-parse', '--abbrev-ref', '@{upstream}'), 'origin/main');
    assert.equal(git('rev-parse', 'HEAD'), git('rev-parse', 'origin/main'), 'the commit is on the remote branch (as pushed)');
    // the default build task fails, so a build notification has something to report
    const tasks = JSON.parse(fs.readFileSync(path.join(ws, '.vscode', 'tasks.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { tasks: Array<{ label: string; command: string; args?: string[]; group?: { kind?: string; isDefault?: boolean } }> };
    const build = tasks.tasks.find((t) => t.group?.kind === 'build' && t.group.isDefault);
    assert.ok(build, 'a default build task');
    const status = await new Promise<number | null>((resolve) => spawn(build.command === 'node' ? process.execPath : build.command, build.args ?? [], { cwd: ws, stdio: 'ignore' }).once('exit', resolve));
    assert.notEqual(status, 0, `the build task "${build.label}" should fail`);
  });

  const browser: Browser = await chromium.launch({ executablePath: ctx.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  ctx.defer(() => browser.close().catch(() => undefined));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  ctx.setPage(page);
  const wb = new Workbench(page);

  await ctx.step(`the address opens VS Code with OK Chat loaded and the Welcome page offering "${walkthroughTitle}"`, async () => {
    await page.goto(printed.address, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await wb.ready(containerTitle, 120_000);
    await visible(page.locator('.part.editor').getByText(walkthroughTitle, { exact: true }), `"${walkthroughTitle}" on the Welcome page`, 60_000);
  });

  await ctx.step(`pastes the printed token with the "${setTokenLabel}" button of the ${containerTitle} view`, async () => {
    await wb.openViewContainer(containerTitle);
    const button = await visible(wb.sidebar.getByRole('button', { name: setTokenLabel, exact: true }), `the welcome view's "${setTokenLabel}" button`, 60_000);
    await button.click();
    const box = await visible(wb.quickInputBox, 'the token input box');
    assert.equal(await box.getAttribute('type'), 'password', 'the token input box should hide what is typed');
    await page.keyboard.type(printed.token);
    await page.keyboard.press('Enter');
    await wb.quickInputClosed('the token input box to close (the token was accepted)');
  });

  await ctx.step(`the view lists the sandbox's chats after "${pickLabel}"`, async () => {
    const pick = await visible(wb.sidebar.getByRole('button', { name: pickLabel, exact: true }), `the welcome view's "${pickLabel}" button (once connected)`, 30_000);
    await pick.click();
    for (const title of printed.chats) await visible(wb.quickPickRow(title), `the sandbox's chat "${title}" in the quick pick`);
    await wb.acceptQuickPickRows(PICKED);
    for (const title of PICKED) await visible(wb.tree(viewName).getByRole('treeitem', { name: new RegExp(reEscape(title)) }), `"${title}" in the ${viewName} tree`);
    assert.equal(await wb.tree(viewName).getByRole('treeitem').count(), PICKED.length, 'the tree should list exactly the picked chats');
    // the sandbox try started got the calls (its request log, token masked)
    assert.match(output, /sandbox {2}\S+ GET \/graph\/me\/chats\?[^\n]*access_token=\*\*\*/, 'the sandbox should log the chat list request');
    assert.equal(output.split(printed.token).length - 1, 1, 'the token should be printed once by try, never logged');
  });

  await ctx.step('VS Code opened the sample workspace\'s own repository and asked nothing about a repository above it', async () => {
    await visible(page.locator('.part.statusbar').getByText(/^\s*main\s*$/), 'the branch "main" of the sample repository in the status bar', 60_000);
    assert.equal(await page.locator('.notifications-toasts').getByText(/parent folder/i).count(), 0, 'VS Code asked to open the repository of a parent folder');
  });

  await ctx.step(`opens "${walkthroughTitle}" from the Welcome page and screenshots the connected view`, async () => {
    await page.locator('.part.editor').getByText(walkthroughTitle, { exact: true }).click();
    await visible(page.locator('.part.editor .getting-started-category'), `the "${walkthroughTitle}" walkthrough`);
    await page.mouse.move(700, 790);
    const file = path.join(ctx.results, 'try-connected.png');
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    if (process.env.OK_CHAT_UPDATE_SCREENSHOTS === '1') {
      fs.copyFileSync(file, path.join(ctx.repoRoot, 'media', 'screenshots', 'try-connected.png'));
      ctx.log('screenshot: media/screenshots/try-connected.png');
    } else {
      ctx.log(`screenshot: ${path.relative(ctx.repoRoot, file)}`);
    }
  });

  await ctx.step('Ctrl+C stops npm run try and everything it started', async () => {
    started = tree(pgid);
    const server = started.find((p) => p.args.includes('server-main.js'));
    assert.ok(server, `the VS Code server should be among the processes of npm run try:\n${started.map((p) => p.args).join('\n')}`);
    assert.ok(started.some((p) => p.ppid === server.pid), 'the VS Code server should have children (extension host…) by now');
    assert.ok(await portOpen(sandboxPort), 'the sandbox port should be open before Ctrl+C');
    process.kill(-pgid, 'SIGINT');
    await until(() => exit, 'npm run try to exit after SIGINT', 20_000);
    await until(() => started.every((p) => !alive(p.pid)), 'every process npm run try started to end', 10_000).catch(() => {
      throw new Error(`still running after Ctrl+C:\n${started.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.args}`).join('\n')}`);
    });
    assert.equal(await portOpen(sandboxPort), false, 'the sandbox port should be closed');
    assert.equal(await portOpen(editorPort), false, 'the VS Code server port should be closed');
    assert.match(output, /Stopping/, 'try should say that it stops');
    ctx.log(`${started.length} processes ended; npm exited with ${exit?.signal ?? exit?.code}`);
  });

  if (process.platform === 'win32') return;
  await ctx.step('with `code` on PATH: installs into a separate VS Code profile, opens it, and Ctrl+C quits it', async () => {
    const bin = path.join(stateDir, 'bin');
    const calls = path.join(stateDir, 'code-calls.txt');
    fs.mkdirSync(bin, { recursive: true });
    // the window: a detached process with the same arguments (the profile's --user-data-dir); the CLI waits (--wait)
    const window = `require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...process.argv.slice(1)], { detached: true, stdio: 'ignore' }).unref()`;
    fs.writeFileSync(
      path.join(bin, 'code'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\ncase " $* " in *" --wait "*) '${process.execPath}' -e "${window}" -- "$@"; exec sleep 600;; esac\n`,
      { mode: 0o755 },
    );
    const desktop = path.join(stateDir, 'desktop');
    const profile = `--user-data-dir ${path.join(desktop, 'user-data')} --extensions-dir ${path.join(desktop, 'extensions')}`;
    const port = await freePort();
    let out = '';
    // npm run package already ran above: the script that follows it in `npm run try`
    const proc = spawn(process.execPath, ['scripts/try.mjs', '--port', String(port)], {
      cwd: ctx.repoRoot,
      env: { ...env, PATH: `${bin}${path.delimiter}${env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    let ended = false;
    proc.once('exit', () => (ended = true));
    ctx.defer(() => {
      if (!ended) process.kill(-(proc.pid as number), 'SIGKILL');
    });
    await until(() => (ended ? `exited early:\n${out}` : /Paste this token/.test(out)), 'npm run try to open VS Code', 60_000).then((r) => {
      if (typeof r === 'string') throw new Error(r);
    });
    assert.match(out, /VS Code opened with a separate profile/);
    // `code --wait` runs beside the sandbox: its stand-in may write its line just after the token is printed
    const callLines = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : []);
    const lines = await until(() => callLines().length >= 2 && callLines(), 'the stand-in code command to be called twice', 10_000).catch(() => callLines());
    assert.deepEqual(lines, [`${profile} --install-extension ${path.join(ctx.repoRoot, 'ok-chat.vsix')} --force`, `${profile} --new-window --disable-workspace-trust --wait ${path.join(stateDir, 'workspace')}`]);
    const settings = JSON.parse(fs.readFileSync(path.join(desktop, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['okChat.apiBaseUrl'], `http://127.0.0.1:${port}/graph`);
    const windows = () => processes().filter((p) => p.args.includes('setInterval') && !p.args.includes('child_process') && p.args.includes(`--user-data-dir ${path.join(desktop, 'user-data')}`));
    ctx.defer(() => windows().forEach((w) => process.kill(w.pid, 'SIGKILL')));
    const [win] = await until(() => windows().length > 0 && windows(), 'the stand-in VS Code window');
    assert.ok(await portOpen(port), 'the sandbox should be running');
    process.kill(-(proc.pid as number), 'SIGINT');
    await until(() => ended, 'npm run try to exit after SIGINT', 15_000);
    await until(() => !alive(win.pid), 'the VS Code window of the try profile to quit', 10_000);
    assert.equal(await portOpen(port), false, 'the sandbox port should be closed');
  });
}
