// The fake OK server: sending to a chat and direct messages.
import * as assert from 'node:assert/strict';
import { CHAT_ID_RE, SEED_CHAT_IDS } from '../fake-ok/server';
import { CHAT, okError, post, send, srv, success, useFreshFakeOk } from '../helpers/fakeOkHttp';

describe('FakeOkServer', () => {
  useFreshFakeOk();

  describe('sending to a chat', () => {
    it('stores a text message and returns a unique mid', async () => {
      const r1 = await send(CHAT, { message: { text: 'Hello\nworld' } });
      const r2 = await send(CHAT, { message: { text: 'again' } });
      const id1 = (r1.json as { message_id: string }).message_id;
      const id2 = (r2.json as { message_id: string }).message_id;
      assert.match(id1, /^mid:C[0-9a-f]+\.[0-9a-f]+$/);
      assert.notEqual(id1, id2);
      assert.equal(srv().messages.length, 2);
      const { seq, sender, ...stored } = srv().messages[0];
      assert.deepEqual({ ...stored, time: 0 }, { message_id: id1, chat_id: CHAT, text: 'Hello\nworld', attachments: [], time: 0 });
      // OK's counter is beyond 2^53 and grows; the group is the sender.
      assert.ok(BigInt(seq ?? 0) > 2n ** 53n && BigInt(srv().messages[1].seq ?? 0) > BigInt(seq ?? 0), seq);
      assert.equal(sender?.user_id, 'group:57000000000001');
      assert.equal(srv().chats.get(CHAT)?.lastEventTime, srv().messages[1].time);
    });

    it('accepts text of exactly maxTextLength', async () => {
      const res = await send(CHAT, { message: { text: 'я'.repeat(4000) } });
      assert.equal(res.status, 200);
      assert.equal(srv().messages.length, 1);
    });

    it('sends an image by URL (png/jpg, any case)', async () => {
      const res = await send(CHAT, {
        message: { text: 'pic', attachment: { type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.PNG' } } },
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(srv().messages[0].attachments, [{ type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.PNG' } }]);
      const jpg = await send(CHAT, { message: { attachment: { type: 'IMAGE', payload: { url: 'http://x.test/a.jpeg?s=1' } } } });
      assert.equal(jpg.status, 200, jpg.text);
    });

    it('supports reply_to of a message of that chat', async () => {
      const first = await send(CHAT, { message: { text: 'q' } });
      const mid = (first.json as { message_id: string }).message_id;
      const res = await send(CHAT, { message: { text: 'a', reply_to: mid } });
      assert.equal(res.status, 200, res.text);
      assert.equal(srv().messages[1].reply_to, mid);
      okError(await send(CHAT, { message: { text: 'a', reply_to: 'mid:C0.1' } }), 100);
    });

    it('renames a chat', async () => {
      success(await send(CHAT, { chat_control: { title: 'New title' } }));
      assert.equal(srv().chats.get(CHAT)?.title, 'New title');
    });

    it('sets a png icon', async () => {
      success(await send(CHAT, { chat_control: { icon: { url: 'https://and.su/tamtam/icon128.png' } } }));
      assert.deepEqual(srv().chats.get(CHAT)?.icon, { url: 'https://and.su/tamtam/icon128.png' });
    });

    it('adds and removes members', async () => {
      success(await send(CHAT, { chat_control: { add_members: [{ user_id: 'user:123456789012' }, { user_id: 'user:123456789021' }] } }));
      const p = srv().chats.get(CHAT)?.participants ?? {};
      assert.ok('user:123456789012' in p && 'user:123456789021' in p);
      success(await send(CHAT, { chat_control: { remove_member: { user_id: 'user:123456789012' } } }));
      assert.ok(!('user:123456789012' in (srv().chats.get(CHAT)?.participants ?? {})));
    });

    it('leaves a chat with "true"; afterwards the chat refuses with 10', async () => {
      success(await send(CHAT, { chat_control: { leave: 'true' } }));
      assert.equal(srv().chats.get(CHAT)?.status, 'LEFT');
      okError(await send(CHAT, { message: { text: 'hi' } }), 10);
      srv().chats.get(SEED_CHAT_IDS[1])!.status = 'REMOVED';
      okError(await send(SEED_CHAT_IDS[1], { sender_action: 'typing_on' }), 10);
      assert.equal(srv().messages.length, 0);
    });

    it('accepts every documented sender_action', async () => {
      for (const a of ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio']) {
        success(await send(CHAT, { sender_action: a }));
      }
    });
  });


  describe('direct messages', () => {
    it('delivers only to users who allowed it, in request order, one dialog per user', async () => {
      srv().allowUser('210987654321');
      const body = {
        recipient: { user_ids: ['user:100000000001', '555', '210987654321', 'user:777'] },
        message: { text: 'Hello' },
      };
      const res = await post('/me/messages', body);
      assert.equal(res.status, 200, res.text);
      const j = res.json as { success: boolean[]; chat_ids: Array<string | null> };
      assert.deepEqual(j.success, [true, false, true, false]);
      assert.equal(j.chat_ids[1], null);
      assert.equal(j.chat_ids[3], null);
      assert.match(j.chat_ids[0] ?? '', CHAT_ID_RE);
      assert.notEqual(j.chat_ids[0], j.chat_ids[2]);
      assert.equal(srv().chats.get(j.chat_ids[2] ?? '')?.type, 'DIALOG');
      assert.deepEqual(
        srv().messages.map((m) => [m.chat_id, m.text]),
        [
          [j.chat_ids[0], 'Hello'],
          [j.chat_ids[2], 'Hello'],
        ],
      );
      const again = await post('/me/messages', { recipient: { user_id: '100000000001' }, message: { text: 'again' } });
      assert.deepEqual(again.json, { success: [true], chat_ids: [j.chat_ids[0]] });
      srv().allowUser('user:100000000001', false);
      const denied = await post('/me/messages', { recipient: { user_id: 'user:100000000001' }, message: { text: 'x' } });
      assert.deepEqual(denied.json, { success: [false], chat_ids: [null] });
    });

    it('rejects empty user_ids, bad ids, missing message, chat_control', async () => {
      okError(await post('/me/messages', { recipient: { user_ids: [] }, message: { text: 'x' } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['bob'] }, message: { text: 'x' } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['1'] } }), 100);
      okError(await post('/me/messages', { recipient: { user_ids: ['1'] }, chat_control: { title: 'x' } }), 100);
      assert.equal(srv().messages.length, 0);
    });
  });

});
