import * as assert from 'node:assert/strict';
import { InputError, requests } from '../../src/core';

const chat = 'chat:C3ecb9d02a600';

describe('request builders', () => {
  it('normalise pasted chat ids into path and recipient', () => {
    const req = requests.sendText('C3ecb9d02a600', 'hi');
    assert.equal(req.path, '/me/messages/chat:C3ecb9d02a600');
    assert.deepEqual(req.body, { recipient: { chat_id: chat }, message: { text: 'hi' } });
  });
  it('keep the text exactly as written', () => {
    const text = '\tПривет,\r\nмир 🌍  ';
    assert.deepEqual((requests.sendText(chat, text).body as { message: unknown }).message, { text });
  });
  it('add reply_to when replying', () => {
    assert.deepEqual((requests.sendText(chat, 'x', { replyTo: 'mid:C1.2' }).body as { message: unknown }).message, { text: 'x', reply_to: 'mid:C1.2' });
  });
  it('refuse empty text', () => assert.throws(() => requests.sendText(chat, '  \n'), InputError));
  it('refuse an unknown chat id format', () => assert.throws(() => requests.sendText('general', 'x'), /not an OK chat id/));
  for (const url of ['https://x.org/a.gif', 'ftp://x.org/a.png', 'not a url', 'https://x.org/png']) {
    it(`refuse the icon URL ${url}`, () => assert.throws(() => requests.setChatIcon(chat, url), /\.png or \.jpg/));
  }
  it('accept jpg icons, any case', () => {
    assert.deepEqual((requests.setChatIcon(chat, 'https://x.org/A.JPG').body as { chat_control: unknown }).chat_control, { icon: { url: 'https://x.org/A.JPG' } });
  });
  it('send leave as the string "true"', () => {
    assert.equal(JSON.stringify((requests.leaveChat(chat).body as { chat_control: unknown }).chat_control), '{"leave":"true"}');
  });
  it('normalise and de-duplicate members', () => {
    assert.deepEqual((requests.addMembers(chat, ['1', 'user:1', '2']).body as { chat_control: unknown }).chat_control, { add_members: [{ user_id: 'user:1' }, { user_id: 'user:2' }] });
  });
  it('refuse an empty member list', () => assert.throws(() => requests.addMembers(chat, []), InputError));
  it('refuse a bad user id', () => assert.throws(() => requests.removeMember(chat, 'bob'), /not an OK user id/));
  it('trim and require a title', () => {
    assert.deepEqual((requests.renameChat(chat, '  Релизы ').body as { chat_control: unknown }).chat_control, { title: 'Релизы' });
    assert.throws(() => requests.renameChat(chat, ' '), /title is empty/);
  });
  it('build every sender action and refuse others', () => {
    for (const a of ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio'] as const) {
      assert.equal((requests.senderAction(chat, a).body as { sender_action: string }).sender_action, a);
    }
    assert.throws(() => requests.senderAction(chat, 'sending_file' as never), /Unknown sender action/);
  });
  it('page chat lists with count and marker and check count', () => {
    assert.deepEqual(requests.listChatsPage({ count: 10, marker: 'm1' }).query, { count: '10', marker: 'm1' });
    assert.deepEqual(requests.listChatsPage().query, { count: '100' });
    assert.throws(() => requests.listChatsPage({ count: 101 }), InputError);
    assert.throws(() => requests.listChatsPage({ count: 0 }), InputError);
  });
  it('build reads with the right paths', () => {
    assert.equal(requests.getMeInfo().path, '/me/info');
    assert.equal(requests.getChat('C3ecb9d02a600').path, '/me/chat/chat:C3ecb9d02a600');
    assert.equal(requests.getChatUrl(chat).path, '/chat:C3ecb9d02a600/url');
    assert.deepEqual(requests.getFileUploadUrl('IMAGE').query, { type: 'IMAGE' });
    assert.equal(requests.getMeInfo().method, 'GET');
  });
  it('send uploaded files by token with an optional caption', () => {
    assert.deepEqual((requests.sendUploaded(chat, 'FILE', 'tok', 'build.log').body as { message: unknown }).message, { text: 'build.log', attachment: { type: 'FILE', payload: { token: 'tok' } } });
  });

  describe('response schemas', () => {
    it('tolerate unknown fields', () => {
      assert.deepEqual(requests.getMeInfo().responseSchema.parse({ name: 'G', group_id: 'group:1', extra: 1 }), { name: 'G', group_id: 'group:1', extra: 1 });
    });
    it('reject missing required fields', () => {
      assert.equal(requests.getMeInfo().responseSchema.safeParse({ name: 'G' }).success, false);
      assert.equal(requests.sendText(chat, 'x').responseSchema.safeParse({ success: true }).success, false);
    });
    it('accept a chat with only an id and keep big numbers as strings', () => {
      const parsed = requests.getChat(chat).responseSchema.parse({ chat_id: chat, owner_id: 'user:9007199254740993' });
      assert.equal(parsed.owner_id, 'user:9007199254740993');
    });
  });
});
