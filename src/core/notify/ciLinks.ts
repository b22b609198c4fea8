/**
 * Reading links and names from a CI's environment: URLs without credentials, a repository's
 * web page, branch and person names, and the commit and pull request pages of known hosts.
 */

/**
 * An http(s) URL from the environment without its credentials, or undefined when it is not
 * one. Also accepts scp-like git remotes (`git@host:group/repo.git`), turned into https.
 */
export function safeUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text || /\s/.test(text)) return undefined;
  const scp = /^(?:[^@/:]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,}):(?!\/\/)([^:]+)$/.exec(text);
  const candidate = scp ? `https://${scp[1]}/${scp[2]}` : text.replace(/^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//, 'https://$1/');
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

/** A repository's web page from a clone or project URL: no credentials, no `.git`, no trailing `/`. */
export function repositoryPage(value: string | undefined): string | undefined {
  const url = safeUrl(value);
  return url?.replace(/\/+$/, '').replace(/\.git$/, '');
}

/** `refs/heads/feature/x` → `feature/x`, `origin/main` → `main`. */
export function branchName(value: string | undefined): string | undefined {
  const name = value
    ?.trim()
    .replace(/^refs\/heads\//, '')
    .replace(/^origin\//, '');
  return name || undefined;
}

/** `Ann Lee <ann@example.com>` → `Ann Lee`: an e-mail address is not for a group chat. */
export function personName(value: string | undefined): string | undefined {
  const name = value
    ?.replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name || /^[^\s@]+@[^\s@]+$/.test(name)) return undefined;
  return name;
}

/** `42`, `#42`, `!42` → `42`; anything else (e.g. Drone's empty value, `false`) → undefined. */
export function requestNumber(value: string | undefined): string | undefined {
  const m = /^[#!]?(\d+)$/.exec(value?.trim() ?? '');
  return m && m[1] !== '0' ? m[1] : undefined;
}

export type HostStyle = 'github' | 'gitlab' | 'bitbucket' | 'azure' | 'gitea';

/** The web style of a repository host, from its name, else from what the CI says it is. */
export function hostStyle(repositoryUrl: string, hint?: string): HostStyle | undefined {
  let host: string;
  try {
    host = new URL(repositoryUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'github.com' || host.endsWith('.github.com') || host.endsWith('.ghe.com')) return 'github';
  if (host === 'bitbucket.org') return 'bitbucket';
  if (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) return 'azure';
  if (host === 'gitlab.com' || host.split('.').includes('gitlab')) return 'gitlab';
  if (host === 'codeberg.org' || /(^|\.)(gitea|forgejo)\./.test(host)) return 'gitea';
  switch (hint?.toLowerCase()) {
    case 'github':
      return 'github';
    case 'gitlab':
      return 'gitlab';
    case 'gitea':
    case 'forgejo':
      return 'gitea';
    case 'azure':
    case 'tfsgit':
      return 'azure';
    default:
      return undefined; // Bitbucket Server, Gerrit, unknown hosts: their URLs differ, so none.
  }
}

/**
 * The web page of a commit, for the hosts whose URL shape is known: GitHub `/commit/SHA`,
 * GitLab `/-/commit/SHA`, Bitbucket Cloud `/commits/SHA`, Azure Repos `/commit/SHA`,
 * Gitea/Forgejo/Codeberg `/commit/SHA`. `hint` names the host kind when its name does not.
 */
export function commitUrlFor(repositoryUrl: string | undefined, commit: string | undefined, hint?: string): string | undefined {
  if (!repositoryUrl || !commit || !/^[0-9a-f]{7,64}$/i.test(commit)) return undefined;
  switch (hostStyle(repositoryUrl, hint)) {
    case 'gitlab':
      return `${repositoryUrl}/-/commit/${commit}`;
    case 'bitbucket':
      return `${repositoryUrl}/commits/${commit}`;
    case 'github':
    case 'azure':
    case 'gitea':
      return `${repositoryUrl}/commit/${commit}`;
    default:
      return undefined;
  }
}

/** The web page of a pull (merge) request, for the hosts whose URL shape is known. */
export function prUrlFor(repositoryUrl: string | undefined, pr: string | undefined, hint?: string): string | undefined {
  if (!repositoryUrl || !pr) return undefined;
  switch (hostStyle(repositoryUrl, hint)) {
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
    default:
      return undefined;
  }
}
