import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, postBodies, runCommand, useFakeOk } from '../suite/extensionSetup';

describe('restricted mode: explicit user commands still work', () => {
  const ok = useFakeOk();

  it('sendText with an argument object sends the message', async () => {
    const { server } = ok;
    assert.equal(vscode.workspace.isTrusted, false);
    const res = await runCommand('okChat.sendText', { chatId: CHAT, text: 'из недоверенной папки' });
    assert.equal(res.messageIds.length, 1);
    assert.deepEqual(postBodies(server), [`{"recipient":{"chat_id":"${CHAT}"},"message":{"text":"из недоверенной папки"}}`]);
  });

  it('addChat and markSeen work too', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    assert.deepEqual(api.savedChats().map((c) => c.title), ['Backend']);
    assert.deepEqual(await runCommand('okChat.markSeen', { chatId: CHAT }), { success: true });
    assert.equal(server.requests.length, 2);
  });
});
