import * as vscode from 'vscode';

// The parts of the built-in git extension's API (extensions/git/src/api/git.d.ts) read here.
interface UpstreamRef {
  readonly remote: string;
  readonly name: string;
}
interface Branch {
  readonly name?: string;
  readonly commit?: string;
  readonly upstream?: UpstreamRef;
  readonly ahead?: number;
}
interface Remote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}
interface Change {
  readonly uri: vscode.Uri;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD?: Branch;
    readonly remotes: readonly Remote[];
    readonly workingTreeChanges: readonly Change[];
    readonly indexChanges: readonly Change[];
  };
  getCommit(ref: string): Promise<{ readonly authorName?: string; readonly authorEmail?: string }>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** What a file's repository says about where it is on its host. */
export interface RepositoryInfo {
  readonly root: vscode.Uri;
  /** The remote to link to: HEAD's upstream's, else `origin`, else the first one. */
  readonly remoteUrl?: string;
  readonly commit?: string;
  /** The checked-out branch (undefined when HEAD is detached). */
  readonly branch?: string;
  /** The branch's upstream on that remote (`main` of `origin/main`). */
  readonly upstreamBranch?: string;
  /** Whether HEAD's commit is on its upstream (the upstream is known and HEAD is not ahead of it). */
  readonly pushed: boolean;
  /** Whether a file has changes not committed (its lines may differ from the commit's). */
  changed(uri: vscode.Uri): boolean;
  /** HEAD's author as git has it (undefined when git cannot say). */
  headAuthor(): Promise<{ name?: string; email?: string } | undefined>;
}

/** How long to wait for the git extension to find the repositories when it has just started (once per window). */
const GIT_START_WAIT_MS = 3000;
let waitedForGit = false;

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports.enabled) return undefined;
  const git = exports.getAPI(1);
  // Waited for once: where git never gets ready (no git installed), no send waits for it again.
  if (git.state !== 'initialized' && !waitedForGit) {
    waitedForGit = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, GIT_START_WAIT_MS);
      const sub = git.onDidChangeState((state) => state === 'initialized' && done());
      function done() {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  return git;
}

/**
 * The repository of a file or folder from the built-in git extension (undefined when git is
 * off, or the place is in no repository it knows). Without a place, or with `orFirst` when the
 * place is in none (a workspace folder above its repository): the first repository.
 */
export async function repositoryInfo(place?: vscode.Uri, options: { orFirst?: boolean } = {}): Promise<RepositoryInfo | undefined> {
  try {
    const git = await gitApi();
    if (!git) return undefined;
    const repo = (place && git.getRepository(place)) || (!place || options.orFirst ? git.repositories[0] : undefined);
    if (!repo) return undefined;
    const head = repo.state.HEAD;
    const remotes = repo.state.remotes;
    const remote = remotes.find((r) => r.name === head?.upstream?.remote) ?? remotes.find((r) => r.name === 'origin') ?? remotes[0];
    const key = (uri: vscode.Uri) => uri.toString();
    const changed = new Set([...repo.state.workingTreeChanges, ...repo.state.indexChanges].map((c) => key(c.uri)));
    return {
      root: repo.rootUri,
      remoteUrl: remote?.fetchUrl ?? remote?.pushUrl,
      commit: head?.commit,
      branch: head?.name,
      upstreamBranch: head?.upstream && head.upstream.remote === remote?.name ? head.upstream.name : undefined,
      pushed: !!head?.upstream && head.ahead === 0 && head.upstream.remote === remote?.name,
      changed: (uri) => changed.has(key(uri)),
      headAuthor: async () => {
        const commit = head?.commit ? await repo.getCommit(head.commit).catch(() => undefined) : undefined;
        return commit ? { name: commit.authorName, email: commit.authorEmail } : undefined;
      },
    };
  } catch {
    return undefined;
  }
}
