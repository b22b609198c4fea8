// The API base URL names a host that does not resolve (https://ok.test/graph); the user setting
// http.proxy points at a loopback CONNECT proxy that tunnels ok.test:443 to a TLS front of the fake
// OK server, whose certificate (for ok.test) is signed by a test CA that the VS Code server trusts
// through NODE_EXTRA_CA_CERTS. A message can only arrive if the extension sent it through VS Code's
// proxy support: OK Chat has no proxy code of its own in the extension.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { TestSeam } from '../../../src/extension/testing/testSeam';
import { FakeOkServer } from '../../fake-ok/server';
import { TestProxy } from '../../helpers/connectProxy';
import { TlsFront } from '../../helpers/tlsFront';
import { CHAT, okChatApi, okConfig, readLog, rejection, runCommand, setUserSetting, waitFor, workspaceDir, WORKSPACE_SETTINGS_READ_MS } from '../suite/extensionSetup';

const BASE_URL = 'https://ok.test/graph';
const USER = 'proxy-user';
const PASSWORD = 'pa$$:w0rd';

/** Sets the user (global) setting http.proxy and waits until the extension host sees it. */
async function setHttpProxy(value: string | undefined): Promise<void> {
  const http = () => vscode.workspace.getConfiguration('http');
  const same = () => (http().inspect<string>('proxy')?.globalValue ?? undefined) === value;
  if (same()) return;
  await http().update('proxy', value, vscode.ConfigurationTarget.Global);
  await waitFor(same, `user setting http.proxy = ${String(value)}`);
}

describe('through VS Code’s proxy (http.proxy) to a host only the proxy can reach', function () {
  this.timeout(60_000);
  let api: TestSeam;
  let server: FakeOkServer;
  let front: TlsFront;
  let proxy: TestProxy;
  /** The CONNECTs of the suite's first call to OK (its tunnel stays open for the next requests). */
  let firstConnects: TestProxy['connects'] = [];

  const sends = () => server.messages.map((m) => m.text);
  const discardOutbox = async () => {
    for (const item of api.outboxItems()) await runCommand('okChat.discardOutboxItem', { id: item.id });
  };

  before(async function () {
    const pki = process.env.OK_CHAT_TEST_PKI;
    if (!pki) {
      console.log('      (skipped: this launcher gives no test CA; run it with runInServer.js)');
      this.skip();
    }
    api = await okChatApi();
    server = await FakeOkServer.start({ seed: true });
    const read = (name: string) => fs.readFileSync(path.join(pki, name), 'utf8');
    front = await TlsFront.start({ key: read('server.key'), cert: read('server.pem'), backendPort: Number(new URL(server.origin).port) });
    proxy = await TestProxy.start({ routes: { 'ok.test:443': `127.0.0.1:${front.port}` } });
    await setUserSetting('apiBaseUrl', BASE_URL);
    await setHttpProxy(proxy.url);
    // Checking the token is the first call to OK: it goes through the proxy too.
    await runCommand('okChat.setToken', { token: server.token });
    firstConnects = [...proxy.connects];
  });

  beforeEach(async () => {
    await discardOutbox();
    proxy.mode = 'tunnel';
    proxy.auth = undefined;
    proxy.connects.length = 0;
    server.requests.length = 0;
    await setHttpProxy(proxy.url);
  });

  after(async () => {
    await setHttpProxy(undefined);
    await setUserSetting('apiBaseUrl', undefined);
    if (api) await discardOutbox();
    await Promise.all([server?.close(), front?.close(), proxy?.close()]);
  });

  it('sends through the proxy: the proxy saw CONNECT ok.test:443 and the message arrived', async () => {
    const res = await runCommand('okChat.sendText', { chatId: CHAT, text: 'через прокси VS Code' });
    assert.equal(res.sent, 1);
    assert.deepEqual(sends().slice(-1), ['через прокси VS Code']);
    // The token check before opened the tunnel; VS Code keeps it open, so the send may reuse it.
    const connects = [...firstConnects, ...proxy.connects];
    assert.ok(connects.length >= 1, 'the proxy saw no CONNECT');
    for (const c of connects) {
      assert.equal(c.target, 'ok.test:443');
      assert.equal(c.status, 200);
    }
    assert.ok(front.accepted >= 1, 'no TLS connection reached the server');
    assert.match(await readLog(api), /Connection: VS Code's network stack \(http\.proxySupport: \w+; http\.proxy is set\)/);
  });

  it('without http.proxy the same send cannot arrive (ok.test does not resolve), and the message names VS Code’s proxy settings', async () => {
    await setHttpProxy(undefined);
    const before = sends().length;
    const e = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'direct' }));
    assert.match(e.message, /^Could not reach OK\. .*http\.proxy, http\.proxySupport/);
    assert.equal(sends().length, before);
    assert.equal(proxy.connects.length, 0);
    assert.equal(api.outboxItems().length, 1, 'the text is kept in the Outbox');
  });

  it('http.proxy in the workspace’s .vscode/settings.json is not used: the workspace cannot route the token through its proxy', async () => {
    await setHttpProxy(undefined);
    const file = path.join(workspaceDir(), '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ 'http.proxy': proxy.url, 'okChat.snippetHeader': 'proxy-marker' }));
    try {
      await waitFor(() => okConfig().inspect('snippetHeader')?.workspaceValue === 'proxy-marker', 'VS Code to read the workspace settings', WORKSPACE_SETTINGS_READ_MS);
      const e = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'workspace proxy' }));
      assert.match(e.message, /^Could not reach OK\./);
      assert.deepEqual(proxy.connects, [], 'the workspace’s proxy saw the request');
    } finally {
      fs.rmSync(file, { force: true });
      await waitFor(() => okConfig().inspect('snippetHeader')?.workspaceValue === undefined, 'the workspace settings to be removed');
    }
  });

  it('a proxy that asks for sign-in (407): the user is told to put the credentials in http.proxy', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    const before = sends().length;
    const e = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'needs sign-in' }));
    assert.match(e.message, /^Could not connect through the proxy \(the proxy requires authentication \(407\) and VS Code could not sign in to it: put the user name and password in the http\.proxy setting/);
    assert.match(e.message, /Check VS Code's proxy settings \(http\.proxy, http\.proxySupport\)/);
    assert.ok(proxy.connects.some((c) => c.status === 407), JSON.stringify(proxy.connects));
    assert.equal(sends().length, before);
    const item = api.outboxItems()[0];
    assert.equal(item?.delivery ?? 'not-sent', 'not-sent', 'nothing reached OK: it was not sent');
  });

  it('the same proxy with the user name and password in http.proxy: signed in, sent', async () => {
    proxy.auth = { user: USER, password: PASSWORD };
    await setHttpProxy(proxy.urlWith(USER, PASSWORD));
    const res = await runCommand('okChat.sendText', { chatId: CHAT, text: 'signed in' });
    assert.equal(res.sent, 1);
    assert.deepEqual(sends().slice(-1), ['signed in']);
    assert.equal(proxy.connects.at(-1)?.authorization, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    assert.doesNotMatch(await readLog(api), /pa\$\$|w0rd/, 'the proxy password is not logged');
  });

  it('a proxy that refuses the tunnel (403): the user is told the proxy refused', async () => {
    proxy.mode = 'refuse';
    const e = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'refused' }));
    assert.match(e.message, /^Could not connect through the proxy \(the proxy refused the connection \(HTTP 403\)\)\. Check VS Code's proxy settings/);
    assert.equal(proxy.connects.at(-1)?.status, 403);
  });
});
