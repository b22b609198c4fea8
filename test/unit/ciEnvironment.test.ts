/** `ok-chat notify` in CI: which CI it is and where to look, from recorded CI environments. */
import * as assert from 'node:assert/strict';
import { commitUrlFor, detectCi, formatBuildMessage, safeUrl, shortCommit, type CiInfo } from '../../src/core';
import { base } from '../helpers/buildResultFixture';
import { ciFixture } from '../helpers/ciFixture';

describe('CI environment', () => {
  const expected: Record<string, CiInfo> = {
    github: {
      provider: 'github',
      runUrl: 'https://github.com/acme/app/actions/runs/11876543210/attempts/2',
      commit: '3f786850e387550fdab836ed7e6dc881de23001b',
      commitUrl: 'https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b',
      author: 'ann-lee',
      branch: 'feature/ci-links',
      pr: '57',
      prUrl: 'https://github.com/acme/app/pull/57',
      repositoryUrl: 'https://github.com/acme/app',
    },
    gitlab: {
      provider: 'gitlab',
      runUrl: 'https://gitlab.example.com/acme/app/-/pipelines/982341',
      commit: 'e83c5163316f89bfbde7d9ab23ca2e25604af290',
      commitUrl: 'https://gitlab.example.com/acme/app/-/commit/e83c5163316f89bfbde7d9ab23ca2e25604af290',
      author: 'bpetrov',
      branch: 'fix/login',
      pr: '88',
      prUrl: 'https://gitlab.example.com/acme/app/-/merge_requests/88',
      repositoryUrl: 'https://gitlab.example.com/acme/app',
    },
    jenkins: {
      provider: 'jenkins',
      runUrl: 'https://ci.example.com/job/app/job/PR-64/73/',
      commit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      commitUrl: 'https://github.com/acme/app/commit/a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      author: 'clara',
      branch: 'perf/build',
      pr: '64',
      prUrl: 'https://github.com/acme/app/pull/64',
      repositoryUrl: 'https://github.com/acme/app',
    },
    teamcity: {
      provider: 'teamcity',
      runUrl: 'https://teamcity.example.com/viewLog.html?buildId=102938',
      commit: 'de9f2c7fd25e1b3afad3e85a0bd17d9b100db4b3',
      commitUrl: 'https://github.com/acme/app/commit/de9f2c7fd25e1b3afad3e85a0bd17d9b100db4b3',
      author: 'Dana Ivanova',
      branch: 'release/2.0',
      repositoryUrl: 'https://github.com/acme/app',
    },
    azure: {
      provider: 'azure',
      runUrl: 'https://dev.azure.com/acme/Main%20Project/_build/results?buildId=20931',
      commit: 'c3499c2729730a7f807efb8676a92dcb6f8a3f8f',
      commitUrl: 'https://dev.azure.com/acme/Main%20Project/_git/app/commit/c3499c2729730a7f807efb8676a92dcb6f8a3f8f',
      author: 'Egor Smirnov',
      branch: 'feature/dark-theme',
      pr: '311',
      prUrl: 'https://dev.azure.com/acme/Main%20Project/_git/app/pullrequest/311',
      repositoryUrl: 'https://dev.azure.com/acme/Main%20Project/_git/app',
    },
    bitbucket: {
      provider: 'bitbucket',
      runUrl: 'https://bitbucket.org/acme/app/pipelines/results/482',
      commit: '7c4a8d09ca3762af61e59520943dc26494f8941b',
      commitUrl: 'https://bitbucket.org/acme/app/commits/7c4a8d09ca3762af61e59520943dc26494f8941b',
      branch: 'feature/export',
      pr: '19',
      prUrl: 'https://bitbucket.org/acme/app/pull-requests/19',
      repositoryUrl: 'https://bitbucket.org/acme/app',
    },
    drone: {
      provider: 'drone',
      runUrl: 'https://drone.example.com/acme/app/91',
      commit: 'b1d5781111d84f7b3fe45a0852e59758cd7a87e5',
      // DRONE_COMMIT_LINK is the pull request's page in a PR build: the commit's page is derived.
      commitUrl: 'https://github.com/acme/app/commit/b1d5781111d84f7b3fe45a0852e59758cd7a87e5',
      author: 'fedor',
      branch: 'feature/search',
      pr: '23',
      prUrl: 'https://github.com/acme/app/pull/23',
      repositoryUrl: 'https://github.com/acme/app',
    },
    woodpecker: {
      provider: 'woodpecker',
      runUrl: 'https://ci.codeberg.example/repos/7/pipeline/144',
      commit: '9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684',
      commitUrl: 'https://codeberg.org/acme/app/commit/9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684',
      author: 'galina',
      branch: 'main',
      repositoryUrl: 'https://codeberg.org/acme/app',
    },
  };

  for (const [provider, info] of Object.entries(expected)) {
    it(`${provider}: run, commit, author, branch and PR from a recorded environment`, () => {
      assert.deepEqual(detectCi(ciFixture(provider)), info);
    });
  }

  it('tells Woodpecker from GitLab by CI=woodpecker, not by the variables both set', () => {
    const woodpecker = ciFixture('woodpecker');
    assert.equal(detectCi(woodpecker)?.provider, 'woodpecker');
    // GitLab's names alone (CI_PIPELINE_URL, CI_COMMIT_SHA) are not GitLab without GITLAB_CI.
    const { CI: _ci, WOODPECKER_BRANCH: _w, ...shared } = woodpecker;
    assert.equal(detectCi(shared), undefined);
    assert.equal(detectCi(ciFixture('gitlab'))?.provider, 'gitlab');
    // A Woodpecker agent started from a GitLab runner's shell still reports Woodpecker.
    assert.equal(detectCi({ ...ciFixture('gitlab'), CI: 'woodpecker' })?.provider, 'woodpecker');
  });

  it('GitHub: a push build has the branch from GITHUB_REF_NAME, no PR, no attempt in the first run', () => {
    const env = { ...ciFixture('github'), GITHUB_TRIGGERING_ACTOR: 'release-bot', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_HEAD_REF: '', GITHUB_RUN_ATTEMPT: '1' };
    const ci = detectCi(env);
    assert.equal(ci?.branch, 'main');
    assert.equal(ci?.author, 'ann-lee', 'who pushed, not who re-ran it');
    assert.equal(ci?.pr, undefined);
    assert.equal(ci?.runUrl, 'https://github.com/acme/app/actions/runs/11876543210');
  });

  it('GitHub Enterprise Server: links on the server named by GITHUB_SERVER_URL', () => {
    const ci = detectCi({ ...ciFixture('github'), GITHUB_SERVER_URL: 'https://git.corp.example' });
    assert.equal(ci?.commitUrl, 'https://git.corp.example/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b');
  });

  it('TeamCity without the server URL and build id in the environment has no run link', () => {
    const { TEAMCITY_SERVER_URL: _s, ...env } = ciFixture('teamcity');
    const ci = detectCi(env);
    assert.equal(ci?.provider, 'teamcity');
    assert.equal(ci?.runUrl, undefined);
    assert.equal(ci?.commit, 'de9f2c7fd25e1b3afad3e85a0bd17d9b100db4b3');
  });

  it('Jenkins freestyle job: the branch from GIT_BRANCH without origin/, the author from git', () => {
    const { CHANGE_ID: _a, CHANGE_URL: _b, CHANGE_AUTHOR: _c, CHANGE_BRANCH: _d, BRANCH_NAME: _e, ...env } = ciFixture('jenkins');
    const ci = detectCi({ ...env, GIT_BRANCH: 'origin/develop' });
    assert.equal(ci?.branch, 'develop');
    assert.equal(ci?.author, 'Clara Diaz');
    assert.equal(ci?.pr, undefined);
  });

  it('an e-mail address is never shown as the author', () => {
    assert.equal(detectCi({ ...ciFixture('gitlab'), GITLAB_USER_LOGIN: '' })?.author, 'Boris Petrov');
    assert.equal(detectCi({ ...ciFixture('drone'), DRONE_COMMIT_AUTHOR: 'fedor@example.com', DRONE_COMMIT_AUTHOR_NAME: '' })?.author, undefined);
  });

  it('a credential in a URL from the environment never reaches the message', () => {
    const secrets = ['ghp_aB3dEf6HiJ9kLmN0pQrStUvWxYz123456789', 'jenkins-bot', 'glcbt-64_Xx9Secret', 's3cr3t-pass', 'acme@'];
    const envs = [
      ciFixture('jenkins'),
      ciFixture('gitlab'),
      ciFixture('azure'),
      { ...ciFixture('gitlab'), CI_PIPELINE_URL: 'https://ci:s3cr3t-pass@gitlab.example.com/acme/app/-/pipelines/1', CI_PROJECT_URL: 'https://gitlab-ci-token:glcbt-64_Xx9Secret@gitlab.example.com/acme/app' },
      { ...ciFixture('drone'), DRONE_BUILD_LINK: 'https://jenkins-bot:s3cr3t-pass@drone.example.com/acme/app/91', DRONE_REPO_LINK: 'https://ghp_aB3dEf6HiJ9kLmN0pQrStUvWxYz123456789@github.com/acme/app' },
      { ...ciFixture('teamcity'), TEAMCITY_SERVER_URL: 'https://admin:s3cr3t-pass@teamcity.example.com' },
    ];
    for (const env of envs) {
      const ci = detectCi(env);
      assert.ok(ci?.runUrl && ci.commitUrl, `${ci?.provider} has links`);
      const message = formatBuildMessage({ ...base, exitCode: 1, ...ci, branch: ci?.branch });
      const all = `${JSON.stringify(ci)}\n${message}`;
      for (const secret of secrets) assert.ok(!all.includes(secret), `${secret} leaked by ${ci?.provider}: ${all}`);
      assert.ok(message.includes(ci.runUrl), message);
    }
    assert.equal(safeUrl('https://user:token@host.example/x'), 'https://host.example/x');
    assert.equal(safeUrl('git@github.com:acme/app.git'), 'https://github.com/acme/app.git');
    assert.equal(safeUrl('ssh://git@gitlab.example.com:2222/acme/app.git'), 'https://gitlab.example.com/acme/app.git');
    assert.equal(safeUrl('javascript:alert(1)'), undefined);
    assert.equal(safeUrl('file:///etc/passwd'), undefined);
  });

  it('derives commit links only for hosts whose URL shape is known', () => {
    const sha = 'e83c5163316f89bfbde7d9ab23ca2e25604af290';
    assert.equal(commitUrlFor('https://github.com/a/b', sha), `https://github.com/a/b/commit/${sha}`);
    assert.equal(commitUrlFor('https://gitlab.com/a/b', sha), `https://gitlab.com/a/b/-/commit/${sha}`);
    assert.equal(commitUrlFor('https://bitbucket.org/a/b', sha), `https://bitbucket.org/a/b/commits/${sha}`);
    assert.equal(commitUrlFor('https://gitea.example.com/a/b', sha), `https://gitea.example.com/a/b/commit/${sha}`);
    assert.equal(commitUrlFor('https://git.example.com/a/b', sha), undefined);
    assert.equal(commitUrlFor('https://git.example.com/a/b', sha, 'gitlab'), `https://git.example.com/a/b/-/commit/${sha}`);
    assert.equal(commitUrlFor('https://github.com/a/b', 'not a sha'), undefined);
  });

  it('outside CI: nothing detected, and the message is what it always was', () => {
    const local = { PATH: '/usr/bin', HOME: '/home/ann', LANG: 'en_US.UTF-8', SHELL: '/bin/zsh', TERM: 'xterm-256color', GITHUB_REF_NAME: 'main', CI_COMMIT_SHA: 'abc', BUILD_URL: 'https://ci.example.com/1/' };
    assert.equal(detectCi(local), undefined);
    assert.equal(detectCi({}), undefined);
    assert.equal(detectCi({ CI: 'true' }), undefined, 'an unknown CI');
    const msg = formatBuildMessage({ ...base, exitCode: 2, durationMs: 65_000, workspace: 'my-app', branch: 'main' });
    assert.equal(msg, '❌ build failed (exit code 2) · 1 min 05 s\nmy-app · main · 14:03');
  });

  it('in CI the default messages add who, which commit and PR, the run link and the commit link', () => {
    const ci = detectCi(ciFixture('github'));
    const result = { ...base, exitCode: 2, durationMs: 65_000, workspace: 'acme/app', ...ci };
    const lines = [
      'ann-lee · commit 3f78685 · PR #57',
      'https://github.com/acme/app/actions/runs/11876543210/attempts/2',
      'https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b',
    ];
    assert.equal(formatBuildMessage(result), ['❌ build failed (exit code 2) · 1 min 05 s', 'acme/app · feature/ci-links · 14:03', ...lines].join('\n'));
    assert.equal(formatBuildMessage(result, { transition: 'fixed' }).split('\n').slice(2).join('\n'), lines.join('\n'));
    assert.equal(formatBuildMessage(result, { transition: 'broken' }).split('\n').slice(2).join('\n'), lines.join('\n'));
    // Only a run link known (TeamCity without a repository): the other CI lines disappear.
    const only = formatBuildMessage({ ...base, exitCode: 0, runUrl: 'https://tc.example.com/viewLog.html?buildId=1' });
    assert.equal(only, '✅ build succeeded (exit code 0)\n14:03\nhttps://tc.example.com/viewLog.html?buildId=1');
    assert.equal(formatBuildMessage({ ...base, exitCode: 0, commit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }), '✅ build succeeded (exit code 0)\n14:03\ncommit a94a8fe');
  });

  it('{commit} is 7 hex digits; other revisions stay as they are', () => {
    assert.equal(shortCommit('a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'), 'a94a8fe');
    assert.equal(shortCommit('12345'), '12345');
    assert.equal(shortCommit('r1842'), 'r1842');
    assert.equal(shortCommit(undefined), '');
  });
});
