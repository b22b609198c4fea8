// `npm test`: every check, with what can run side by side running side by side.
//
//   typecheck (webview pages) ─┐
//   lint ──────────────────────┤
//   build --production → compile-tests ─┬─ integration suites (two at a time, see runInServer.ts)
//                                       └─ mocha: test/unit, test/cli and test/repo (.mocharc.cjs)
//
// compile-tests type-checks src/, test/ and scripts/ (tsconfig.test.json is tsconfig.json with
// output) and fails on a type error, so the typecheck step checks only what it leaves out: the
// webview pages and the tests' page driver (DOM types). `npm run typecheck` checks all three.
//
// The integration suites' output is printed as it comes; the other steps' output is printed in
// one block each once they are done (typecheck, lint, unit). The last line is the integration
// runner's summary ("integration: N passed, N failed"), repeated after the other blocks. The exit
// code is 0 only when every step passed. Run it through `npm test` (the pretest script installs the
// VS Code host first).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

/** Runs a command; its output is collected (or, `live`, also printed as it comes). */
function run(name, command, args, live = false) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let text = '';
    const take = (chunk) => {
      text += chunk;
      if (live) process.stdout.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (e) => resolve({ name, code: 1, text: `${text}${e.message}\n`, s: (Date.now() - t0) / 1000 }));
    child.on('close', (code, signal) => {
      const s = (Date.now() - t0) / 1000;
      process.stdout.write(`[test] ${name}: ${code === 0 ? 'ok' : `FAILED (${code ?? signal})`} in ${s.toFixed(1)} s (at ${seconds()} s)\n`);
      resolve({ name, code: code ?? 1, text, s });
    });
  });
}

async function chain(...steps) {
  const results = [];
  for (const step of steps) {
    const r = await step();
    results.push(r);
    if (r.code !== 0) break;
  }
  return results;
}

const tsc = 'node_modules/typescript/bin/tsc';
const typecheck = chain(
  () => run('typecheck src/webview', process.execPath, [tsc, '-p', 'src/webview', '--noEmit']),
  () => run('typecheck test/webview', process.execPath, [tsc, '-p', 'test/webview', '--noEmit']),
).then((rs) => ({ name: 'typecheck', code: rs.every((r) => r.code === 0) ? 0 : 1, text: rs.map((r) => r.text).join('') }));
const lint = run('lint', npm, ['run', '--silent', 'lint']);
const built = await chain(
  () => run('build', process.execPath, ['scripts/build.mjs', '--production']),
  () => run('compile-tests', npm, ['run', '--silent', 'compile-tests']),
);
const buildOk = built.every((r) => r.code === 0) && built.length === 2;
const [integration, unit] = buildOk
  ? await Promise.all([run('integration', process.execPath, ['out/test/integration/runInServer.js'], true), run('unit, cli and repo tests', process.execPath, ['node_modules/mocha/bin/mocha.js'])])
  : [{ name: 'integration', code: 1, text: 'integration: 0 passed, 1 failed (the build failed)\n' }, { name: 'unit, cli and repo tests', code: 1, text: '' }];
const all = [await typecheck, await lint, ...built, unit, integration];

for (const r of [...built, await typecheck, await lint, unit]) {
  if (r.text.trim() === '') continue;
  process.stdout.write(`\n=== ${r.name} ===\n${r.text.endsWith('\n') ? r.text : `${r.text}\n`}`);
}
const failed = all.filter((r) => r.code !== 0).map((r) => r.name);
// The integration failures (the launcher's "[runInServer] failures:" block) are repeated next to
// the end, where a reader of a long log looks first.
const lines = integration.text.split('\n');
const from = lines.lastIndexOf('[runInServer] failures:');
const to = lines.lastIndexOf('[runInServer] end of failures');
if (from >= 0 && to > from) process.stdout.write(`\n${lines.slice(from, to + 1).join('\n')}\n`);
for (const r of [unit, await typecheck, await lint]) {
  if (r.code === 0) continue;
  const failing = r.text.split('\n').findIndex((l) => /^\s*\d+ failing\b/.test(l));
  if (failing >= 0) process.stdout.write(`\n[test] ${r.name}, failures:\n${r.text.split('\n').slice(failing, failing + 40).join('\n')}\n`);
}
const suitesLine = lines.filter((l) => l.startsWith('[runInServer] suites: ')).pop();
if (suitesLine) process.stdout.write(`\n${suitesLine}\n`);
const summary = integration.text.trimEnd().split('\n').filter((l) => /^integration: /.test(l)).pop() ?? 'integration: 0 passed, 1 failed';
process.stdout.write(`\n[test] ${failed.length ? `FAILED: ${failed.join(', ')}` : 'every step passed'} in ${seconds()} s\n${summary}\n`);
process.exit(failed.length ? 1 : 0);
