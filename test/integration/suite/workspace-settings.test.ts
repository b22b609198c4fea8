// A workspace must not be able to send the token elsewhere: okChat.apiBaseUrl counts only
// from the user's own settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { FakeOkServer } from '../../fake-server/server';
import { CHAT, okConfig, run, useFakeOk, waitFor, workspaceDir } from './helpers';

const MARKER_HEADER = 'ws-marker {path}';

describe('workspace settings cannot redirect the token', () => {
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
    await waitFor(() => okConfig().inspect('snippetHeader')?.workspaceValue === MARKER_HEADER, 'VS Code to read the workspace settings');

    await run('okChat.sendText', { chatId: CHAT, text: 'for the real server only' });
    await run('okChat.addChat', { chatId: CHAT });
    await run('okChat.setToken', { token: server.token });
    assert.deepEqual(evil.requests, [], 'the workspace redirected requests (and the token) to another server');
    assert.deepEqual(server.messages.map((m) => m.text), ['for the real server only']);
    assert.equal(server.requestsTo('GET', '/me/chat/').length, 1);
    assert.equal(server.requestsTo('GET', '/me/info').length, 1);
  });
});
