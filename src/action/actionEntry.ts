/**
 * The GitHub Action (action.yml at the repository's root, `uses: ok-chat/ok-chat@v1`): its inputs,
 * which the runner gives as INPUT_<NAME> variables, become `ok-chat notify` options, and the
 * bundled CLI beside this file (dist/cli.js) does the rest with the runner's Node.js. The run's
 * page, commit, author, branch and pull request come from the GITHUB_* variables, as the CLI
 * reads them in any GitHub Actions step. Bundled by scripts/build.mjs into dist/action.js.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';

type Env = Record<string, string | undefined>;

/** An input as the runner passes it: INPUT_ + the name in capitals, spaces as `_` (hyphens stay). */
export function actionInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** The `ok-chat notify` arguments for the action's inputs (empty inputs are left out). */
export function notifyArguments(env: Env): string[] {
  const args = ['notify', '--chat', actionInput(env, 'chat'), '--status', actionInput(env, 'status')];
  const name = actionInput(env, 'name') || (env.GITHUB_WORKFLOW ?? '').trim();
  if (name) args.push('--name', name);
  for (const option of ['when', 'state-file', 'template', 'output-file', 'output-lines']) {
    const value = actionInput(env, option);
    if (value) args.push(`--${option}`, value);
  }
  // JUnit reports: one file, folder or glob per line
  for (const pattern of actionInput(env, 'junit').split(/\r?\n/)) if (pattern.trim()) args.push('--junit', pattern.trim());
  // status: started and its result: the run the started message belongs to, or its id from another job
  for (const option of ['run-key', 'message-id']) {
    const value = actionInput(env, option);
    if (value) args.push(`--${option}`, value);
  }
  return args;
}

/** Runs the action: prints the mask command first, then runs the CLI; returns its exit code. */
export async function runAction(env: Env, cli: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const token = actionInput(env, 'token');
  // Before anything else is printed: from here on the runner shows *** wherever the token appears.
  for (const line of token.split(/\r?\n/)) if (line.trim()) out(`::add-mask::${line.trim()}\n`);
  const missing = ['chat', 'token', 'status'].filter((name) => !actionInput(env, name));
  if (missing.length > 0) {
    err(`::error title=OK Chat::the input${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required (status: \${{ job.status }} in a step with if: always()).\n`);
    return 2;
  }
  const childEnv: Env = { ...env, OK_ACCESS_TOKEN: token };
  for (const key of Object.keys(childEnv)) if (key.startsWith('INPUT_')) delete childEnv[key];
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...notifyArguments(env)], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      out(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => err(d));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? 1, stdout: text }));
  });
  // The CLI prints the id of every message it sent, one per line: the last is the one with the buttons.
  const ids = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^[\w:.-]+$/.test(l));
  const outputFile = env.GITHUB_OUTPUT;
  if (code === 0 && ids.length > 0 && outputFile) appendFileSync(outputFile, `message-id=${ids[ids.length - 1]}\n`);
  if (code !== 0) err(`::error title=OK Chat::ok-chat notify exited with code ${code} (the reason is above).\n`);
  return code;
}

if (require.main === module) {
  runAction(process.env, path.join(__dirname, 'cli.js'), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`::error title=OK Chat::${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
