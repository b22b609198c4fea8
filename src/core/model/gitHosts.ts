/**
 * Git hosts' web pages: a repository's page from a remote or a CI's URL (without credentials),
 * which kind of host it is, and the pages of a commit, a pull request and lines of a file.
 */

/**
 * An http(s) URL without its credentials, or undefined when it is not one. Also accepts
 * scp-like git remotes (`git@host:group/repo.git`) and `ssh://` remotes, turned into https.
 */
export function safeUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text || /\s/.test(text)) return undefined;
  const scp = /^(?:[^@/:]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,}):(?!\/\/)([^:]+)$/.exec(text);
  const candidate = scp ? `https://${scp[1]}/${scp[2]}` : text.replace(/^(?:ssh|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//, 'https://$1/');
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.username = '';
  url.password = '';
  return url.toString();
}

/**
 * A repository's web page from a clone URL, a git remote or a project URL: no credentials, no
 * `.git`, no trailing `/`. Knows the remotes whose path differs from the page's: Azure Repos'
 * ssh remotes (`ssh.dev.azure.com:v3/org/project/repo`) and GitFlic's (`/project/` in pages).
 */
export function repositoryPage(value: string | undefined): string | undefined {
  const url = safeUrl(value)
    ?.replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!url) return undefined;
  const azure = /^https?:\/\/ssh\.dev\.azure\.com\/v3\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url);
  if (azure) return `https://dev.azure.com/${azure[1]}/${azure[2]}/_git/${azure[3]}`;
  const oldAzure = /^https?:\/\/vs-ssh\.visualstudio\.com\/v3\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url);
  if (oldAzure) return `https://${oldAzure[1]}.visualstudio.com/${oldAzure[2]}/_git/${oldAzure[3]}`;
  const gitflic = /^(https?:\/\/(?:[^/]+\.)?gitflic\.ru)\/(?!project\/)([^/]+)\/([^/]+)$/.exec(url);
  if (gitflic) return `${gitflic[1]}/project/${gitflic[2]}/${gitflic[3]}`;
  return url;
}

export const HOST_STYLES = ['github', 'gitlab', 'bitbucket', 'azure', 'gitea', 'gitflic'] as const;
export type HostStyle = (typeof HOST_STYLES)[number];

/** Host names of self-hosted servers mapped to their kind (`{ "git.example.com": "gitlab" }`). */
export type HostKinds = Readonly<Record<string, string>>;

function styleNamed(name: string | undefined): HostStyle | undefined {
  switch (name?.trim().toLowerCase()) {
    case 'github':
      return 'github';
    case 'gitlab':
      return 'gitlab';
    case 'bitbucket':
      return 'bitbucket';
    case 'gitea':
    case 'forgejo':
      return 'gitea';
    case 'gitflic':
      return 'gitflic';
    case 'azure':
    case 'tfsgit':
      return 'azure';
    default:
      return undefined;
  }
}

/**
 * The web style of a repository host: from `kinds` (the user's map of self-hosted servers), else
 * from its name, else from what the CI says it is (`hint`).
 */
export function hostStyle(repositoryUrl: string, hint?: string, kinds?: HostKinds): HostStyle | undefined {
  let host: string;
  try {
    host = new URL(repositoryUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  for (const [name, kind] of Object.entries(kinds ?? {})) {
    if (name.trim().toLowerCase().replace(/:\d+$/, '') === host) return styleNamed(kind);
  }
  if (host === 'github.com' || host.endsWith('.github.com') || host.endsWith('.ghe.com')) return 'github';
  if (host === 'bitbucket.org') return 'bitbucket';
  if (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) return 'azure';
  if (host === 'gitflic.ru' || host.endsWith('.gitflic.ru')) return 'gitflic';
  if (host === 'gitlab.com' || host.split('.').includes('gitlab')) return 'gitlab';
  if (host === 'codeberg.org' || /(^|\.)(gitea|forgejo)\./.test(host)) return 'gitea';
  // Bitbucket Server, Gerrit, unknown hosts: their URLs differ, so none.
  return styleNamed(hint) === 'bitbucket' ? undefined : styleNamed(hint);
}

/** How the host is named on a button ("Open in GitLab"). */
export function hostLabel(style: HostStyle): string {
  return { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket', azure: 'Azure Repos', gitea: 'Gitea', gitflic: 'GitFlic' }[style];
}

const isCommit = (commit: string | undefined): commit is string => !!commit && /^[0-9a-f]{7,64}$/i.test(commit);

/**
 * The web page of a commit, for the hosts whose URL shape is known: GitHub `/commit/SHA`,
 * GitLab `/-/commit/SHA`, Bitbucket Cloud `/commits/SHA`, Azure Repos `/commit/SHA`,
 * Gitea/Forgejo/Codeberg and GitFlic `/commit/SHA`. `hint` names the host kind when its name does not.
 */
export function commitUrlFor(repositoryUrl: string | undefined, commit: string | undefined, hint?: string, kinds?: HostKinds): string | undefined {
  if (!repositoryUrl || !isCommit(commit)) return undefined;
  switch (hostStyle(repositoryUrl, hint, kinds)) {
    case 'gitlab':
      return `${repositoryUrl}/-/commit/${commit}`;
    case 'bitbucket':
      return `${repositoryUrl}/commits/${commit}`;
    case 'github':
    case 'azure':
    case 'gitea':
    case 'gitflic':
      return `${repositoryUrl}/commit/${commit}`;
    default:
      return undefined;
  }
}

/** The web page of a pull (merge) request, for the hosts whose URL shape is known. */
export function prUrlFor(repositoryUrl: string | undefined, pr: string | undefined, hint?: string, kinds?: HostKinds): string | undefined {
  if (!repositoryUrl || !pr) return undefined;
  switch (hostStyle(repositoryUrl, hint, kinds)) {
    case 'github':
      return `${repositoryUrl}/pull/${pr}`;
    case 'gitlab':
      return `${repositoryUrl}/-/merge_requests/${pr}`;
    case 'bitbucket':
      return `${repositoryUrl}/pull-requests/${pr}`;
    case 'azure':
      return `${repositoryUrl}/pullrequest/${pr}`;
    case 'gitea':
      return `${repositoryUrl}/pulls/${pr}`;
    case 'gitflic':
      return `${repositoryUrl}/merge-request/${pr}`;
    default:
      return undefined;
  }
}

/** Lines of a file in a repository, at a commit or (when the commit is not on the host yet) a branch. */
export interface LinesTarget {
  /** The repository's web page ({@link repositoryPage}). */
  repository: string;
  /** Path from the repository's root, with forward slashes. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Either a commit or a branch. */
  ref: { commit: string } | { branch: string };
}

const encodePath = (path: string) =>
  path
    .replace(/^\/+/, '')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');

/**
 * The web page of lines of a file, for the hosts whose URL shape is known (undefined for
 * others): GitHub `blob/REF/path#L1-L5`, GitLab `-/blob/REF/path#L1-5`, Bitbucket Cloud
 * `src/REF/path#lines-1:5`, Gitea/Forgejo `src/commit|branch/REF/path#L1-L5`, Azure Repos
 * `?path=…&version=GC…|GB…&line=…`, GitFlic `blob?file=…&commit|branch=…` (its pages have no
 * line anchors, so the link opens the file).
 */
export function linesUrlFor(target: LinesTarget, hint?: string, kinds?: HostKinds): string | undefined {
  const { repository: repo, startLine: s, endLine: e } = target;
  const path = encodePath(target.path);
  if (!path || !Number.isInteger(s) || !Number.isInteger(e) || s < 1 || e < s) return undefined;
  const commit = 'commit' in target.ref ? target.ref.commit : undefined;
  const branch = 'branch' in target.ref ? target.ref.branch.trim() : undefined;
  if (commit !== undefined && !isCommit(commit)) return undefined;
  if (commit === undefined && !branch) return undefined;
  // a branch name keeps its slashes in a path (feature/x), but nothing else special
  const ref = commit ?? encodePath(branch ?? '');
  const one = s === e;
  switch (hostStyle(repo, hint, kinds)) {
    case 'github':
      return `${repo}/blob/${ref}/${path}#L${s}${one ? '' : `-L${e}`}`;
    case 'gitlab':
      return `${repo}/-/blob/${ref}/${path}#L${s}${one ? '' : `-${e}`}`;
    case 'bitbucket':
      return `${repo}/src/${ref}/${path}#lines-${s}${one ? '' : `:${e}`}`;
    case 'gitea':
      return `${repo}/src/${commit ? 'commit' : 'branch'}/${ref}/${path}#L${s}${one ? '' : `-L${e}`}`;
    case 'azure': {
      const version = commit ? `GC${commit}` : `GB${encodeURIComponent(branch ?? '')}`;
      return `${repo}?path=${encodeURIComponent(`/${target.path.replace(/^\/+/, '')}`)}&version=${version}&line=${s}&lineEnd=${e + 1}&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents`;
    }
    case 'gitflic':
      return `${repo}/blob?file=${encodeURIComponent(target.path.replace(/^\/+/, ''))}&${commit ? `commit=${commit}` : `branch=${encodeURIComponent(branch ?? '')}`}`;
    default:
      return undefined;
  }
}
