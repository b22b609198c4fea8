// Renaming the way the tree's context menu does it ({ chatId } of the node), and the tree's
// data (the saved chats) following. Driving the real context menu is a UI test elsewhere.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { ChatNode } from '../../../src/extension/views/chatsTree';
import { CHAT, CHAT2, postBodies, promptShown, run, runCommand, useFakeOk } from './extensionSetup';

describe('rename from the tree', () => {
  const ok = useFakeOk();

  it('renameChat with the node\'s chatId renames on OK and in the saved chats', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2 });
    assert.deepEqual(api.savedChats().map((c) => c.title), ['Backend', 'Frontend 🚀']);
    server.requests.length = 0;

    const node = api.savedChats().find((c) => c.chatId === CHAT);
    assert.ok(node);
    await runCommand('okChat.renameChat', { chatId: node.chatId, title: 'Zeta team' });
    assert.deepEqual(postBodies(server), [`{"recipient":{"chat_id":"${CHAT}"},"chat_control":{"title":"Zeta team"}}`]);
    // the tree's data changed at once (and the order, which is by title)
    assert.deepEqual(api.savedChats().map((c) => [c.chatId, c.title]), [
      [CHAT2, 'Frontend 🚀'],
      [CHAT, 'Zeta team'],
    ]);
    // and OK agrees: a refresh keeps the new title
    const refreshed = await runCommand('okChat.refreshChats', {});
    assert.deepEqual(refreshed.map((c) => [c.chatId, c.title]), [
      [CHAT2, 'Frontend 🚀'],
      [CHAT, 'Zeta team'],
    ]);
    assert.equal(server.chats.get(CHAT)?.title, 'Zeta team');
  });

  it('renaming a chat that is not saved does not add it to the tree', async () => {
    const { server, api } = ok;
    await runCommand('okChat.renameChat', { chatId: CHAT, title: 'Not saved' });
    assert.equal(server.chats.get(CHAT)?.title, 'Not saved');
    assert.deepEqual(api.savedChats(), []);
  });

  function nodeFor(chatId: string): ChatNode {
    const saved = ok.api.savedChats().find((c) => c.chatId === chatId);
    assert.ok(saved, `${chatId} is not saved`);
    const node = new ChatNode(saved);
    assert.ok(node instanceof vscode.TreeItem);
    assert.equal(node.contextValue, 'okChat.chat');
    return node;
  }

  it('commands called with a real chat tree node act on its chat', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2 });
    server.requests.length = 0;
    assert.deepEqual(await run('okChat.markSeen', nodeFor(CHAT2)), { success: true });
    assert.deepEqual(postBodies(server), [`{"recipient":{"chat_id":"${CHAT2}"},"sender_action":"mark_seen"}`]);
    assert.equal(await run('okChat.copyChatId', nodeFor(CHAT)), CHAT);
    // from the menu (or Delete on the row) it asks first, naming the chat
    api.answerConfirmation(undefined);
    try {
      assert.equal(await run('okChat.removeChat', nodeFor(CHAT)), undefined, 'dismissed: cancelled');
      assert.deepEqual(api.savedChats().map((c) => c.chatId), [CHAT, CHAT2], 'a dismissed question removes nothing');
      api.answerConfirmation('Remove');
      assert.equal(await run('okChat.removeChat', nodeFor(CHAT)), true);
      assert.deepEqual(api.answerConfirmation('Remove'), ['Remove "Backend" from the list?', 'Remove "Backend" from the list?']);
    } finally {
      api.answerConfirmation(null);
    }
    assert.deepEqual(api.savedChats().map((c) => c.chatId), [CHAT2]);
  });

  it('renameChat with a real chat tree node asks for the title (prefilled) and renames on OK', async function () {
    this.timeout(15000);
    const { server, api } = ok;
    // the prompt is prefilled with the saved title: save the new one locally first, then accept it
    await runCommand('okChat.addChat', { chatId: CHAT, title: 'Принято из дерева' });
    server.requests.length = 0;
    const from = api.promptsShown().length;
    const done = run('okChat.renameChat', nodeFor(CHAT));
    await promptShown(api, 'Rename Chat on OK', from);
    assert.deepEqual(server.requests, [], 'nothing is sent before the title is accepted');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.deepEqual(await done, { success: true });
    assert.deepEqual(postBodies(server), [`{"recipient":{"chat_id":"${CHAT}"},"chat_control":{"title":"Принято из дерева"}}`]);
    assert.equal(server.chats.get(CHAT)?.title, 'Принято из дерева');
    assert.equal(api.savedChats()[0]?.title, 'Принято из дерева');
  });
});

describe('chat picker', () => {
  const ok = useFakeOk();

  it('offers the chat used last first: accepting the first entry sends there', async () => {
    await runCommand('okChat.addChat', { chatId: CHAT, title: 'A first by title' });
    await runCommand('okChat.addChat', { chatId: CHAT2, title: 'B second by title' });
    await runCommand('okChat.sendText', { chatId: CHAT2, text: 'one' });
    assert.ok(ok.api.savedChats().find((c) => c.chatId === CHAT2)?.lastUsedAt, 'the send was remembered');
    const from = ok.api.promptsShown().length;
    const sending = run('okChat.sendText', { text: 'two' }); // no chatId: the picker opens
    await promptShown(ok.api, 'Send to which chat?', from);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await sending;
    assert.deepEqual(
      ok.server.messages.map((m) => [m.chat_id, m.text]),
      [
        [CHAT2, 'one'],
        [CHAT2, 'two'],
      ],
    );
  });
});
