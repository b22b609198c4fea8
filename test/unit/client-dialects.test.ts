// Every action of the seed document and every upload path, against every answer style of the
// fake server (its DIALECTS table): OK applied it, so the client must report success; where a
// dialect answers with an empty body (not a JSON object: "may have been sent" by the API
// reference's Success), the truth: may have been applied, and not retried.
import * as assert from 'node:assert/strict';
import { OkApiError, chatPages, conversation, isNotReady, loadHistory, okMessageId, requests, sendImageByUrl, sentByGroup, uploadAndSend, type ApiRequest, type MessageLine } from '../../src/core';
import { DIALECT_NAMES, SEED_CHAT_IDS, SEED_MEMBERS, SEED_USER_IDS } from '../fake-ok/server';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

const CHAT = SEED_CHAT_IDS[0];
/** OK's upload timings scaled down 100 times. */
const FAST = { baseWaitMs: 50, perMbWaitMs: 10, maxWaitMs: 300, retryDelayMs: 20, maxRetryDelayMs: 100 };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const PDF = new TextEncoder().encode('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const dialect of DIALECT_NAMES) {
  describe(`dialect "${dialect}"`, () => {
    const ok = useFakeOkWithClient({ server: { dialect, seed: true }, client: { retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 } } });

    afterEach(() => {
      // An accepted answer is never retried, whatever its shape.
      assert.ok(ok.logs.every((l) => !l.includes('retrying')), ok.logs.join('\n'));
    });

    const chat = () => {
      const c = ok.server.chats.get(CHAT);
      assert.ok(c);
      return c;
    };

    /**
     * A chat action OK applies: success, or, where the dialect answers chat actions with an empty
     * body, "may have been applied" (delivery unknown), told once.
     */
    const chatAction = async (req: ApiRequest<{ success?: boolean }>) => {
      if (ok.server.spec.chatControl.includes('empty-body')) {
        const e = await rejection(ok.client.call(req), OkApiError);
        assert.equal(e.kind, 'not-ok', req.action);
        assert.equal(e.delivery, 'unknown', req.action);
        assert.match(e.userMessage, /The answer was not from OK \(an empty answer\)/);
        assert.equal(ok.server.requests.filter((r) => r.method === 'POST').length, 1, 'not sent again');
        return;
      }
      assert.equal((await ok.client.call(req)).success, true, req.action);
    };

    describe('seed actions', () => {
      it('text', async () => {
        const res = await ok.client.call(requests.sendText(CHAT, 'Hello'));
        assert.equal(ok.server.messages.length, 1);
        const carriesId = ['message_id', 'mid', 'recipient_id+message_id'].includes(ok.server.spec.send[0]);
        assert.equal(res.message_id, carriesId ? ok.server.messages[0].message_id : undefined);
      });

      it('image by URL (once more with a caption where OK wants text beside it)', async () => {
        await sendImageByUrl((r) => ok.client.call(r), CHAT, 'https://st.mycdn.me/res/i/ok_logo.png');
        assert.deepEqual(ok.server.messages.map((m) => m.attachments), [[{ type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.png' } }]]);
        assert.equal(ok.server.messages[0].text, ok.server.spec.attachmentNeedsText ? 'ok_logo.png' : undefined);
      });

      it('rename', async () => {
        await chatAction(requests.renameChat(CHAT, 'This is our chat now'));
        assert.equal(chat().title, 'This is our chat now');
      });

      it('icon', async () => {
        await chatAction(requests.setChatIcon(CHAT, 'https://and.su/tamtam/icon128.png'));
        assert.equal(chat().icon?.url, 'https://and.su/tamtam/icon128.png');
      });

      it('add members', async () => {
        await chatAction(requests.addMembers(CHAT, ['user:123456789012', '123456789021']));
        assert.ok('user:123456789021' in chat().participants);
      });

      it('remove member', async () => {
        await chatAction(requests.removeMember(CHAT, SEED_USER_IDS[1]));
        assert.ok(!(SEED_USER_IDS[1] in chat().participants));
      });

      it('leave', async () => {
        await chatAction(requests.leaveChat(CHAT));
        assert.equal(chat().status, 'LEFT');
      });

      it('mark seen, typing and sending actions', async () => {
        for (const req of [requests.markSeen(CHAT), requests.typingOn(CHAT), requests.sendingPhoto(CHAT), requests.sendingVideo(CHAT), requests.sendingAudio(CHAT)]) {
          assert.equal((await ok.client.call(req)).success, true, req.action);
        }
        assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, 5);
      });

      it('direct messages stay per user', async () => {
        const res = await ok.client.call(requests.sendToUsers([SEED_USER_IDS[0], '100000000009'], 'Hello'));
        assert.deepEqual(res.success, [true, false]);
      });

      it('an OK error is still an error, in this dialect\'s style', async () => {
        const e = await rejection(ok.client.call(requests.renameChat('chat:C0123456789ab', 'x')), OkApiError);
        assert.equal(e.kind, 'not-found');
        assert.equal(e.code, 705);
        assert.equal(e.delivery, 'rejected');
      });
    });

    describe('uploads', () => {
      it('an image file', async () => {
        const res = await uploadAndSend(ok.client, CHAT, { name: 'diagram.png', bytes: PNG }, { timings: FAST });
        assert.equal(ok.server.uploadCount, 1);
        const [msg] = ok.server.messages;
        assert.equal(msg.text, 'diagram.png');
        assert.deepEqual(msg.attachments.map((a) => (a as { type: string }).type), ['IMAGE']);
        const upload = [...ok.server.uploads.values()][0];
        assert.equal(upload.contentType, 'image/png');
        assert.equal(upload.size, PNG.length);
        if (ok.server.spec.send[0] === 'message_id') assert.equal(res.message_id, msg.message_id);
      });

      it('a PDF, with a caption', async () => {
        await uploadAndSend(ok.client, CHAT, { name: 'report.pdf', bytes: PDF }, { caption: 'Отчёт', timings: FAST });
        assert.equal(ok.server.uploadCount, 1);
        assert.equal(ok.server.messages[0]?.text, 'Отчёт');
        assert.deepEqual(ok.server.messages[0]?.attachments.map((a) => (a as { type: string }).type), ['FILE']);
        assert.equal([...ok.server.uploads.values()][0].contentType, 'application/pdf');
      });

      it('three images at once, as one message', async () => {
        const files = ['a.png', 'b.jpg', 'c.png'].map((name, i) => ({ name, bytes: new Uint8Array([...PNG, i]) }));
        await uploadAndSend(ok.client, CHAT, files, { timings: FAST });
        assert.equal(ok.server.uploadCount, 3);
        assert.equal(ok.server.messages.length, 1);
        assert.equal(ok.server.messages[0].attachments.length, 3);
        const body = JSON.parse(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).at(-1)?.rawBody ?? '{}') as { message: { attachments?: unknown[]; attachment?: unknown } };
        assert.equal(body.message.attachments?.length, 3);
        assert.equal(body.message.attachment, undefined);
      });

      it('"not ready" after the upload: the send is retried, the file is not uploaded again', async () => {
        ok.server.notReadySends = 2;
        const steps: string[] = [];
        await uploadAndSend(ok.client, CHAT, { name: 'diagram.png', bytes: PNG }, { timings: FAST, onProgress: (s) => steps.push(s) });
        assert.equal(ok.server.uploadCount, 1);
        assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, 3);
        assert.equal(ok.server.messages.length, 1);
        assert.deepEqual(steps, ['uploading', 'processing', 'sending', 'processing', 'sending', 'processing', 'sending']);
      });

      it('"not ready" for three images: one upload each, the message sent once', async () => {
        ok.server.notReadySends = 1;
        const files = ['a.png', 'b.png', 'c.png'].map((name, i) => ({ name, bytes: new Uint8Array([...PNG, i]) }));
        await uploadAndSend(ok.client, CHAT, files, { timings: FAST });
        assert.equal(ok.server.uploadCount, 3);
        assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, 2);
        assert.equal(ok.server.messages.length, 1);
      });

      it('"not ready" is recognised in this dialect\'s error style', async () => {
        ok.server.notReadySends = 9;
        const e = await rejection(uploadAndSend(ok.client, CHAT, { name: 'x.pdf', bytes: PDF }, { timings: { ...FAST, notReadyRetries: 0 } }), OkApiError);
        assert.ok(isNotReady(e), e.message);
        assert.equal(e.delivery, 'rejected');
      });
    });

    describe('reading the chat back', () => {
      const history = async (count = 100) => (await loadHistory(chatPages((r) => ok.client.call(r), CHAT), { count, pageSize: 20 })).messages;

      it('what the token sent and a member answered: ids and seq exact, the reply resolved', async () => {
        const res = await ok.client.call(requests.sendText(CHAT, 'Deploying 2.4.1'));
        const sent = ok.server.messages[0];
        if (res.message_id !== undefined) assert.equal(res.message_id, sent.message_id);
        const answer = ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'Deployed', reply_to: sent.message_id, time: Date.now() + 1000 });
        const [newest, mine] = await history(2);
        assert.deepEqual([okMessageId(newest), newest.message.seq], [answer.message_id, answer.seq]);
        assert.deepEqual([okMessageId(mine), mine.message.seq], [sent.message_id, sent.seq]);
        const lines = conversation([newest, mine], sentByGroup('group:57000000000001')) as MessageLine[];
        assert.deepEqual(lines.map((l) => [l.text, l.ours]), [['Deploying 2.4.1', true], ['Deployed', false]]);
        assert.deepEqual(lines[1].reply, { id: sent.message_id, sender: 'Команда разработки', text: 'Deploying 2.4.1' });
      });

      it('the seeded history: every message, attachments without text, edited as the dialect says, events as system lines', async () => {
        const all = await history();
        assert.deepEqual(all.map(okMessageId).reverse(), ok.server.memberMessages.map((m) => m.message_id));
        const lines = conversation(all, () => false);
        const image = lines.find((l) => l.kind === 'message' && l.attachments.some((a) => a.kind === 'image')) as MessageLine;
        assert.equal(image.text, '');
        const edited = lines.filter((l) => l.kind === 'message' && l.edited);
        assert.equal(edited.length, ok.server.spec.history.edited === 'flag' ? 1 : 0);
        const variants = ok.server.spec.reading?.variants === true ? ['Анна Смирнова changed the chat icon', 'Вера Кузнецова joined by the link'] : [];
        assert.deepEqual(
          lines.filter((l) => l.kind === 'system').map((l) => l.text),
          ['Анна Смирнова created the chat', 'Анна Смирнова added Вера Кузнецова', 'Анна Смирнова changed the title to "Backend"', ...variants],
        );
        const reply = lines.find((l) => l.kind === 'message' && l.reply) as MessageLine;
        assert.deepEqual([reply.reply?.sender, reply.reply?.text], ['Борис Иванов', 'Привет! Сборка 2.4.1 готова?']);
        assert.equal((lines.find((l) => l.kind === 'message' && l.snippets) as MessageLine).snippets?.[0].path, 'src/сервер/main.ts');
      });

      it('the variants OK sends (where the dialect serves them): a forward, a smile, VIDEO/AUDIO and FILE payloads, one attachment as an object', async function () {
        if (ok.server.spec.reading?.variants !== true) this.skip();
        const lines = conversation(await history(), () => false) as MessageLine[];
        assert.equal(lines.length, ok.server.memberMessages.length, 'every message has its line');
        assert.equal(lines.filter((l) => l.kind === 'message' && l.unreadable).length, 1, 'the forward: open it on ok.ru');
        const names = lines.flatMap((l) => (l.kind === 'message' ? l.attachments.map((a) => a.name ?? a.url) : []));
        for (const n of ['demo.mp4', 'voice.ogg', 'release-notes.txt', 'https://dsm.odnoklassniki.ru/getImage?smileId=1f600', 'report.pdf']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
      });

      it('the chat list, whatever its pages: each chat once, none lost', async () => {
        for (let i = 0; i < 7; i++) ok.server.addChat({ title: `extra ${i}`, ...(i % 2 ? { type: 'DIALOG' } : {}) });
        const chats = await ok.client.listAllChats({ pageSize: 3 });
        assert.deepEqual(chats.map((c) => c.chat_id).sort(), [...ok.server.chats.keys()].sort());
      });

      it('an OK error, whatever the type of its code', async () => {
        const e = await rejection(ok.client.call(requests.sendText('chat:C0123456789ab', 'x')), OkApiError);
        assert.equal(e.code, 705);
      });
    });
  });
}
