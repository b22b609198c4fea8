/** `ok-chat notify` in CI (a real `node` process against the fake server): where to look, from the CI's environment. */
import * as assert from 'node:assert/strict';
import { BUILD_TEMPLATE_VARIABLES } from '../../src/core';
import { CHAT, describeBuiltCli, hhmm, runCli, server, type Run } from '../helpers/builtCli';
import { ciFixture } from '../helpers/ciFixture';

describeBuiltCli(() => {
  describe('notify in CI', () => {
    /** A recorded CI environment, minus what the test harness sets itself (PATH, HOME). */
    function ciEnv(provider: string): Record<string, string | undefined> {
      const { PATH: _p, HOME: _h, ...env } = ciFixture(provider);
      return env;
    }
    async function notify(args: string[], env: Record<string, string | undefined>): Promise<Run & { times: string[] }> {
      const before = new Date();
      const r = await runCli(['notify', '--chat', CHAT, ...args], { env });
      return { ...r, times: [...new Set([hhmm(before), hhmm(new Date())])] };
    }
    const oneOf = (text: string | undefined, variants: string[]) => assert.ok(text !== undefined && variants.includes(text), `${text} is one of ${variants.join(' | ')}`);

    it('GitHub Actions: the posted message has the run link, the commit and its link, the author and the PR', async () => {
      const r = await notify(['--status', '1', '--name', 'unit tests', '--duration', '65s'], ciEnv('github'));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.messages.length, 1);
      oneOf(
        server.messages[0].text,
        r.times.map((t) =>
          [
            '❌ unit tests failed (exit code 1) · 1 min 05 s',
            `acme/app · feature/ci-links · ${t}`,
            'ann-lee · commit 3f78685 · PR #57',
            'https://github.com/acme/app/actions/runs/11876543210/attempts/2',
            'https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b',
          ].join('\n'),
        ),
      );
    });

    it('the options win over the CI; an empty one shows nothing', async () => {
      const r = await notify(
        ['--status', '0', '--branch', 'main', '--workspace=', '--author=', '--pr', '#9', '--commit', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', '--run-url', 'https://bot:s3cr3t@ci.example.com/runs/5'],
        ciEnv('github'),
      );
      assert.equal(r.code, 0, r.stderr);
      oneOf(
        server.messages[0].text,
        r.times.map((t) =>
          [
            '✅ build succeeded (exit code 0)',
            `main · ${t}`,
            'commit a94a8fe · PR #9',
            'https://ci.example.com/runs/5',
            // Another commit: its link comes from the repository's address.
            'https://github.com/acme/app/commit/a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
          ].join('\n'),
        ),
      );
    });

    it('Woodpecker: --commit swaps the commit in the link the CI gave; --commit-url sets it', async () => {
      const env = { ...ciEnv('woodpecker'), OK_ACCESS_TOKEN: undefined };
      const other = await notify(['--status', '0', '--dry-run', '--commit', '0123456789abcdef0123456789abcdef01234567'], env);
      assert.equal(other.code, 0, other.stderr);
      assert.match(other.stdout, /^galina · commit 0123456$/m);
      assert.match(other.stdout, /^https:\/\/codeberg\.org\/acme\/app\/commit\/0123456789abcdef0123456789abcdef01234567$/m);
      assert.ok(!other.stdout.includes('9d4e1e2'), other.stdout);
      const set = await notify(['--status', '0', '--dry-run', '--commit-url', 'https://git.example.com/c/1'], env);
      assert.match(set.stdout, /^https:\/\/git\.example\.com\/c\/1$/m);
      assert.match(set.stdout, /^https:\/\/ci\.codeberg\.example\/repos\/7\/pipeline\/144$/m);
    });

    it('--help lists every template variable and the CI options', async () => {
      const help = (await runCli(['notify', '--help'])).stdout;
      for (const v of BUILD_TEMPLATE_VARIABLES) assert.ok(help.includes(`{${v}}`), `notify help mentions {${v}}`);
      for (const o of ['--run-url', '--commit', '--commit-url', '--author', '--pr', 'GitHub Actions', 'GitLab CI', 'Jenkins', 'TeamCity', 'Azure Pipelines', 'Bitbucket Pipelines', 'Drone', 'Woodpecker']) {
        assert.ok(help.includes(o), `notify help mentions ${o}`);
      }
    });

    it('refuses a --run-url that is not a web address, and a --pr that is not a number', async () => {
      const url = await notify(['--status', '0', '--run-url', 'see the log', '--dry-run'], {});
      assert.equal(url.code, 2);
      assert.match(url.stderr, /--run-url must be an http\(s\) URL, not "see the log"/);
      const pr = await notify(['--status', '0', '--pr', 'feature/x', '--dry-run'], {});
      assert.equal(pr.code, 2);
      assert.match(pr.stderr, /--pr must be a pull request number/);
      assert.equal(server.messages.length, 0);
    });

    it('Jenkins: the token in GIT_URL never reaches the chat; BRANCH_NAME (PR-64) stays the branch as before', async () => {
      const env = ciEnv('jenkins');
      const r = await notify(['--status', '2', '--dry-run'], { ...env, OK_ACCESS_TOKEN: undefined });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!`${r.stdout}${r.stderr}`.includes('ghp_aB3dEf6HiJ9kLmN0pQrStUvWxYz123456789'), r.stdout);
      assert.ok(!`${r.stdout}${r.stderr}`.includes('jenkins-bot'), r.stdout);
      assert.match(r.stdout, /^PR-64 · \d\d:\d\d$/m, 'the branch variables the CLI read before (BRANCH_NAME) still come first');
      assert.match(r.stdout, /^clara · commit a94a8fe · PR #64$/m);
      assert.match(r.stdout, /^https:\/\/ci\.example\.com\/job\/app\/job\/PR-64\/73\/$/m);
      assert.match(r.stdout, /^https:\/\/github\.com\/acme\/app\/commit\/a94a8fe5ccb19ba61c4c0873d391e987982fbbd3$/m);
    });

    it('Azure Pipelines: the branch comes from the CI when no variable the CLI knew gives one', async () => {
      const r = await notify(['--status', '0', '--dry-run'], { ...ciEnv('azure'), OK_ACCESS_TOKEN: undefined });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^feature\/dark-theme · \d\d:\d\d$/m);
      assert.match(r.stdout, /^https:\/\/dev\.azure\.com\/acme\/Main%20Project\/_build\/results\?buildId=20931$/m);
      assert.ok(!r.stdout.includes('acme@'), r.stdout);
    });
  });
});
