// `npm run try`: after `npm run package`, installs ok-chat.vsix into VS Code (when the `code`
// command is on PATH) and starts the sandbox: a local fake OK server with a few chats, so the
// extension can be tried without an OK account. Stop it with Ctrl+C.
import { spawnSync, spawn } from 'node:child_process';

const vsix = 'ok-chat.vsix';
const which = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
if (which.status === 0) {
  const r = spawnSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit', shell: process.platform === 'win32' });
  console.log(r.status === 0 ? `Installed ${vsix} into VS Code.` : `Could not install ${vsix}; install it from VS Code: Extensions → … → Install from VSIX.`);
} else {
  console.log(`Built ${vsix}. Install it in VS Code: Extensions view → … menu → "Install from VSIX…" (or: code --install-extension ${vsix}).`);
}
console.log('Starting the sandbox (a fake OK server on this machine)…\n');
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// A fixed port, so the okChat.apiBaseUrl setting stays valid between runs (override: --port N).
const args = process.argv.slice(2);
if (!args.some((a) => a.startsWith('--port')) && !process.env.OK_SANDBOX_PORT) args.push('--port', '8787');
const child = spawn(process.execPath, ['out/test/fake-server/sandbox.js', ...args], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
