// Each command, called with an argument object, sends exactly the documented body
// (docs/ok-graph-api.md) and resolves to OK's answer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Args, CommandId } from '../../../src/extension/commands/commandContract';
import { SEED_USER_IDS } from '../../fake-ok/server';
import { CHAT, CHAT2, describeRequests, postBodies, rejection, runCommand, setUserSetting, useFakeOk, workspaceDir } from './extensionSetup';

const RECIPIENT = `{"recipient":{"chat_id":"${CHAT}"}`;
const MID = /^mid:C/;

function writeWorkspaceFile(rel: string, text: string): vscode.Uri {
  const file = path.join(workspaceDir(), rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

describe('commands send the documented bodies', () => {
  const ok = useFakeOk();

  describe('chats', () => {
    it('addChat {chatId, title} saves locally without asking OK', async () => {
      const { server, api } = ok;
      const saved = await runCommand('okChat.addChat', { chatId: 'C3ECB9D02A600', title: 'My title' });
      assert.equal(saved.chatId, CHAT);
      assert.equal(saved.title, 'My title');
      assert.deepEqual(server.requests, []);
      assert.deepEqual(api.savedChats().map((c) => [c.chatId, c.title]), [[CHAT, 'My title']]);
    });

    it('addChat {chatId} looks the chat up (GET /me/chat/<id>) and saves it with OK\'s title', async () => {
      const { server, api } = ok;
      const saved = await runCommand('okChat.addChat', { chatId: `https://ok.ru/messages/${CHAT2.slice(5)}` });
      assert.equal(server.requests.length, 1, describeRequests(server.requests));
      const [req] = server.requests;
      assert.equal(req.method, 'GET');
      assert.equal(req.path, `/graph/me/chat/${CHAT2}`);
      assert.equal(req.query.access_token, server.token);
      assert.equal(saved.chatId, CHAT2);
      assert.equal(saved.title, 'Frontend 🚀');
      assert.equal(saved.status, 'ACTIVE');
      assert.deepEqual(saved.participants, [SEED_USER_IDS[0], SEED_USER_IDS[1]]);
      assert.deepEqual(api.savedChats().map((c) => [c.chatId, c.title]), [[CHAT2, 'Frontend 🚀']]);
    });

    it('addChat of a chat OK does not know rejects and saves nothing', async () => {
      const { api } = ok;
      const err = await rejection(runCommand('okChat.addChat', { chatId: 'chat:C0123456789ab' }));
      assert.equal(err.name, 'OkApiError');
      assert.equal(err.kind, 'not-found');
      assert.match(String(err.userMessage), /does not know this chat/);
      assert.match(err.message, /705/);
      assert.deepEqual(api.savedChats(), []);
    });

    it('removeChat {chatId} is local only', async () => {
      const { server, api } = ok;
      await runCommand('okChat.addChat', { chatId: CHAT, title: 'A' });
      await runCommand('okChat.addChat', { chatId: CHAT2, title: 'B' });
      assert.equal(await runCommand('okChat.removeChat', { chatId: CHAT }), true);
      assert.equal(await runCommand('okChat.removeChat', { chatId: CHAT }), false);
      assert.deepEqual(server.requests, []);
      assert.deepEqual(api.savedChats().map((c) => c.chatId), [CHAT2]);
    });

    it('refreshChats picks up a title changed on OK', async () => {
      const { server, api } = ok;
      await runCommand('okChat.addChat', { chatId: CHAT, title: 'Old local title' });
      await runCommand('okChat.addChat', { chatId: CHAT2 });
      const chat = server.chats.get(CHAT);
      assert.ok(chat);
      chat.title = 'Renamed on OK';
      server.requests.length = 0;
      const list = await runCommand('okChat.refreshChats', {});
      assert.deepEqual(list.map((c) => [c.chatId, c.title]), [
        [CHAT2, 'Frontend 🚀'],
        [CHAT, 'Renamed on OK'],
      ]);
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`).sort(), [`GET /graph/me/chat/${CHAT}`, `GET /graph/me/chat/${CHAT2}`].sort());
      assert.deepEqual(api.savedChats().find((c) => c.chatId === CHAT)?.title, 'Renamed on OK');
    });
  });

  describe('chat control', () => {
    it('renameChat {chatId, title}', async () => {
      const { server, api } = ok;
      await runCommand('okChat.addChat', { chatId: CHAT });
      server.requests.length = 0;
      const res = await runCommand('okChat.renameChat', { chatId: CHAT, title: '  Бэкенд 🛠  ' });
      assert.deepEqual(res, { success: true });
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"chat_control":{"title":"Бэкенд 🛠"}}`]);
      assert.equal(server.chats.get(CHAT)?.title, 'Бэкенд 🛠');
      assert.equal(api.savedChats()[0]?.title, 'Бэкенд 🛠');
    });

    it('setChatIcon {chatId, url}', async () => {
      const { server, api } = ok;
      await runCommand('okChat.addChat', { chatId: CHAT });
      server.requests.length = 0;
      const res = await runCommand('okChat.setChatIcon', { chatId: CHAT, url: 'https://example.com/icons/team.png' });
      assert.deepEqual(res, { success: true });
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"chat_control":{"icon":{"url":"https://example.com/icons/team.png"}}}`]);
      assert.equal(api.savedChats()[0]?.iconUrl, 'https://example.com/icons/team.png');
    });

    it('addMembers {chatId, userIds}', async () => {
      const { server, api } = ok;
      await runCommand('okChat.addChat', { chatId: CHAT });
      server.requests.length = 0;
      const res = await runCommand('okChat.addMembers', { chatId: CHAT, userIds: ['user:100000000007', '100000000008'] });
      assert.deepEqual(res, { success: true });
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"chat_control":{"add_members":[{"user_id":"user:100000000007"},{"user_id":"user:100000000008"}]}}`]);
      assert.ok('user:100000000008' in (server.chats.get(CHAT)?.participants ?? {}));
      assert.ok(api.savedChats()[0]?.participants?.includes('user:100000000007'), 'the saved chat was not refreshed');
    });

    it('removeMember {chatId, userId}', async () => {
      const { server } = ok;
      const res = await runCommand('okChat.removeMember', { chatId: CHAT, userId: SEED_USER_IDS[1] });
      assert.deepEqual(res, { success: true });
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"chat_control":{"remove_member":{"user_id":"${SEED_USER_IDS[1]}"}}}`]);
      assert.ok(!(SEED_USER_IDS[1] in (server.chats.get(CHAT)?.participants ?? {})));
    });

    it('leaveChat {chatId} sends "leave":"true" (a string) and forgets the chat', async () => {
      const { server, api } = ok;
      await runCommand('okChat.addChat', { chatId: CHAT });
      server.requests.length = 0;
      const res = await runCommand('okChat.leaveChat', { chatId: CHAT });
      assert.deepEqual(res, { success: true });
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"chat_control":{"leave":"true"}}`]);
      assert.equal(server.chats.get(CHAT)?.status, 'LEFT');
      assert.deepEqual(api.savedChats(), []);
    });

    it('markSeen {chatId}', async () => {
      const { server } = ok;
      const res = await runCommand('okChat.markSeen', { chatId: CHAT });
      assert.deepEqual(res, { success: true });
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"sender_action":"mark_seen"}`]);
    });

    it('every POST is JSON utf-8 with the token in the query', async () => {
      const { server } = ok;
      await runCommand('okChat.markSeen', { chatId: CHAT });
      await runCommand('okChat.sendText', { chatId: CHAT, text: 'x' });
      const posts = server.requestsTo('POST', '/me/messages/');
      assert.equal(posts.length, 2);
      for (const p of posts) {
        assert.equal(p.headers['content-type'], 'application/json;charset=utf-8');
        assert.equal(p.query.access_token, server.token);
        assert.equal(p.path, `/graph/me/messages/${CHAT}`);
      }
    });
  });

  describe('sending', () => {
    it('sendText {chatId, text} keeps Cyrillic, emoji, tabs and CRLF byte for byte', async () => {
      const { server } = ok;
      const text = 'Привет, команда! 👋🏽\r\nСтрока 2\tс табом\r\n"кавычки" и \\ слэш\n👨‍👩‍👧';
      const res = await runCommand('okChat.sendText', { chatId: CHAT, text });
      assert.equal(res.messageIds.length, 1);
      assert.match(res.messageIds[0], MID);
      const [body] = postBodies(server);
      assert.equal(
        body,
        '{"recipient":{"chat_id":"chat:C3ecb9d02a600"},"message":{"text":"Привет, команда! 👋🏽\\r\\nСтрока 2\\tс табом\\r\\n\\"кавычки\\" и \\\\ слэш\\n👨‍👩‍👧"}}',
      );
      assert.equal(server.messages.length, 1);
      assert.deepEqual(Buffer.from(server.messages[0].text ?? ''), Buffer.from(text));
      assert.equal(server.messages[0].message_id, res.messageIds[0]);
    });

    it('a long sendText is split into numbered parts of at most okChat.maxMessageLength', async () => {
      const { server } = ok;
      await setUserSetting('maxMessageLength', 100);
      const lines = ['A', 'B', 'C'].map((c) => `${c}${'-'.repeat(58)}\n`); // 60 characters each
      const text = lines.join('').trimEnd();
      const res = await runCommand('okChat.sendText', { chatId: CHAT, text });
      assert.equal(res.messageIds.length, 3);
      const expected = [`(1/3) ${lines[0]}`, `(2/3) ${lines[1]}`, `(3/3) ${lines[2].trimEnd()}`];
      assert.deepEqual(
        postBodies(server),
        expected.map((t) => `${RECIPIENT},"message":{"text":${JSON.stringify(t)}}}`),
      );
      assert.deepEqual(server.messages.map((m) => m.text), expected);
      for (const t of expected) assert.ok(t.length <= 100);
    });

    // Python rather than TypeScript: opening a .ts file starts the TS server of another extension
    const GREET = 'import os\ndef greet(name):\n    return f"Привет, {name} 👋"\n\nprint(greet("мир"))\n';

    it('sendSelection {chatId}: header "path:lines (language)" and the selected code', async () => {
      const { server } = ok;
      const uri = writeWorkspaceFile('src/greet.py', GREET);
      const editor = await vscode.window.showTextDocument(uri);
      assert.equal(editor.document.languageId, 'python');
      // from line 2 to the start of line 4: lines 2-3
      editor.selection = new vscode.Selection(1, 0, 3, 0);
      const res = await runCommand('okChat.sendSelection', { chatId: CHAT });
      assert.equal(res.messageIds.length, 1);
      const text = 'src/greet.py:2-3 (python)\ndef greet(name):\n    return f"Привет, {name} 👋"\n';
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"message":{"text":${JSON.stringify(text)}}}`]);
      assert.equal(server.messages[0]?.text, text);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('sendSelection of a part of one line, and of several selections in document order', async () => {
      const { server } = ok;
      const uri = writeWorkspaceFile('src/greet.py', GREET);
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(2, 11, 2, editor.document.lineAt(2).text.length);
      await runCommand('okChat.sendSelection', { chatId: CHAT });
      editor.selections = [new vscode.Selection(4, 0, 4, editor.document.lineAt(4).text.length), new vscode.Selection(1, 0, 1, 16)];
      await runCommand('okChat.sendSelection', { chatId: CHAT });
      assert.deepEqual(server.messages.map((m) => m.text), [
        'src/greet.py:3 (python)\nf"Привет, {name} 👋"',
        'src/greet.py:2 (python)\ndef greet(name):\n\nsrc/greet.py:5 (python)\nprint(greet("мир"))',
      ]);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('sendFile {chatId, uri}: the whole file with its real line range', async () => {
      const { server } = ok;
      const uri = writeWorkspaceFile('notes/todo.txt', 'первое\nвторое 🚀\nтретье\n');
      const res = await runCommand('okChat.sendFile', { chatId: CHAT, uri });
      assert.equal(res.messageIds.length, 1);
      const text = 'notes/todo.txt:1-3 (plaintext)\nпервое\nвторое 🚀\nтретье\n';
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"message":{"text":${JSON.stringify(text)}}}`]);
    });

    it('sendFile {chatId, uri: path string} of a file without a final newline', async () => {
      const { server } = ok;
      const uri = writeWorkspaceFile('notes/one.txt', 'только строка');
      await runCommand('okChat.sendFile', { chatId: CHAT, uri: uri.fsPath });
      assert.equal(server.messages[0]?.text, 'notes/one.txt:1 (plaintext)\nтолько строка');
    });

    it('sendImage {chatId, url}', async () => {
      const { server } = ok;
      const res = await runCommand('okChat.sendImage', { chatId: CHAT, url: ' https://example.com/shots/build.png ' });
      assert.equal(res.messageIds.length, 1);
      assert.deepEqual(postBodies(server), [`${RECIPIENT},"message":{"attachment":{"type":"IMAGE","payload":{"url":"https://example.com/shots/build.png"}}}}`]);
      assert.deepEqual(server.messages[0]?.attachments, [{ type: 'IMAGE', payload: { url: 'https://example.com/shots/build.png' } }]);
    });

    it('sendToUsers {userIds, text}: reports who got it and who did not', async () => {
      const { server } = ok;
      const res = await runCommand('okChat.sendToUsers', { userIds: [SEED_USER_IDS[0], '100000000009', SEED_USER_IDS[2]], text: 'Сборка готова ✅' });
      assert.deepEqual(postBodies(server), [`{"recipient":{"user_ids":["${SEED_USER_IDS[0]}","100000000009","${SEED_USER_IDS[2]}"]},"message":{"text":"Сборка готова ✅"}}`]);
      assert.equal(server.requests[0]?.path, '/graph/me/messages');
      assert.deepEqual(res.delivered, [SEED_USER_IDS[0], SEED_USER_IDS[2]]);
      assert.deepEqual(res.failed, ['100000000009']);
      assert.equal(server.messages.length, 2);
    });

    it('sendToUsers with one user written three ways sends one message to that user', async () => {
      const { server } = ok;
      const res = await runCommand('okChat.sendToUsers', { userIds: [SEED_USER_IDS[0], `user:${SEED_USER_IDS[0].replace(/^user:/, '')}`, ` ${SEED_USER_IDS[0].replace(/^user:/, '')} `], text: 'once' });
      assert.equal(postBodies(server).length, 1);
      assert.equal((JSON.parse(postBodies(server)[0]) as { recipient: { user_ids: string[] } }).recipient.user_ids.length, 1);
      assert.equal(res.delivered?.length, 1);
      assert.equal(server.messages.filter((m) => m.text === 'once').length, 1);
    });
  });

  describe('bad input is refused before anything is sent', () => {
    const refused = <K extends CommandId>(name: string, command: K, arg: Args<K>, message: RegExp) => ({ name, command, message, call: () => runCommand(command, arg) });
    const cases = [
      refused('empty text', 'okChat.sendText', { chatId: CHAT, text: '' }, /empty/i),
      refused('blank text', 'okChat.sendText', { chatId: CHAT, text: ' \r\n\t ' }, /empty/i),
      refused('chatId "general"', 'okChat.sendText', { chatId: 'general', text: 'hi' }, /"general" is not an OK chat id/),
      refused('chatId "chat:general"', 'okChat.markSeen', { chatId: 'chat:general' }, /not an OK chat id/),
      refused('a .gif icon', 'okChat.setChatIcon', { chatId: CHAT, url: 'https://example.com/icon.gif' }, /\.png or \.jpg/),
      refused('a .gif image', 'okChat.sendImage', { chatId: CHAT, url: 'https://example.com/anim.gif' }, /\.png or \.jpg/),
      refused('an empty title', 'okChat.renameChat', { chatId: CHAT, title: '   ' }, /title is empty/i),
      refused('a bad user id', 'okChat.addMembers', { chatId: CHAT, userIds: ['bob'] }, /"bob" is not an OK user id/),
      refused('a bad recipient', 'okChat.sendToUsers', { userIds: ['bob'], text: 'hi' }, /"bob" is not an OK user id/),
      refused('101 different users', 'okChat.sendToUsers', { userIds: Array.from({ length: 101 }, (_, i) => `user:${100000000000 + i}`), text: 'hi' }, /101 users at once is more than 100/),
    ];
    for (const { name, command, message, call } of cases) {
      it(`${command} with ${name}`, async () => {
        const { server, api } = ok;
        const err = await rejection(call());
        assert.match(err.message, message);
        assert.equal(err.name, 'InputError', err.message);
        assert.deepEqual(server.requests, [], describeRequests(server.requests));
        assert.deepEqual(api.outboxItems(), [], 'bad input went to the outbox');
      });
    }
  });
});
