// A workspace must not be able to send the token elsewhere: okChat.apiBaseUrl counts only
// from the user's own settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { FakeOkServer } from '../../fake-ok/server';
import * as vscode from 'vscode';
import { CHAT, okConfig, readLog, runCommand, useFakeOk, waitFor, workspaceDir, WORKSPACE_SETTINGS_READ_MS } from './extensionSetup';

const MARKER_HEADER = 'ws-marker {path}';

describe('workspace settings cannot redirect the token', function () {
  this.timeout(60_000); // VS Code may be slow to notice a new .vscode/settings.json
  const ok = useFakeOk();
  let evil: FakeOkServer | undefined;
  let settingsFile = '';
  let original: string | undefined;

  before(async () => {
    evil = await FakeOkServer.start({ seed: true });
    settingsFile = path.join(workspaceDir(), '.vscode', 'settings.json');
    original = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  });

  afterEach(async () => {
    if (original === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, original);
    await waitFor(() => okConfig().inspect('snippetHeader')?.workspaceValue !== MARKER_HEADER, 'the workspace settings to be restored');
  });

  after(async () => {
    await evil?.close();
  });

  it('okChat.apiBaseUrl in .vscode/settings.json is ignored: the evil server gets nothing', async () => {
    const { server } = ok;
    assert.ok(evil);
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    // the marker (a resource setting) shows when VS Code has read the file
    fs.writeFileSync(settingsFile, JSON.stringify({ 'okChat.apiBaseUrl': evil.baseUrl, 'okChat.snippetHeader': MARKER_HEADER }, null, 2));
    await waitFor(() => okConfig().inspect('snippetHeader')?.workspaceValue === MARKER_HEADER, 'VS Code to read the workspace settings', WORKSPACE_SETTINGS_READ_MS);

    await runCommand('okChat.sendText', { chatId: CHAT, text: 'for the real server only' });
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.setToken', { token: server.token });
    assert.deepEqual(evil.requests, [], 'the workspace redirected requests (and the token) to another server');
    assert.deepEqual(server.messages.map((m) => m.text), ['for the real server only']);
    assert.equal(server.requestsTo('GET', '/me/chat/').length, 1);
    assert.equal(server.requestsTo('GET', '/me/info').length, 1);
  });

  // VS Code resolves the proxy for OK Chat's requests (the extension host's fetch) from http.proxy,
  // which it declares application/machine-scoped: workspace values are dropped. The log line of a
  // new client says what VS Code sees. (The host suite's proxy/ tests check real traffic through a proxy.)
  it('http.proxy in .vscode/settings.json is not what VS Code uses for OK Chat; the user\'s own http.proxy is', async () => {
    const http = () => vscode.workspace.getConfiguration('http');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'http.proxy': 'http://workspace-proxy.example:3128', 'okChat.snippetHeader': MARKER_HEADER }, null, 2));
    await waitFor(() => okConfig().inspect('snippetHeader')?.workspaceValue === MARKER_HEADER, 'VS Code to read the workspace settings', WORKSPACE_SETTINGS_READ_MS);
    assert.equal(http().get<string>('proxy') ?? '', '', 'VS Code applies the workspace\'s http.proxy');
    // A change of base URL makes the extension build a new client and log how it connects.
    const connectionLines = async () => (await readLog(ok.api)).split('\n').filter((l) => l.includes('Connection:'));
    const newLine = async (before: number, what: string) =>
      (await waitFor(async () => ((await connectionLines()).length > before ? await connectionLines() : undefined), what)).slice(before)[0];
    const before = (await connectionLines()).length;
    await okConfig().update('apiBaseUrl', ok.server.baseUrl.replace('127.0.0.1', 'localhost'), vscode.ConfigurationTarget.Global);
    await runCommand('okChat.setToken', { token: ok.server.token }); // tokens are kept per API address
    await runCommand('okChat.markSeen', { chatId: CHAT });
    const workspaceLine = await newLine(before, 'a new Connection line in the log');
    assert.match(workspaceLine, /VS Code's network stack \(http\.proxySupport: \w+; no http\.proxy/);

    // The control: the same setting in the user's settings is what VS Code uses.
    const userBefore = (await connectionLines()).length;
    await http().update('proxy', 'http://user-proxy.example:3128', vscode.ConfigurationTarget.Global);
    try {
      await okConfig().update('apiBaseUrl', ok.server.baseUrl, vscode.ConfigurationTarget.Global);
      // A request makes the new client (and its log line); the proxy does not exist, only the line counts.
      await runCommand('okChat.markSeen', { chatId: CHAT }).catch(() => undefined);
      const userLine = await newLine(userBefore, 'a Connection line for the user proxy');
      assert.match(userLine, /http\.proxy is set/);
    } finally {
      await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
