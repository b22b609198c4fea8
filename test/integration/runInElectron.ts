// Runs the same integration suites (test/integration/suites.json) in VS Code
// desktop via @vscode/test-electron, for contributors with a desktop and
// internet access (it downloads VS Code into .vscode-test/ on first use).
// Headless machines and CI use runInServer.js instead.
//
//   node out/test/integration/runInElectron.js            every suite
//   node out/test/integration/runInElectron.js smoke      only the named suite(s)
//
// Environment:
//   VSCODE_TEST_VERSION    VS Code version to download ('stable' by default, or 'insiders', '1.139.1')
//   OK_CHAT_TEST_RESULTS   artifacts base folder (default <repo>/test-results/integration);
//                          the extension host gets OK_CHAT_TEST_RESULTS=<base>/<suite>
//   OK_CHAT_TEST_GREP      mocha grep inside the extension host
// On Linux without a display, run it under xvfb-run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { entryPath, loadSuites, makeWorkspace, MochaTally, repoRoot, resultsBase, useLocale, type SuiteSpec } from './suites';

async function runSuite(suite: SuiteSpec): Promise<{ code: number; tally: MochaTally }> {
  const tally = new MochaTally();
  const results = path.join(resultsBase, suite.name);
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ok-chat-it-${suite.name}-`));
  const workspace = makeWorkspace(tmp, suite);
  process.stdout.write(`\n=== suite ${suite.name} (${suite.trusted ? 'trusted' : 'restricted mode'}) ===\n`);

  let code = 1;
  try {
    const executable = await downloadAndUnzipVSCode(process.env.VSCODE_TEST_VERSION ?? 'stable');
    const args = [
      workspace,
      '--disable-extensions',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'user-data'),
      ...(suite.trusted ? ['--disable-workspace-trust'] : []),
      ...(suite.locale ? useLocale(tmp, path.join(tmp, 'user-data'), suite.locale) : []),
      `--extensionDevelopmentPath=${repoRoot}`,
      `--extensionTestsPath=${entryPath(suite)}`,
    ];
    // VS Code's output goes to our stdout; mocha's summary lines are counted on the way.
    const child = spawn(executable, args, {
      env: { ...process.env, OK_CHAT_TEST_RESULTS: results, OK_CHAT_TEST_SUITE: suite.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        tally.feed(text);
        process.stdout.write(text);
      });
    }
    code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
  } catch (err) {
    process.stdout.write(`[runInElectron] suite ${suite.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  }
  if (code === 0) fs.rmSync(tmp, { recursive: true, force: true });
  else process.stdout.write(`[runInElectron] suite ${suite.name} FAILED (exit ${code}); temp folders kept: ${tmp}\n`);
  return { code, tally };
}

async function main(): Promise<number> {
  const suites = loadSuites(process.argv.slice(2).filter((a) => !a.startsWith('-')));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let ok = true;
  for (const suite of suites) {
    const { code, tally } = await runSuite(suite);
    passed += tally.passing;
    skipped += tally.pending;
    failed += code !== 0 && tally.failing === 0 ? 1 : tally.failing;
    ok &&= code === 0;
  }
  process.stdout.write(`\nintegration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[runInElectron] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
