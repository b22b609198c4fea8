/**
 * The `ok-chat` CLI, as users run it, told the truth about OK's answers: an answer that is not
 * OK's, a redirect, a string error code; and --timeout with every wait announced.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { OtherHost } from '../fake-ok/server';
import { CHAT, cli, describeBuiltCli, runCli, server, work } from '../helpers/builtCli';

describeBuiltCli(() => {
  describe('answers that are not OK\'s, redirects, --timeout', () => {
    let other: OtherHost;
    before(async () => (other = await OtherHost.start()));
    after(() => other.close());
    beforeEach(() => (other.requests.length = 0));

    const posts = () => server.requests.filter((r) => r.method === 'POST').length;

    it('a 200 HTML block page after OK applied the send: exit 5, "the answer was not from OK", not repeated', async () => {
      server.injectFault({ kind: 'html', afterHandling: true }, { method: 'POST', times: 5 });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'deploy done']);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /^ok-chat: may have been sent: the answer was not from OK \(an HTML page: a proxy or a captive portal\?\)\. Check the chat before sending again\.$/m);
      assert.doesNotMatch(r.stderr, /^ok-chat: sent to/m);
      assert.equal(posts(), 1);
    });

    it('a 200 with an empty body: exit 5, not "sent"', async () => {
      server.injectFault({ kind: 'empty' }, { method: 'POST' });
      const r = await runCli(['notify', '--chat', CHAT, '--status', '0']);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /may have been sent: the answer was not from OK \(an empty answer\)/);
    });

    it('a string error_code in a 200 body is OK\'s refusal: exit 1 with OK\'s words, nothing sent', async () => {
      server.injectFault({ kind: 'string-error-code', code: 100, msg: 'PARAM : text is too long' }, { method: 'POST' });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /OK refused the request \(error 100\)\. OK said: PARAM : text is too long/);
      assert.equal(server.messages.length, 0);
    });

    for (const status of [301, 307] as const) {
      it(`a ${status} to another host is not followed: exit 4 "not sent" naming the host; nothing and no token reach it`, async () => {
        server.injectFault({ kind: 'redirect', status, location: `${other.origin}/graph/me/messages/${CHAT}`, keepQuery: true }, { method: 'POST', times: 5 });
        const r = await runCli(['send', '--chat', CHAT, '--text', 'deploy done']);
        assert.equal(r.code, 4, r.stderr);
        const host = new URL(other.origin).host;
        assert.ok(r.stderr.includes(`not sent: ${server.origin} answered with a redirect to ${host} (HTTP ${status})`), r.stderr);
        assert.ok(!r.stderr.includes(server.token) && !r.stderr.includes('access_token'), r.stderr);
        assert.equal(other.requests.length, 0);
        assert.equal(posts(), 1);
      });
    }

    it('a short Retry-After is announced on stderr, waited for, and the message sent', async () => {
      server.injectFault({ kind: 'retry-after', seconds: 2 }, { method: 'POST' });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x', '--timeout', '30s']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^ok-chat: OK asks to wait 2 s \(rate limit\); waiting, up to --timeout 30s\.$/m);
      assert.equal(server.messages.length, 1);
    });

    it('a Retry-After past --timeout is not waited for: exit 4 at once, saying the real wait', async function () {
      // had it waited, it would have taken the whole --timeout (100 s): far more than the bound
      // below, which only a run that did not wait stays under, however busy the machine
      this.timeout(90_000);
      server.injectFault({ kind: 'retry-after', seconds: 119 }, { method: 'POST', times: 10 });
      const started = Date.now();
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x', '--timeout', '100s']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /not sent: OK asks to wait 119 s \(rate limit\), longer than what is left of --timeout 100s/);
      assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
      assert.equal(server.messages.length, 0);
    });

    it('Retry-After: 3600 is told as 60 min, not "a minute"', async () => {
      server.injectFault({ kind: 'retry-after', seconds: 3600 }, { method: 'POST' });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /asks to wait 60 min\. Try again after that\./);
      assert.doesNotMatch(r.stderr, /a minute/);
    });

    it('--timeout passing while OK\'s answer is awaited after the request left: exit 5 in time', async () => {
      server.injectFault({ kind: 'delay', ms: 15_000, afterHandling: true }, { method: 'POST' });
      const started = Date.now();
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x', '--timeout', '2s']);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /may have been sent: --timeout 2s passed while OK's answer was awaited/);
      assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
    });

    it('reading stdin does not count: a log piped in slowly, --timeout 1s, still sent', async () => {
      const child = spawn(process.execPath, [cli, 'notify', '--chat', CHAT, '--status', '1', '--output-file', '-', '--timeout', '1s'], {
        cwd: work,
        env: { PATH: process.env.PATH, HOME: work, TZ: 'UTC', GIT_CEILING_DIRECTORIES: path.dirname(work), OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.resume();
      child.stdin.write('compiling…\n');
      await new Promise((r) => setTimeout(r, 1800));
      child.stdin.end('error: tests failed\n');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stderr);
      assert.equal(server.messages.length, 1);
      assert.match(server.messages[0].text ?? '', /tests failed/);
    });

    it('a bad --timeout is a usage error, before anything is sent', async () => {
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x', '--timeout', 'soon']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--timeout must be a duration such as 90s, 2m or 120 \(seconds\), not "soon"/);
      assert.equal(server.requests.length, 0);
    });
  });
});
