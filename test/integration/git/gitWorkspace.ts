// Git repositories for the git tests of the "host" suite, made with the git command and opened in VS Code's Git.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.com', GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'ann@example.com' },
  }).trim();
}

interface GitRepo {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string; readonly ahead?: number; readonly upstream?: unknown }; readonly onDidChange: vscode.Event<void> };
  status(): Promise<void>;
}
interface GitApi {
  openRepository(root: vscode.Uri): Promise<GitRepo | null>;
  getRepository(uri: vscode.Uri): GitRepo | null;
}

async function gitApi(): Promise<GitApi> {
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
  assert.ok(ext, 'the built-in git extension is not there');
  return (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
}

/**
 * A repository at `dir` with `files`, one commit on `main`, the remote `origin` at `remote`, and
 * `main` pushed (its upstream `origin/main` at the commit, as after `git push -u`).
 */
export function makeRepository(dir: string, remote: string, files: Readonly<Record<string, string>>): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  git(dir, 'remote', 'add', 'origin', remote);
  pushed(dir);
  return git(dir, 'rev-parse', 'HEAD');
}

/** Makes `origin/main` point at HEAD, with `main` tracking it (what a push would leave). */
export function pushed(dir: string): void {
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'config', 'branch.main.remote', 'origin');
  git(dir, 'config', 'branch.main.merge', 'refs/heads/main');
}

/** Opens the repository in VS Code's Git and waits until it shows HEAD at `commit` (and `ahead` commits ahead of origin/main). */
export async function openInGit(dir: string, commit: string, ahead = 0): Promise<void> {
  const api = await gitApi();
  const root = vscode.Uri.file(dir);
  // opened by its root: getRepository would give the repository around a nested one not open yet
  const repo = (await api.openRepository(root)) ?? api.getRepository(root);
  assert.ok(repo && repo.rootUri.fsPath === root.fsPath, `VS Code's Git did not open ${dir}`);
  const shows = () => {
    const head = repo.state.HEAD;
    return head?.commit === commit && !!head.upstream && head.ahead === ahead;
  };
  // listening before the status is read: a change in between is not missed
  let changed = () => {};
  let timer: NodeJS.Timeout | undefined;
  const listening = repo.state.onDidChange(() => changed());
  try {
    const shown = new Promise<boolean>((resolve) => {
      changed = () => shows() && resolve(true);
      timer = setTimeout(() => resolve(false), 20_000);
    });
    await repo.status();
    if (shows() || (await shown)) return;
    assert.fail(`VS Code's Git shows ${JSON.stringify(repo.state.HEAD)} for ${dir}, not ${commit} ${ahead} ahead`);
  } finally {
    clearTimeout(timer);
    listening.dispose();
  }
}
