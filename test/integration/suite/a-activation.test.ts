// Runs first (file names are sorted): nothing may have talked to OK yet.
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { OkChatApi } from '../../../src/extension';
import { FakeOkServer } from '../../fake-server/server';
import { CHAT, EXTENSION_ID, run, setUserSetting } from './helpers';

describe('activation', () => {
  let server: FakeOkServer | undefined;
  after(async () => {
    await server?.close();
  });

  it('activates fast without loading the API core; the core loads on the first call to OK', async () => {
    const ext = vscode.extensions.getExtension<OkChatApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs = ${api.activationMs}`);
    console.log(`      activationMs = ${api.activationMs.toFixed(2)} ms`);
    assert.ok(api.activationMs < 1000, `activation took ${api.activationMs} ms`);
    assert.equal(api.isCoreLoaded(), false, 'the API core bundle was loaded during activation');

    // Commands that work locally do not load the core either.
    server = await FakeOkServer.start({ seed: true });
    await setUserSetting('apiBaseUrl', server.baseUrl);
    await run('okChat.addChat', { chatId: CHAT, title: 'Local only' });
    assert.equal(await run('okChat.removeChat', { chatId: CHAT }), true);
    assert.equal(server.requests.length, 0);
    assert.equal(api.isCoreLoaded(), false, 'a local command loaded the API core');

    // The first command that talks to OK does.
    let t0 = performance.now();
    await run('okChat.setToken', { token: server.token });
    const firstCall = performance.now() - t0;
    assert.equal(server.requestsTo('GET', '/graph/me/info').length, 1);
    assert.equal(api.isCoreLoaded(), true, 'the API core is not reported as loaded after talking to OK');
    t0 = performance.now();
    await run('okChat.sendText', { chatId: CHAT, text: 'first message' });
    const firstSend = performance.now() - t0;
    t0 = performance.now();
    await run('okChat.sendText', { chatId: CHAT, text: 'second message' });
    const secondSend = performance.now() - t0;
    assert.equal(server.messages.length, 2);
    // Figures for the record (not asserted: timing assertions flake).
    console.log(`      first call to OK, loading the core: ${firstCall.toFixed(1)} ms; first send: ${firstSend.toFixed(1)} ms; next send: ${secondSend.toFixed(1)} ms`);
  });
});
