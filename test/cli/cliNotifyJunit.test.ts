/** `ok-chat notify --junit` (a real `node` process against the fake server): what failed, in the message, with links to the lines. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT, ROOT, describeBuiltCli, runCli, server, work } from '../helpers/builtCli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'junit');

describeBuiltCli(() => {
  describe('notify --junit', () => {
    let repo: string;
    let sha: string;
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Ann Lee', '-c', 'user.email=ann@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: work, GIT_CEILING_DIRECTORIES: work },
      }).trim();
    const file = (rel: string, text = 'x\n') => {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), text);
    };

    before(() => {
      repo = path.join(work, 'app');
      mkdirSync(repo, { recursive: true });
      git('init', '-q');
      for (const rel of ['src/test/java/com/acme/payment/PaymentServiceTest.java', 'src/test/java/com/acme/BulkTest.java', 'src/sum.test.js', 'src/broken.test.js', 'pkg/auth/auth_test.go', 'pkg/store/store_test.go']) file(rel);
      git('add', '-A');
      git('commit', '-q', '-m', 'the code');
      sha = git('rev-parse', 'HEAD');
      // the reports are build output, not files of the repository
      mkdirSync(path.join(repo, 'target', 'surefire-reports'), { recursive: true });
      copyFileSync(path.join(FIXTURES, 'surefire', 'TEST-com.acme.payment.PaymentServiceTest.xml'), path.join(repo, 'target', 'surefire-reports', 'TEST-com.acme.payment.PaymentServiceTest.xml'));
      const passing = Array.from({ length: 335 }, (_, i) => `  <testcase name="case${i}" classname="com.acme.BulkTest" time="0.001"/>`);
      const failing = `  <testcase name="sums" classname="com.acme.BulkTest" time="0.002">
    <failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <1> but was: <2>
	at com.acme.BulkTest.sums(BulkTest.java:7)
]]></failure>
  </testcase>`;
      writeFileSync(
        path.join(repo, 'target', 'surefire-reports', 'TEST-com.acme.BulkTest.xml'),
        `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="com.acme.BulkTest" tests="336" failures="1" errors="0" skipped="0">\n${[...passing, failing].join('\n')}\n</testsuite>\n`,
      );
    });

    const github = () => ({ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: sha, GITHUB_RUN_ID: '42', GITHUB_REF_NAME: 'main' });
    const blob = (rel: string, line: number) => `https://github.com/acme/app/blob/${sha}/${rel}#L${line}`;
    /** Runs `notify` (a failure of "unit tests" unless `args` say otherwise), which must exit 0. */
    const notify = async (args: string[], env: Record<string, string> = github()) => {
      const r = await runCli(['notify', '--chat', CHAT, '--status', '1', '--name', 'unit tests', ...args], { cwd: repo, env });
      assert.equal(r.code, 0, r.stderr);
      return r;
    };
    const findingsOf = (text: string | undefined) => text?.slice(text.indexOf('\n\n') + 2) ?? '';

    it('posts "3 of 340 tests failed" with each failed test, its first line and its permalink at the built commit', async () => {
      const r = await notify(['--junit', 'target/surefire-reports/*.xml']);
      assert.doesNotMatch(r.stderr, /warning/);
      assert.equal(server.messages.length, 1);
      assert.equal(
        findingsOf(server.messages[0].text),
        [
          '3 of 340 tests failed:',
          '• com.acme.BulkTest.sums — expected: <1> but was: <2>',
          `  ${blob('src/test/java/com/acme/BulkTest.java', 7)}`,
          '• com.acme.payment.PaymentServiceTest.rejectsExpiredCard — expected: <DECLINED> but was: <APPROVED>',
          `  ${blob('src/test/java/com/acme/payment/PaymentServiceTest.java', 42)}`,
          '• com.acme.payment.PaymentServiceTest.refunds — Connection refused',
          `  ${blob('src/test/java/com/acme/payment/PaymentServiceTest.java', 58)}`,
        ].join('\n'),
      );
      assert.match(server.messages[0].text ?? '', /^❌ unit tests failed \(exit code 1\)\n/);
    });

    it('several --junit, a folder, absolute runner paths and Go package paths', async () => {
      const reports = path.join(work, 'reports');
      mkdirSync(reports, { recursive: true });
      copyFileSync(path.join(FIXTURES, 'jest', 'junit.xml'), path.join(reports, 'jest.xml'));
      copyFileSync(path.join(FIXTURES, 'go', 'report.xml'), path.join(work, 'go.xml'));
      await notify(['--junit', reports, '--junit', path.join(work, 'go.xml'), '--template', '{failedTests}']);
      assert.equal(
        server.messages[0].text,
        [
          '4 of 8 tests failed:',
          '• sum adds negative numbers — Error: expect(received).toBe(expected) // Object.is equality',
          `  ${blob('src/sum.test.js', 9)}`,
          "• Test suite failed to run src/broken.test.js — Cannot find module './missing' from 'src/broken.test.js'",
          `  ${blob('src/broken.test.js', 1)}`,
          '• github.com/acme/app/pkg/auth.TestLogout — auth_test.go:21: session still active after logout',
          `  ${blob('pkg/auth/auth_test.go', 21)}`,
          '• github.com/acme/app/pkg/store.TestGet/missing_key — store_test.go:11: Error message',
          `  ${blob('pkg/store/store_test.go', 11)}`,
        ].join('\n'),
      );
    });

    it('outside CI, without a remote: the path and line from git, no link', async () => {
      await notify(['--junit', 'target/surefire-reports/TEST-com.acme.BulkTest.xml', '--template', '{failedTests}'], {});
      assert.equal(server.messages[0].text, '1 of 336 tests failed:\n• com.acme.BulkTest.sums — expected: <1> but was: <2>\n  src/test/java/com/acme/BulkTest.java:7');
    });

    it('a file that is not JUnit: a clear warning, and the message without that part', async () => {
      copyFileSync(path.join(FIXTURES, 'not-junit', 'report.html'), path.join(work, 'index.html'));
      const r = await notify(['--junit', path.join(work, 'index.html'), '--junit', 'nothing-here/*.xml', '--branch', 'main', '--workspace', 'app'], {});
      assert.match(r.stderr, /warning: --junit: .*index\.html is not a JUnit XML report: it is an HTML page/);
      assert.match(r.stderr, /warning: --junit: no file matches nothing-here\/\*\.xml\./);
      assert.match(server.messages[0].text ?? '', /^❌ unit tests failed \(exit code 1\)\napp · main · \d\d:\d\d$/);
    });

    it('a success reads no report and shows none', async () => {
      await notify(['--status', '0', '--junit', 'target/surefire-reports/*.xml', '--template', '{icon} {name}\\n{failedTests}']);
      assert.equal(server.messages[0].text, '✅ unit tests');
    });

    it('cut to a tiny --max-length: the output and the items go, the first line and "3 of 340 tests failed" stay', async () => {
      writeFileSync(path.join(work, 'build.log'), Array.from({ length: 40 }, (_, i) => `[INFO] step ${i}`).join('\n'));
      const args = ['--junit', 'target/surefire-reports/*.xml', '--output-file', path.join(work, 'build.log'), '--branch', 'main', '--workspace', 'app'];
      await notify([...args, '--max-length', '120'], {});
      assert.equal(server.messages.length, 1, 'one message');
      assert.match(server.messages[0].text ?? '', /^❌ unit tests failed \(exit code 1\)\napp · main · \d\d:\d\d\n\n3 of 340 tests failed$/);
      // a little more room: the first item comes back, still no output
      await notify([...args, '--max-length', '200'], {});
      assert.match(server.messages[1].text ?? '', /\n\n3 of 340 tests failed:\n• com\.acme\.BulkTest\.sums — expected: <1> but was: <2>\n {2}src\/test\/java\/com\/acme\/BulkTest\.java:7\n… and 2 more$/);
    });
  });
});
