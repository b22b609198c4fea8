import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { FakeOkServer, SEED_GROUP_NAME, DEFAULT_GROUP_ID } from '../../fake-ok/server';
import { CHAT, EXTENSION_ID, okConfig, outboxIdOf, readLog, rejection, runCommand, setUserSetting, useFakeOk, userSettingsFile, waitFor } from './extensionSetup';

// Not shaped like tkn…:… (so only the extension's own masking can hide it) and with
// characters that must be URL-encoded in the query string.
const SECRET = 'grp7Secret:Qw3+rTy/Ui=9zX';
const ENCODED = encodeURIComponent(SECRET);
const WRONG = 'wrongToken:0000000000';

function assertNoSecret(text: string, where: string): void {
  for (const s of [SECRET, ENCODED, WRONG]) {
    assert.ok(!text.includes(s), `the token ${JSON.stringify(s)} appears in ${where}:\n${text}`);
  }
}

describe('access token', () => {
  const ok = useFakeOk({ token: SECRET });

  it('setToken checks the token with GET /me/info before storing it and returns the group', async () => {
    const { server } = ok;
    await runCommand('okChat.clearToken', {});
    server.requests.length = 0;
    const info = await runCommand('okChat.setToken', { token: SECRET });
    assert.deepEqual(info, { name: SEED_GROUP_NAME, group_id: DEFAULT_GROUP_ID });
    assert.equal(server.requests.length, 1);
    const [check] = server.requests;
    assert.equal(check.method, 'GET');
    assert.equal(check.path, '/graph/me/info');
    assert.equal(check.query.access_token, SECRET);
    assert.equal(check.rawBody, '');
    // stored: a send now carries it
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'stored?' });
    const [post] = server.requestsTo('POST', '/me/messages/');
    assert.equal(post.query.access_token, SECRET);
  });

  it('a token OK rejects is not stored: the previous token stays in use', async () => {
    const { server } = ok;
    const err = await rejection(runCommand('okChat.setToken', { token: WRONG }));
    assert.match(err.message, /rejected this token/);
    assert.match(err.message, /Nothing was saved/);
    assertNoSecret(err.message, 'the error message');
    const checks = server.requestsTo('GET', '/graph/me/info');
    assert.equal(checks.length, 1, 'the wrong token was not checked (or was checked more than once)');
    assert.equal(checks[0].query.access_token, WRONG);
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'still connected' });
    assert.deepEqual(
      server.requestsTo('POST', '/me/messages/').map((r) => r.query.access_token),
      [SECRET],
    );
  });

  it('a token OK rejects is not stored: with no previous token, a send then fails with an auth error', async () => {
    const { server, api } = ok;
    await runCommand('okChat.clearToken', {});
    await rejection(runCommand('okChat.setToken', { token: WRONG }));
    server.requests.length = 0;
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'no token' }));
    outboxIdOf(err);
    assert.match(err.message, /token/i);
    assert.equal((err.cause as { kind?: string }).kind, 'auth');
    assert.deepEqual(server.requests, [], 'a request was made although no token is stored');
    assert.deepEqual(
      api.outboxItems().map((i) => i.parts),
      [['no token']],
    );
  });

  it('cleans pasted forms: whitespace, quotes, access_token= prefix, a URL with the token', async () => {
    const { server } = ok;
    const forms = [
      `  ${SECRET}\n`,
      `\t"${SECRET}"  `,
      `'${SECRET}'`,
      `\`${SECRET}\``,
      `access_token=${SECRET}`,
      `access_token: ${SECRET}`,
      ` "access_token=${SECRET}" `,
      `https://api.ok.ru/graph/me/info?access_token=${ENCODED}&count=1`,
    ];
    for (const form of forms) {
      server.requests.length = 0;
      const info = await runCommand('okChat.setToken', { token: form });
      assert.equal(info.name, SEED_GROUP_NAME, `form ${JSON.stringify(form)}`);
      assert.deepEqual(
        server.requests.map((r) => r.query.access_token),
        [SECRET],
        `form ${JSON.stringify(form)}`,
      );
    }
    // and the cleaned token is what is stored
    server.requests.length = 0;
    await runCommand('okChat.markSeen', { chatId: CHAT });
    assert.equal(server.requests[0]?.query.access_token, SECRET);
  });

  it('refuses an empty or malformed token without asking OK', async () => {
    const { server } = ok;
    for (const bad of ['', '   ', '""', 'two words here', 'short']) {
      const err = await rejection(runCommand('okChat.setToken', { token: bad }), `setToken ${JSON.stringify(bad)}`);
      assert.equal(err.name, 'InputError', `${JSON.stringify(bad)}: ${err.message}`);
      assert.match(err.message, /token/i);
    }
    assert.deepEqual(server.requests, []);
  });

  it('clearToken removes it: the next send fails with an auth error that mentions the token', async () => {
    const { server, api } = ok;
    assert.equal(await runCommand('okChat.clearToken', {}), undefined);
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'after clear' }));
    const id = outboxIdOf(err);
    assert.match(err.message, /access token/i);
    assert.equal((err.cause as { isAuth?: boolean }).isAuth, true);
    assert.deepEqual(server.requests, [], 'something was sent without a token');
    assert.deepEqual(api.outboxItems().map((i) => [i.id, i.parts]), [[id, ['after clear']]]);
    // other commands that talk to OK fail the same way
    const err2 = await rejection(runCommand('okChat.markSeen', { chatId: CHAT }));
    assert.equal(err2.name, 'OkApiError');
    assert.equal(err2.isAuth, true);
    assert.match(String(err2.userMessage), /access token/i);
    assert.deepEqual(server.requests, []);
  });

  it('never puts the token in settings, saved state, results, error messages or the log', async function () {
    this.timeout(30000);
    const { server, api } = ok;
    const seen: string[] = [];
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    try {
      seen.push(JSON.stringify(await runCommand('okChat.setToken', { token: ` access_token=${SECRET} ` })));
      seen.push(JSON.stringify(await runCommand('okChat.addChat', { chatId: CHAT })));
      seen.push(JSON.stringify(await runCommand('okChat.sendText', { chatId: CHAT, text: 'hello' })));
      seen.push(JSON.stringify(await runCommand('okChat.refreshChats', {})));
      // errors of every kind: OK error, HTTP error, a refusal in an unexpected shape, rejected token, expired token
      server.injectFault({ kind: 'ok-error', code: 100, msg: `PARAM : bad access_token=${SECRET}` }, { method: 'POST' });
      server.injectFault({ kind: 'status', status: 500, body: `oops ${SECRET}` }, { method: 'POST' });
      server.injectFault({ kind: 'status', status: 200, body: `{"success":false,"note":"access_token=${SECRET}"}` }, { method: 'POST' });
      for (let i = 0; i < 3; i++) {
        const e = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: `fail ${i}` }));
        seen.push(e.message, String(e.cause), JSON.stringify(e.item));
      }
      const wrong = await rejection(runCommand('okChat.setToken', { token: WRONG }));
      seen.push(wrong.message, String(wrong));
      server.revokeToken();
      const expired = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'expired' }));
      seen.push(expired.message, String(expired.cause), JSON.stringify(expired.item));
      assert.ok(seen.length >= 12);
      for (const s of seen) assertNoSecret(s, 'a command result or error');

      // saved state (global state) as the extension sees it
      assertNoSecret(JSON.stringify(api.savedChats()), 'the saved chats');
      assertNoSecret(JSON.stringify(api.outboxItems()), 'the outbox');
      assert.equal(api.outboxItems().length, 4);

      // settings: every okChat setting at every level, and the user settings.json file
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      const keys = Object.keys((ext?.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } }).contributes.configuration.properties);
      assert.ok(keys.length >= 3);
      for (const key of keys) assertNoSecret(JSON.stringify(okConfig().inspect(key.slice('okChat.'.length)) ?? null), `setting ${key}`);
      const file = userSettingsFile();
      assert.ok(file, 'user settings.json not found next to the workspace');
      const settingsText = fs.readFileSync(file, 'utf8');
      assert.ok(settingsText.includes(server.baseUrl), `${file} is not the user settings file in use:\n${settingsText}`);
      assertNoSecret(settingsText, file);

      // the log file, once it has everything (it is written asynchronously)
      const log = await waitFor(async () => {
        const text = await readLog(api).catch(() => '');
        // 'oops ***' is this test's; the expired-token failure is its last line
        const mine = text.slice(Math.max(0, text.indexOf('oops ***')));
        return mine.startsWith('oops') && /okChat\.sendText failed: .*OK error 102/.test(mine) ? text : undefined;
      }, 'the log file to contain this test\'s lines', 10000);
      assertNoSecret(log, 'the log file');
      // the lines that carried the token are there, masked, and the debug level was on
      assert.ok(log.includes('oops ***'), 'the masked HTTP 500 body is not in the log');
      assert.ok(log.includes('bad access_token=***'), 'the masked OK error is not in the log');
      assert.match(log, /\[debug\] POST \/me\/messages\//);
    } finally {
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    }
  });

  it('a network failure while checking a token says "could not reach OK", never "invalid token", and stores nothing', async () => {
    const { server } = ok;
    const down = await FakeOkServer.start();
    const url = down.baseUrl;
    await down.close(); // nothing listens there any more
    await setUserSetting('apiBaseUrl', url);
    try {
      const e = await rejection(runCommand('okChat.setToken', { token: server.token }));
      const sentence = typeof e.userMessage === 'string' ? e.userMessage : e.message;
      assert.match(sentence, /Could not reach OK/);
      assert.doesNotMatch(sentence, /rejected|invalid|wrong|expired/i);
      const send = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'x' }));
      assert.match(typeof send.userMessage === 'string' ? send.userMessage : send.message, /No access token is set/, 'the token was stored although it was never checked');
    } finally {
      await setUserSetting('apiBaseUrl', server.baseUrl);
    }
  });
});

