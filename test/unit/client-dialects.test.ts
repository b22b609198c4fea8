// Every action of the seed document and every upload path, against every answer style of the
// fake server (its DIALECTS table): OK applied it, so the client must report success.
import * as assert from 'node:assert/strict';
import { OkClient, isNotReady, requests, uploadAndSend } from '../../src/core';
import { DIALECT_NAMES, FakeOkServer, SEED_CHAT_IDS, SEED_USER_IDS } from '../fake-ok/server';
import { rejection } from '../helpers/rejection';

const CHAT = SEED_CHAT_IDS[0];
/** OK's upload timings scaled down 100 times. */
const FAST = { baseWaitMs: 50, perMbWaitMs: 10, maxWaitMs: 300, retryDelayMs: 20, maxRetryDelayMs: 100 };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const PDF = new TextEncoder().encode('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const dialect of DIALECT_NAMES) {
  describe(`dialect "${dialect}"`, () => {
    let server: FakeOkServer;
    let client: OkClient;
    let logs: string[];

    before(async () => {
      server = await FakeOkServer.start({ dialect, seed: true });
    });
    after(async () => {
      await server.close();
    });
    beforeEach(() => {
      server.reset();
      server.seedDemo();
      logs = [];
      client = new OkClient({ token: server.token, baseUrl: server.baseUrl, retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 }, log: (l, m) => logs.push(`${l} ${m}`) });
    });
    afterEach(async () => {
      await client.close();
      // An accepted answer is never retried, whatever its shape.
      assert.ok(logs.every((l) => !l.includes('retrying')), logs.join('\n'));
    });

    const chat = () => {
      const c = server.chats.get(CHAT);
      assert.ok(c);
      return c;
    };

    describe('seed actions', () => {
      it('text', async () => {
        const res = await client.call(requests.sendText(CHAT, 'Hello'));
        assert.equal(server.messages.length, 1);
        assert.equal(res.message_id, server.spec.send[0] === 'message_id' || server.spec.send[0] === 'mid' ? server.messages[0].message_id : undefined);
      });

      it('image by URL', async () => {
        await client.call(requests.sendImageUrl(CHAT, 'https://st.mycdn.me/res/i/ok_logo.png'));
        assert.deepEqual(server.messages[0]?.attachments, [{ type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.png' } }]);
      });

      it('rename', async () => {
        const res = await client.call(requests.renameChat(CHAT, 'This is our chat now'));
        assert.equal(res.success, true);
        assert.equal(chat().title, 'This is our chat now');
      });

      it('icon', async () => {
        assert.equal((await client.call(requests.setChatIcon(CHAT, 'https://and.su/tamtam/icon128.png'))).success, true);
        assert.equal(chat().icon?.url, 'https://and.su/tamtam/icon128.png');
      });

      it('add members', async () => {
        assert.equal((await client.call(requests.addMembers(CHAT, ['user:123456789012', '123456789021']))).success, true);
        assert.ok('user:123456789021' in chat().participants);
      });

      it('remove member', async () => {
        assert.equal((await client.call(requests.removeMember(CHAT, SEED_USER_IDS[1]))).success, true);
        assert.ok(!(SEED_USER_IDS[1] in chat().participants));
      });

      it('leave', async () => {
        assert.equal((await client.call(requests.leaveChat(CHAT))).success, true);
        assert.equal(chat().status, 'LEFT');
      });

      it('mark seen, typing and sending actions', async () => {
        for (const req of [requests.markSeen(CHAT), requests.typingOn(CHAT), requests.sendingPhoto(CHAT), requests.sendingVideo(CHAT), requests.sendingAudio(CHAT)]) {
          assert.equal((await client.call(req)).success, true, req.action);
        }
        assert.equal(server.requestsTo('POST', `/me/messages/${CHAT}`).length, 5);
      });

      it('direct messages stay per user', async () => {
        const res = await client.call(requests.sendToUsers([SEED_USER_IDS[0], '100000000009'], 'Hello'));
        assert.deepEqual(res.success, [true, false]);
      });

      it('an OK error is still an error, in this dialect\'s style', async () => {
        const e = await rejection(client.call(requests.renameChat('chat:C0123456789ab', 'x')));
        assert.equal(e.kind, 'not-found');
        assert.equal(e.code, 705);
        assert.equal(e.delivery, 'rejected');
      });
    });

    describe('uploads', () => {
      it('an image file', async () => {
        const res = await uploadAndSend(client, CHAT, { name: 'diagram.png', bytes: PNG }, { timings: FAST });
        assert.equal(server.uploadCount, 1);
        const [msg] = server.messages;
        assert.equal(msg.text, 'diagram.png');
        assert.deepEqual(msg.attachments.map((a) => (a as { type: string }).type), ['IMAGE']);
        const upload = [...server.uploads.values()][0];
        assert.equal(upload.contentType, 'image/png');
        assert.equal(upload.size, PNG.length);
        if (server.spec.send[0] === 'message_id') assert.equal(res.message_id, msg.message_id);
      });

      it('a PDF, with a caption', async () => {
        await uploadAndSend(client, CHAT, { name: 'report.pdf', bytes: PDF }, { caption: 'Отчёт', timings: FAST });
        assert.equal(server.uploadCount, 1);
        assert.equal(server.messages[0]?.text, 'Отчёт');
        assert.deepEqual(server.messages[0]?.attachments.map((a) => (a as { type: string }).type), ['FILE']);
        assert.equal([...server.uploads.values()][0].contentType, 'application/pdf');
      });

      it('three images at once, as one message', async () => {
        const files = ['a.png', 'b.jpg', 'c.png'].map((name, i) => ({ name, bytes: new Uint8Array([...PNG, i]) }));
        await uploadAndSend(client, CHAT, files, { timings: FAST });
        assert.equal(server.uploadCount, 3);
        assert.equal(server.messages.length, 1);
        assert.equal(server.messages[0].attachments.length, 3);
        const body = JSON.parse(server.requestsTo('POST', `/me/messages/${CHAT}`).at(-1)?.rawBody ?? '{}') as { message: { attachments?: unknown[]; attachment?: unknown } };
        assert.equal(body.message.attachments?.length, 3);
        assert.equal(body.message.attachment, undefined);
      });

      it('"not ready" after the upload: the send is retried, the file is not uploaded again', async () => {
        server.notReadySends = 2;
        const steps: string[] = [];
        await uploadAndSend(client, CHAT, { name: 'diagram.png', bytes: PNG }, { timings: FAST, onProgress: (s) => steps.push(s) });
        assert.equal(server.uploadCount, 1);
        assert.equal(server.requestsTo('POST', `/me/messages/${CHAT}`).length, 3);
        assert.equal(server.messages.length, 1);
        assert.deepEqual(steps, ['uploading', 'processing', 'sending', 'processing', 'sending', 'processing', 'sending']);
      });

      it('"not ready" for three images: one upload each, the message sent once', async () => {
        server.notReadySends = 1;
        const files = ['a.png', 'b.png', 'c.png'].map((name, i) => ({ name, bytes: new Uint8Array([...PNG, i]) }));
        await uploadAndSend(client, CHAT, files, { timings: FAST });
        assert.equal(server.uploadCount, 3);
        assert.equal(server.requestsTo('POST', `/me/messages/${CHAT}`).length, 2);
        assert.equal(server.messages.length, 1);
      });

      it('"not ready" is recognised in this dialect\'s error style', async () => {
        server.notReadySends = 9;
        const e = await rejection(uploadAndSend(client, CHAT, { name: 'x.pdf', bytes: PDF }, { timings: { ...FAST, notReadyRetries: 0 } }));
        assert.ok(isNotReady(e), e.message);
        assert.equal(e.delivery, 'rejected');
      });
    });
  });
}
