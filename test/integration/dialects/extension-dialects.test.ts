// Every command of the seed and every upload path, in the real VS Code host, against fake servers
// that answer the way clients of the real API recorded (test/fake-ok/server.ts, DIALECTS).
// The "documented" answers are covered by api-bodies.test.ts and send-files.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { FakeOkServer, SEED_MEMBERS, SEED_USER_IDS, type DialectName } from '../../fake-ok/server';
import type { PageSummary } from '../../webview/driverProtocol';
import { CONVERSATION_DRIVER } from '../../helpers/conversationDriver';
import { CHAT, FAST_UPLOAD_TIMINGS, okChatApi, outboxIdOf, rejection, run, runCommand, setUserSetting, useFakeOk, waitFor, workspaceDir } from '../suite/extensionSetup';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

function writeFile(name: string, data: Uint8Array): vscode.Uri {
  const file = path.join(workspaceDir(), 'dialect-fixtures', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return vscode.Uri.file(file);
}

const DIALECTS: DialectName[] = ['recorded', 'strict-http', 'bare', 'wild'];

for (const dialect of DIALECTS) {
  describe(`against the "${dialect}" dialect`, function () {
    this.timeout(30000);
    // An IMAGE upload URL on OK's own http host (wild) cannot be reached from the editor offline: here
    // images go to the fake's own upload URL. The move of such a URL to https, with its query, is
    // tested through a loopback CONNECT proxy and a TLS front (test/unit/uploadOkHost.test.ts).
    const ok = useFakeOk({ dialect, uploads: { imageUploadUrl: 'server' } });

    /** Sends that carried a message (not sender actions). */
    const sends = () => ok.server.requestsTo('POST', `/me/messages/${CHAT}`).filter((r) => r.rawBody.includes('"message"'));

    /**
     * A chat action OK applies: its success, or where the dialect answers chat actions with an
     * empty body (not a JSON object: not OK's answer, by the reference's Success), the truth:
     * the user is told the answer was not from OK. Returns whether it was told as a success.
     */
    const chatAction = async (command: string, args: Record<string, unknown>): Promise<boolean> => {
      if (ok.server.spec.chatControl.includes('empty-body')) {
        const e = await rejection(run(command, args));
        assert.equal(e.delivery, 'unknown', command);
        assert.match(String(e.userMessage), /^The answer was not from OK \(an empty answer\)\.$/, command);
        assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, 1, `${command} was not sent again`);
        return false;
      }
      assert.equal((await run<{ success?: boolean }>(command, args)).success, true, command);
      return true;
    };

    describe('every seed command reaches OK and the user is told the truth', () => {
      it('sendText', async () => {
        const res = await runCommand('okChat.sendText', { chatId: CHAT, text: 'Привет 👋' });
        assert.equal(res.sent, 1);
        assert.equal(ok.server.messages[0]?.text, 'Привет 👋');
        assert.deepEqual(ok.api.outboxItems(), []);
      });

      it('sendImage by URL', async () => {
        const res = await runCommand('okChat.sendImage', { chatId: CHAT, url: 'https://example.com/shots/build.png' });
        assert.equal(res.sent, 1);
        assert.deepEqual(ok.server.messages[0]?.attachments, [{ type: 'IMAGE', payload: { url: 'https://example.com/shots/build.png' } }]);
        assert.deepEqual(ok.api.outboxItems(), []);
      });

      it('renameChat (was "bad-response" for {"message_id"})', async () => {
        await runCommand('okChat.addChat', { chatId: CHAT });
        const told = await chatAction('okChat.renameChat', { chatId: CHAT, title: 'Бэкенд' });
        assert.equal(ok.server.chats.get(CHAT)?.title, 'Бэкенд');
        if (told) assert.equal(ok.api.savedChats()[0]?.title, 'Бэкенд');
      });

      it('setChatIcon', async () => {
        await runCommand('okChat.addChat', { chatId: CHAT });
        const told = await chatAction('okChat.setChatIcon', { chatId: CHAT, url: 'https://example.com/icons/team.png' });
        assert.equal(ok.server.chats.get(CHAT)?.icon?.url, 'https://example.com/icons/team.png');
        if (told) assert.equal(ok.api.savedChats()[0]?.iconUrl, 'https://example.com/icons/team.png');
      });

      it('addMembers', async () => {
        await runCommand('okChat.addChat', { chatId: CHAT });
        const told = await chatAction('okChat.addMembers', { chatId: CHAT, userIds: ['user:100000000007'] });
        assert.ok('user:100000000007' in (ok.server.chats.get(CHAT)?.participants ?? {}));
        if (told) assert.ok(ok.api.savedChats()[0]?.participants?.includes('user:100000000007'));
      });

      it('removeMember', async () => {
        await chatAction('okChat.removeMember', { chatId: CHAT, userId: SEED_USER_IDS[1] });
        assert.ok(!(SEED_USER_IDS[1] in (ok.server.chats.get(CHAT)?.participants ?? {})));
      });

      it('leaveChat', async () => {
        await runCommand('okChat.addChat', { chatId: CHAT });
        const told = await chatAction('okChat.leaveChat', { chatId: CHAT });
        assert.equal(ok.server.chats.get(CHAT)?.status, 'LEFT');
        if (told) assert.deepEqual(ok.api.savedChats(), []);
      });

      it('markSeen', async () => {
        assert.equal((await runCommand('okChat.markSeen', { chatId: CHAT })).success, true);
        assert.equal(ok.server.requests.length, 1);
      });

      it('sendToUsers reports who got it', async () => {
        const res = await runCommand('okChat.sendToUsers', { userIds: [SEED_USER_IDS[0], '100000000009'], text: 'Сборка готова' });
        assert.deepEqual(res.delivered, [SEED_USER_IDS[0]]);
        assert.deepEqual(res.failed, ['100000000009']);
      });

      it('an OK error is still reported, with OK\'s meaning', async () => {
        const e = await rejection(runCommand('okChat.renameChat', { chatId: 'chat:C0123456789ab', title: 'x' }));
        assert.equal(e.name, 'OkApiError');
        assert.equal(e.kind, 'not-found');
      });
    });

    describe('uploads', () => {
      it('an image file: "sending a photo" shown, one upload, the file name beside it', async () => {
        const uri = writeFile('diagram.png', PNG);
        const res = await runCommand('okChat.sendFile', { chatId: CHAT, uri });
        assert.equal(res.sent, 1);
        assert.equal(ok.server.uploadCount, 1);
        assert.equal(ok.server.requests[0]?.rawBody, `{"recipient":{"chat_id":"${CHAT}"},"sender_action":"sending_photo"}`);
        const [msg] = ok.server.messages;
        assert.equal(msg.text, 'diagram.png');
        assert.deepEqual(msg.attachments.map((a) => (a as { type: string }).type), ['IMAGE']);
        assert.equal([...ok.server.uploads.values()][0].contentType, 'image/png');
        assert.deepEqual(ok.api.outboxItems(), []);
      });

      it('a PDF with a caption', async () => {
        const uri = writeFile('report.pdf', PDF);
        await runCommand('okChat.sendFileAsAttachment', { chatId: CHAT, uri, caption: 'Отчёт за неделю' });
        assert.equal(ok.server.uploadCount, 1);
        assert.equal(ok.server.messages[0]?.text, 'Отчёт за неделю');
        assert.deepEqual(ok.server.messages[0]?.attachments.map((a) => (a as { type: string }).type), ['FILE']);
        assert.equal([...ok.server.uploads.values()][0].contentType, 'application/pdf');
      });

      it('three images at once go as one message with three attachments', async () => {
        const uris = ['one.png', 'two.jpg', 'three.png'].map((name, i) => writeFile(name, new Uint8Array([...PNG, i])));
        const res = await runCommand('okChat.sendFile', { chatId: CHAT, uris });
        assert.equal(res.sent, 1);
        assert.equal(ok.server.uploadCount, 3);
        assert.equal(ok.server.messages.length, 1);
        assert.equal(ok.server.messages[0].attachments.length, 3);
        assert.equal(ok.server.messages[0].text, 'one.png, two.jpg, three.png');
      });

      it('"not ready": the send is retried, the file is not uploaded again', async () => {
        ok.server.notReadySends = 2;
        const uri = writeFile('diagram.png', PNG);
        const res = await runCommand('okChat.sendFile', { chatId: CHAT, uri });
        assert.equal(res.sent, 1);
        assert.equal(ok.server.uploadCount, 1);
        assert.equal(sends().length, 3);
        assert.equal(ok.server.messages.length, 1);
        assert.deepEqual(ok.api.outboxItems(), []);
      });

      it('a retry from the Outbox reuses the upload token', async () => {
        ok.server.notReadySends = 99; // more than the client's retries
        const uri = writeFile('diagram.png', PNG);
        const e = await rejection(runCommand('okChat.sendFile', { chatId: CHAT, uri }));
        const id = outboxIdOf(e);
        const [queued] = ok.api.outboxItems();
        assert.ok(queued.kind === 'file', 'the Outbox keeps the file message');
        const token = [...ok.server.uploads.keys()][0];
        assert.equal(queued.uploads?.[0]?.token, token, 'the Outbox keeps the token');
        assert.ok(typeof queued.uploads?.[0]?.uploadedAt === 'number', 'and its age');
        for (const u of ok.server.uploads.values()) u.notReadyLeft = 0; // OK has processed it meanwhile
        await runCommand('okChat.retrySend', { id });
        assert.equal(ok.server.uploadCount, 1, 'uploaded again');
        assert.equal(ok.server.messages.length, 1);
        assert.deepEqual(ok.server.messages[0].attachments, [{ type: 'IMAGE', payload: { token } }]);
        assert.deepEqual(ok.api.outboxItems(), []);
      });

      it('an expired upload token, or one OK refuses, means uploading again', async () => {
        ok.server.notReadySends = 99;
        const uri = writeFile('diagram.png', PNG);
        const id = outboxIdOf(await rejection(runCommand('okChat.sendFile', { chatId: CHAT, uri })));
        assert.equal(ok.server.uploadCount, 1);
        // older than the reuse limit: the retry uploads again (and OK is still processing it)
        ok.api.setUploadTimings({ ...FAST_UPLOAD_TIMINGS, tokenMaxAgeMs: 0 });
        await rejection(runCommand('okChat.retrySend', { id }));
        assert.equal(ok.server.uploadCount, 2);
        // OK forgot the token: the send is refused, and the next retry uploads again
        ok.api.setUploadTimings(FAST_UPLOAD_TIMINGS);
        ok.server.uploads.clear();
        const refused = await rejection(runCommand('okChat.retrySend', { id }));
        assert.match(String(refused.message), /unknown token/);
        assert.equal(ok.server.uploadCount, 2);
        ok.server.notReadySends = 0;
        await runCommand('okChat.retrySend', { id });
        assert.equal(ok.server.uploadCount, 3);
        assert.equal(ok.server.messages.length, 1);
        assert.deepEqual(ok.api.outboxItems(), []);
      });
    });
  });
}

describe('reading what the "wild" dialect sends (every variant of the reference)', function () {
  this.timeout(60_000);
  const ok = useFakeOk({ dialect: 'wild' });
  before(() => ok.api.setConversationDriver(CONVERSATION_DRIVER));
  afterEach(async () => {
    ok.api.setConversationPollMs(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function shown(min: number): Promise<PageSummary> {
    const act = ok.api.conversationAct;
    assert.ok(act, 'the conversation test hooks exist in a test run');
    return waitFor(async () => {
      const s = (await act(CHAT, 'summary').catch(() => undefined)) as PageSummary | undefined;
      return s && s.lines.length >= min ? s : undefined;
    }, `the page to show ${min} lines`, 15_000);
  }

  it('the conversation shows every message: a forward as a placeholder, smiles, video, audio and file names, icon and join events', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await shown(ok.server.memberMessages.length);
    assert.equal(s.lines.length, ok.server.memberMessages.length);
    const texts = s.lines.map((l) => l.text).join(' | ');
    assert.match(texts, /open the chat on ok\.ru/);
    assert.match(texts, /changed the chat icon/);
    assert.match(texts, /joined by the link/);
    assert.ok(s.lines.some((l) => l.images.some((u) => u.startsWith('https://dsm.odnoklassniki.ru/'))), 'the smile is shown');
    // VIDEO/AUDIO with title/duration and a FILE with name/id (no URL): their messages are lines (every message has one, above)
    assert.ok(s.lines.some((l) => l.text === 'Запись демо'), texts);
  });

  it('a new message with one attachment as an object reaches an open panel; our own send shows as ours', async () => {
    ok.api.setConversationPollMs(200);
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const before = (await shown(ok.server.memberMessages.length)).lines.length;
    ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'скриншот', attachments: [{ type: 'IMAGE', payload: { url: 'https://i.mycdn.me/shot.png' } }] });
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'принято' });
    const s = await shown(before + 2);
    assert.ok(s.lines.some((l) => l.text === 'скриншот' && l.images.includes('https://i.mycdn.me/shot.png')));
    assert.ok(s.lines.some((l) => l.text === 'принято' && l.ours), 'our send is ours');
  });

  it('unread counts: others\' messages only, whatever OK sends', async () => {
    await runCommand('okChat.addChat', { chatId: CHAT });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 0 });
    const t = Date.now() + 1000;
    ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { forward: true, time: t });
    ok.server.postAsMember(CHAT, SEED_MEMBERS[2], { attachments: [{ type: 'FILE', payload: { name: 'a.txt', id: 'f1' } }], time: t + 1 });
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'это наше' });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 2 });
  });

  it('the Chats view: refresh, and the group\'s chats (a DIALOG without a title, pages that repeat a chat)', async () => {
    const dialog = ok.server.addChat({ type: 'DIALOG', title: 'not sent', participants: { 'user:100000000005': 1 } });
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: dialog.chat_id });
    const list = await runCommand('okChat.refreshChats', {});
    assert.deepEqual(list.map((c) => c.chatId).sort(), [CHAT, dialog.chat_id].sort());
  });
});

describe('a user token', function () {
  this.timeout(20000);
  let server: FakeOkServer | undefined;
  before(async () => {
    await okChatApi();
    server = await FakeOkServer.start({ tokenOwner: 'user' });
    await setUserSetting('apiBaseUrl', server.baseUrl);
  });
  after(async () => {
    await server?.close();
  });

  it('is refused with "This is a user token", and nothing is saved', async () => {
    assert.ok(server);
    await run('okChat.clearToken');
    const e = await rejection(runCommand('okChat.setToken', { token: server.token }));
    assert.equal(e.kind, 'user-token');
    assert.equal(e.userMessage, "This is a user token; OK Chat needs a group's token: group Settings → Messages → API.");
    const again = await rejection(runCommand('okChat.markSeen', { chatId: CHAT }));
    assert.match(String(again.userMessage), /No access token is set/);
  });
});
