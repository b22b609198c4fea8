// People by name in the member commands: names learned from the messages the unread check read
// (kept per group in global state), offered by Add Members and listed by Remove Member, whose
// question names the person. Typing a name into the picker is the UI suite's (sidebar.ui.ts).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { SEED_MEMBERS } from '../../fake-ok/server';
import { CHAT, CHAT2, postBodies, promptShown, run, runCommand, useFakeOk } from '../suite/extensionSetup';

const GLEB = { user_id: 'user:100000000004', name: 'Глеб Орлов' };

describe('people by name', () => {
  const ok = useFakeOk();

  it('Add Members offers the people seen by name (not the members); Remove Member lists names and asks naming the person', async function () {
    this.timeout(20_000);
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2 });
    const t = Date.now() + 1000;
    // Вера is in Backend, not in Frontend; Глеб wrote to Backend without being a member on the fake
    server.postAsMember(CHAT, SEED_MEMBERS[2], { text: 'Проверяю', time: t });
    server.postAsMember(CHAT, GLEB, { text: 'Привет', time: t + 1 });
    await runCommand('okChat.refreshUnread', {});
    await api.globalStateSettled();

    server.requests.length = 0;
    let from = api.promptsShown().length;
    const adding = run('okChat.addMembers', { chatId: CHAT2 });
    await promptShown(api, 'Add Members to Frontend 🚀', from);
    // the first entry, by name: Вера Кузнецова (before Глеб Орлов); members of Frontend are not offered
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await adding;
    assert.deepEqual(postBodies(server), [`{"recipient":{"chat_id":"${CHAT2}"},"chat_control":{"add_members":[{"user_id":"${SEED_MEMBERS[2].user_id}"}]}}`]);

    server.requests.length = 0;
    from = api.promptsShown().length;
    api.answerConfirmation('Remove');
    try {
      const removing = run('okChat.removeMember', { chatId: CHAT2 });
      await promptShown(api, 'Remove Member from Frontend 🚀', from);
      // people known by name come first: Вера
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await removing;
      assert.deepEqual(api.answerConfirmation('Remove'), ['Remove Вера Кузнецова from Frontend 🚀?']);
    } finally {
      api.answerConfirmation(null);
    }
    assert.deepEqual(postBodies(server), [`{"recipient":{"chat_id":"${CHAT2}"},"chat_control":{"remove_member":{"user_id":"${SEED_MEMBERS[2].user_id}"}}}`]);
  });
});
