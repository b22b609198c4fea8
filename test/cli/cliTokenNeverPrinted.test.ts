/** The `ok-chat` CLI never prints the access token, as users run it (a real `node` process against the fake server). */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeOkServer } from '../fake-ok/server';
import { CHAT, describeBuiltCli, runCli, server, work } from '../helpers/builtCli';

describeBuiltCli(() => {
  describe('the token is never printed', () => {
    it('not when OK echoes it in an error message', async () => {
      server.injectFault({ kind: 'ok-error', code: 100, msg: `bad request for token ${server.token} (${encodeURIComponent(server.token)})` });
      const r = await runCli(['send', '--chat', CHAT, '--text', 'x']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /OK refused the request \(error 100\)/);
      for (const out of [r.stdout, r.stderr]) {
        assert.ok(!out.includes(server.token) && !out.includes(encodeURIComponent(server.token)) && !out.includes('TESTTOKEN'), out);
      }
    });
    it('not even a token of no known shape, in errors, results or the message sent', async () => {
      const plain = await FakeOkServer.start({ token: 'plain-secret-value-1234567' });
      try {
        plain.addChat({ chat_id: CHAT, title: 'x' });
        const env = { OK_ACCESS_TOKEN: plain.token, OK_API_BASE_URL: plain.baseUrl };
        plain.injectFault({ kind: 'ok-error', code: 2001, msg: `token ${plain.token} is not allowed here` });
        const failed = await runCli(['chats'], { env });
        assert.equal(failed.code, 1);
        assert.match(failed.stderr, /\*\*\*/);
        plain.injectFault({ kind: 'status', status: 502, body: `<html>upstream said ${plain.token}</html>` }, { times: 10 });
        const bad = await runCli(['send', '--chat', CHAT, '--text', 'x'], { env });
        assert.equal(bad.code, 5, 'a 502 to a send: OK may have it');
        plain.clearFaults();
        const log = path.join(work, 'leak.log');
        writeFileSync(log, `echo $OK_ACCESS_TOKEN\n${plain.token}\n`);
        const notified = await runCli(['notify', '--chat', CHAT, '--status', '1', '--output-file', log], { env });
        assert.equal(notified.code, 0, notified.stderr);
        for (const r of [failed, bad, notified]) {
          assert.ok(!r.stdout.includes(plain.token) && !r.stderr.includes(plain.token), r.stderr);
        }
        const text = plain.messages[0].text ?? '';
        assert.ok(text.endsWith('\n\nLast 2 lines of output:\necho $OK_ACCESS_TOKEN\n***'), text);
      } finally {
        await plain.close();
      }
    });
    it('not in a build log posted by notify --output-file, base64- or hex-encoded or split by invisible characters', async () => {
      const token = server.token;
      const log = path.join(work, 'encoded.log');
      const lines = [
        `data ${Buffer.from(`bot:${token}`).toString('base64')}`,
        `url-safe ${Buffer.from(`xy${token}`).toString('base64url')}`,
        `hex ${Buffer.from(token).toString('hex').toUpperCase()}`,
        `split ${[...token].join('\u200b')}`,
        `shy ${token.replace(':', ':\u00ad')}`,
        'fatal: broke',
      ];
      writeFileSync(log, `${lines.join('\n')}\n`);
      const r = await runCli(['notify', '--chat', CHAT, '--status', '1', '--output-file', log, '--output-lines', '6']);
      assert.equal(r.code, 0, r.stderr);
      const text = server.messages[0].text ?? '';
      assert.ok(text.endsWith('fatal: broke'), text);
      const visible = text.replace(/[\u200b\u00ad]/g, '');
      const decoded = [...text.matchAll(/[A-Za-z0-9+/_-]{8,}/g)].flatMap((m) => [Buffer.from(m[0], 'base64').toString('latin1'), Buffer.from(m[0], 'hex').toString('latin1')]);
      for (const t of [visible, ...decoded]) assert.ok(!t.includes('TESTTOKEN'), `the token is in the message: ${text}`);
    });
  });
});
