/**
 * Which CI a build runs in, and where to look at it: the run, the commit, who pushed it, the
 * branch and the pull (merge) request, from each CI's documented environment variables.
 * Pure: it reads only the environment object it is given (no files, no processes).
 *
 * Every URL taken from the environment loses its user name and password
 * (`https://user:token@host/...`, as in Jenkins' GIT_URL or Azure's BUILD_REPOSITORY_URI), so a
 * credential never reaches a chat message.
 */

import { branchName, personName, requestNumber } from './ciLinks';
import { commitUrlFor, prUrlFor, repositoryPage, safeUrl } from '../model/gitHosts';

export type CiProvider = 'github' | 'gitlab' | 'jenkins' | 'teamcity' | 'azure' | 'bitbucket' | 'drone' | 'woodpecker';

export interface CiInfo {
  provider: CiProvider;
  /** The page of this run (workflow run, pipeline, build). */
  runUrl?: string;
  /** The full commit id (or revision) being built. */
  commit?: string;
  commitUrl?: string;
  /** Who pushed or started it (a login or a name; never an e-mail address). */
  author?: string;
  branch?: string;
  /** The pull/merge request number, without `#` or `!`. */
  pr?: string;
  prUrl?: string;
  /** The repository's web page (no credentials, no `.git`). */
  repositoryUrl?: string;
}

export type CiEnv = Readonly<Record<string, string | undefined>>;

/** The first non-blank value among the names, trimmed (the CLI reads its branch and workspace variables with it too). */
export function firstEnv(env: CiEnv, ...names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Fills the commit and PR links the CI did not give, then drops empty fields. */
function complete(info: CiInfo, hint?: string): CiInfo {
  const full: CiInfo = {
    ...info,
    commitUrl: safeUrl(info.commitUrl) ?? commitUrlFor(info.repositoryUrl, info.commit, hint),
    prUrl: safeUrl(info.prUrl) ?? prUrlFor(info.repositoryUrl, info.pr, hint),
    runUrl: safeUrl(info.runUrl),
  };
  for (const key of Object.keys(full) as (keyof CiInfo)[]) if (full[key] === undefined) delete full[key];
  return full;
}

function github(env: CiEnv): CiInfo {
  const server = safeUrl(firstEnv(env, 'GITHUB_SERVER_URL') ?? 'https://github.com')?.replace(/\/+$/, '');
  const repository = firstEnv(env, 'GITHUB_REPOSITORY');
  const repositoryUrl = server && repository ? `${server}/${repository}` : undefined;
  const runId = firstEnv(env, 'GITHUB_RUN_ID');
  const attempt = firstEnv(env, 'GITHUB_RUN_ATTEMPT');
  const runUrl = repositoryUrl && runId ? `${repositoryUrl}/actions/runs/${runId}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}` : undefined;
  const pr = requestNumber(/^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(firstEnv(env, 'GITHUB_REF') ?? '')?.[1]);
  // In a pull_request run GITHUB_SHA is the test merge commit; the head commit is only in the
  // event payload file, which this module does not read (pass --commit to show that one).
  const commit = firstEnv(env, 'GITHUB_SHA');
  return complete({
    provider: 'github',
    runUrl,
    commit,
    // GITHUB_ACTOR started the first run; GITHUB_TRIGGERING_ACTOR may be whoever re-ran it.
    author: personName(firstEnv(env, 'GITHUB_ACTOR', 'GITHUB_TRIGGERING_ACTOR')),
    branch: branchName(firstEnv(env, 'GITHUB_HEAD_REF', 'GITHUB_REF_NAME')),
    pr,
    repositoryUrl,
  }, 'github');
}

function gitlab(env: CiEnv): CiInfo {
  const repositoryUrl = repositoryPage(firstEnv(env, 'CI_PROJECT_URL'));
  const pr = requestNumber(firstEnv(env, 'CI_MERGE_REQUEST_IID'));
  const mrProject = repositoryPage(firstEnv(env, 'CI_MERGE_REQUEST_PROJECT_URL')) ?? repositoryUrl;
  return complete({
    provider: 'gitlab',
    runUrl: firstEnv(env, 'CI_PIPELINE_URL', 'CI_JOB_URL'),
    commit: firstEnv(env, 'CI_COMMIT_SHA'),
    author: personName(firstEnv(env, 'GITLAB_USER_LOGIN', 'CI_COMMIT_AUTHOR')),
    branch: branchName(firstEnv(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME', 'CI_COMMIT_BRANCH', 'CI_COMMIT_REF_NAME')),
    pr,
    prUrl: pr && mrProject ? `${mrProject}/-/merge_requests/${pr}` : undefined,
    repositoryUrl,
  }, 'gitlab');
}

function jenkins(env: CiEnv): CiInfo {
  const pr = requestNumber(firstEnv(env, 'CHANGE_ID'));
  return complete({
    provider: 'jenkins',
    runUrl: firstEnv(env, 'BUILD_URL', 'RUN_DISPLAY_URL'),
    commit: firstEnv(env, 'GIT_COMMIT'),
    author: personName(firstEnv(env, 'CHANGE_AUTHOR', 'GIT_AUTHOR_NAME', 'GIT_COMMITTER_NAME')),
    // A multibranch PR build is named PR-42 (BRANCH_NAME); CHANGE_BRANCH is its source branch.
    branch: branchName(firstEnv(env, 'CHANGE_BRANCH', 'BRANCH_NAME', 'GIT_BRANCH', 'GIT_LOCAL_BRANCH')),
    pr,
    prUrl: firstEnv(env, 'CHANGE_URL'),
    repositoryUrl: repositoryPage(firstEnv(env, 'GIT_URL', 'GIT_URL_1')),
  });
}

function teamcity(env: CiEnv): CiInfo {
  // TeamCity puts the server URL and the build id in configuration parameters
  // (%teamcity.serverUrl%, %teamcity.build.id%), not in the environment. The run URL is only
  // known when the build configuration passes both on as environment variables
  // (env.TEAMCITY_SERVER_URL and env.TEAMCITY_BUILD_ID), or passes a ready BUILD_URL.
  const server = safeUrl(firstEnv(env, 'TEAMCITY_SERVER_URL'))?.replace(/\/+$/, '');
  const buildId = firstEnv(env, 'TEAMCITY_BUILD_ID');
  const runUrl = server && buildId && /^\d+$/.test(buildId) ? `${server}/viewLog.html?buildId=${buildId}` : firstEnv(env, 'BUILD_URL');
  return complete({
    provider: 'teamcity',
    runUrl,
    commit: firstEnv(env, 'BUILD_VCS_NUMBER'),
    author: personName(firstEnv(env, 'TEAMCITY_BUILD_TRIGGEREDBY')),
    branch: branchName(firstEnv(env, 'TEAMCITY_BUILD_BRANCH')),
    repositoryUrl: repositoryPage(firstEnv(env, 'TEAMCITY_REPOSITORY_URL')),
  });
}

function azure(env: CiEnv): CiInfo {
  const collection = safeUrl(firstEnv(env, 'SYSTEM_COLLECTIONURI'))?.replace(/\/*$/, '/');
  const project = firstEnv(env, 'SYSTEM_TEAMPROJECT');
  const buildId = firstEnv(env, 'BUILD_BUILDID');
  const runUrl = collection && project && buildId ? `${collection}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(buildId)}` : undefined;
  const repositoryUrl = repositoryPage(firstEnv(env, 'BUILD_REPOSITORY_URI'));
  const repoKind = firstEnv(env, 'BUILD_REPOSITORY_PROVIDER'); // TfsGit, GitHub, Bitbucket, ...
  // GitHub repositories number their pull requests (…NUMBER); Azure Repos use the id (…ID).
  const pr = requestNumber(firstEnv(env, 'SYSTEM_PULLREQUEST_PULLREQUESTNUMBER', 'SYSTEM_PULLREQUEST_PULLREQUESTID'));
  return complete({
    provider: 'azure',
    runUrl,
    commit: firstEnv(env, 'BUILD_SOURCEVERSION'),
    author: personName(firstEnv(env, 'BUILD_REQUESTEDFOR')),
    // BUILD_SOURCEBRANCHNAME is only the last segment of feature/x; the full refs name is better.
    branch: branchName(firstEnv(env, 'SYSTEM_PULLREQUEST_SOURCEBRANCH') ?? (/^refs\/heads\//.test(firstEnv(env, 'BUILD_SOURCEBRANCH') ?? '') ? firstEnv(env, 'BUILD_SOURCEBRANCH') : firstEnv(env, 'BUILD_SOURCEBRANCHNAME'))),
    pr,
    repositoryUrl,
  }, repoKind);
}

function bitbucket(env: CiEnv): CiInfo {
  // BITBUCKET_GIT_HTTP_ORIGIN is documented as http://bitbucket.org/<workspace>/<repo>.
  const origin = repositoryPage(firstEnv(env, 'BITBUCKET_GIT_HTTP_ORIGIN'))?.replace(/^http:\/\/bitbucket\.org\//, 'https://bitbucket.org/');
  const build = firstEnv(env, 'BITBUCKET_BUILD_NUMBER');
  return complete({
    provider: 'bitbucket',
    runUrl: origin && build ? `${origin}/pipelines/results/${build}` : undefined,
    commit: firstEnv(env, 'BITBUCKET_COMMIT'),
    branch: branchName(firstEnv(env, 'BITBUCKET_BRANCH')),
    pr: requestNumber(firstEnv(env, 'BITBUCKET_PR_ID')),
    repositoryUrl: origin,
  });
}

function drone(env: CiEnv): CiInfo {
  const commit = firstEnv(env, 'DRONE_COMMIT_SHA', 'DRONE_COMMIT');
  // DRONE_COMMIT_LINK is the commit's page for a push, but the pull request's or a compare
  // page for other events: only taken when it names the commit.
  const link = firstEnv(env, 'DRONE_COMMIT_LINK');
  return complete({
    provider: 'drone',
    runUrl: firstEnv(env, 'DRONE_BUILD_LINK'),
    commit,
    commitUrl: link && commit && link.includes(commit) ? link : undefined,
    author: personName(firstEnv(env, 'DRONE_COMMIT_AUTHOR', 'DRONE_COMMIT_AUTHOR_NAME')),
    // In a pull request build DRONE_BRANCH is the target branch; the source one is the build's.
    branch: branchName(firstEnv(env, 'DRONE_SOURCE_BRANCH', 'DRONE_BRANCH')),
    pr: requestNumber(firstEnv(env, 'DRONE_PULL_REQUEST')),
    repositoryUrl: repositoryPage(firstEnv(env, 'DRONE_REPO_LINK', 'DRONE_GIT_HTTP_URL')),
  });
}

function woodpecker(env: CiEnv): CiInfo {
  return complete({
    provider: 'woodpecker',
    runUrl: firstEnv(env, 'CI_PIPELINE_URL', 'CI_BUILD_LINK'),
    commit: firstEnv(env, 'CI_COMMIT_SHA'),
    commitUrl: firstEnv(env, 'CI_COMMIT_URL', 'CI_COMMIT_LINK'),
    author: personName(firstEnv(env, 'CI_COMMIT_AUTHOR')),
    branch: branchName(firstEnv(env, 'CI_COMMIT_SOURCE_BRANCH', 'CI_COMMIT_BRANCH')),
    pr: requestNumber(firstEnv(env, 'CI_COMMIT_PULL_REQUEST')),
    repositoryUrl: repositoryPage(firstEnv(env, 'CI_REPO_URL', 'CI_REPO_LINK')),
  }, firstEnv(env, 'CI_FORGE_TYPE', 'CI_SYSTEM_PLATFORM'));
}

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

/**
 * The CI the process runs in, from its environment; undefined outside a known CI.
 * Woodpecker sets variables GitLab (CI_PIPELINE_URL, CI_COMMIT_SHA) and Drone also set, so it is
 * told apart by its own marks (CI=woodpecker, WOODPECKER_*) before the others are tried.
 */
export function detectCi(env: CiEnv): CiInfo | undefined {
  if (env.CI?.trim().toLowerCase() === 'woodpecker' || Object.keys(env).some((name) => name.startsWith('WOODPECKER_'))) return woodpecker(env);
  if (isTrue(env.GITHUB_ACTIONS)) return github(env);
  if (isTrue(env.GITLAB_CI)) return gitlab(env);
  if (firstEnv(env, 'TF_BUILD') && firstEnv(env, 'BUILD_BUILDID')) return azure(env);
  if (firstEnv(env, 'BITBUCKET_BUILD_NUMBER') && firstEnv(env, 'BITBUCKET_COMMIT')) return bitbucket(env);
  if (isTrue(env.DRONE)) return drone(env);
  if (firstEnv(env, 'TEAMCITY_VERSION')) return teamcity(env);
  if (firstEnv(env, 'JENKINS_URL', 'JENKINS_HOME') && firstEnv(env, 'BUILD_URL', 'BUILD_ID', 'BUILD_NUMBER')) return jenkins(env);
  return undefined;
}

/**
 * The variables naming a CI's run (all needed) and, where the CI gives them, its job or step and
 * the attempt (each taken when set): a job's "started" message and its result share them.
 */
const RUN_KEYS: Readonly<Record<CiProvider, { run: readonly (readonly string[])[]; job: readonly (readonly string[])[] }>> = {
  github: { run: [['GITHUB_REPOSITORY'], ['GITHUB_RUN_ID']], job: [['GITHUB_RUN_ATTEMPT'], ['GITHUB_JOB']] },
  gitlab: { run: [['CI_PROJECT_ID', 'CI_PROJECT_PATH'], ['CI_PIPELINE_ID']], job: [['CI_JOB_ID']] },
  jenkins: { run: [['JOB_NAME'], ['BUILD_NUMBER', 'BUILD_ID']], job: [] },
  teamcity: { run: [['TEAMCITY_BUILD_ID', 'BUILD_NUMBER']], job: [['TEAMCITY_BUILDCONF_NAME']] },
  azure: { run: [['BUILD_BUILDID']], job: [['SYSTEM_JOBID', 'SYSTEM_JOBNAME'], ['SYSTEM_JOBATTEMPT']] },
  bitbucket: { run: [['BITBUCKET_REPO_FULL_NAME', 'BITBUCKET_REPO_UUID'], ['BITBUCKET_BUILD_NUMBER']], job: [['BITBUCKET_STEP_UUID']] },
  drone: { run: [['DRONE_REPO'], ['DRONE_BUILD_NUMBER']], job: [['DRONE_STAGE_NUMBER', 'DRONE_STAGE_NAME']] },
  woodpecker: { run: [['CI_REPO', 'CI_REPO_ID'], ['CI_PIPELINE_NUMBER']], job: [['CI_WORKFLOW_NAME', 'CI_WORKFLOW_NUMBER']] },
};

/**
 * The run and job of the CI the process runs in, as one key (`github:acme/app/11876543210/2/test`):
 * what ties a job's "started" message to its result. Undefined outside a known CI, or when the CI
 * does not name the run.
 */
export function ciRunKey(env: CiEnv): string | undefined {
  const ci = detectCi(env);
  if (!ci) return undefined;
  const { run, job } = RUN_KEYS[ci.provider];
  const runParts = run.map((names) => firstEnv(env, ...names));
  if (runParts.some((part) => part === undefined)) return undefined;
  const jobParts = job.map((names) => firstEnv(env, ...names)).filter((part) => part !== undefined);
  return `${ci.provider}:${[...runParts, ...jobParts].join('/')}`;
}
