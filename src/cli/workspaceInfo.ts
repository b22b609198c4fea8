/** The branch and project of a build: from the CI's environment variables, else from git. */
import * as path from 'node:path';
import { firstEnv } from '../core';
import type { Env } from './cliContext';
import { childProcess } from './lazyNodeModules';

export function run(cmd: string, args: string[], cwd: string, env: Env): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      childProcess().execFile(cmd, args, { cwd, env: { ...env }, timeout: 3000, windowsHide: true }, (error, stdout) => {
        resolve(error ? undefined : String(stdout).trim() || undefined);
      });
    } catch {
      resolve(undefined);
    }
  });
}

const BRANCH_VARS = ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME', 'BRANCH_NAME', 'BITBUCKET_BRANCH', 'BUILDKITE_BRANCH', 'CIRCLE_BRANCH'];
const WORKSPACE_VARS = ['GITHUB_REPOSITORY', 'CI_PROJECT_PATH', 'BITBUCKET_REPO_FULL_NAME'];

/** The branch: the variables above, else the one the detected CI names (`ciBranch`), else git's. */
export async function detectBranch(env: Env, cwd: string, ciBranch?: string): Promise<string | undefined> {
  const fromEnv = firstEnv(env, ...BRANCH_VARS) ?? (ciBranch?.trim() || undefined);
  if (fromEnv) return fromEnv;
  const head = await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], cwd, env);
  return head && head !== 'HEAD' ? head : undefined; // "HEAD" means detached: no branch
}

export async function detectWorkspace(env: Env, cwd: string): Promise<string | undefined> {
  const fromEnv = firstEnv(env, ...WORKSPACE_VARS);
  if (fromEnv) return fromEnv;
  const top = await run('git', ['rev-parse', '--show-toplevel'], cwd, env);
  return top ? path.basename(top) : undefined;
}
