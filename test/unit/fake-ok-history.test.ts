// The fake OK server serves a chat's messages back: both paths, count/from/to, newest first, raw seq, strictness.
import * as assert from 'node:assert/strict';
import { parseJsonExact } from '../../src/core';
import { SEED_HISTORY_START, SEED_MEMBERS } from '../fake-ok/server';
import { CHAT, get, okError, post, restartFakeOk, send, srv, useFreshFakeOk } from '../helpers/fakeOkHttp';

interface Served {
  sender: { name: string; user_id: string | number };
  recipient: { chat_id: string };
  message: { text?: string | null; seq: string; mid?: string; message_id?: string; reply_to?: unknown; attachments?: unknown[] };
  timestamp: number;
  edited?: boolean;
}
const messages = (text: string) => (parseJsonExact(text) as { messages: Served[] }).messages;

describe('FakeOkServer: reading a chat', () => {
  useFreshFakeOk();

  it('serves the seeded history newest first, in OK\'s Message shape, on both paths', async () => {
    const res = await get(`/me/messages/${CHAT}`);
    assert.equal(res.status, 200, res.text);
    const list = messages(res.text);
    assert.equal(list.length, srv().memberMessages.length);
    assert.ok(list.length >= 10);
    const times = list.map((m) => m.timestamp);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.equal(list.at(-1)?.timestamp, SEED_HISTORY_START);
    assert.deepEqual(Object.keys(list[0]).sort(), ['message', 'recipient', 'sender', 'timestamp']);
    assert.equal(list[0].recipient.chat_id, CHAT);
    assert.equal(list[0].message.text, '<img src=x onerror=alert(1)>');
    assert.ok(list.some((m) => m.edited === true));
    assert.ok(list.some((m) => m.message.text === undefined && m.message.attachments?.length === 1));
    assert.ok(list.some((m) => typeof m.message.reply_to === 'string'));
    assert.ok(list.some((m) => m.message.text?.includes('"ty":"USERS_ADDED"')));
    assert.equal((await get(`/${CHAT}/messages`)).text, res.text);
  });

  it('writes seq as a raw JSON number beyond 2^53 (JSON.parse would round it)', async () => {
    const sent = await send(CHAT, { message: { text: 'Hello' } });
    assert.equal(sent.status, 200, sent.text);
    const res = await get(`/me/messages/${CHAT}`, { count: '1' });
    const seq = srv().messages[0].seq ?? '';
    assert.ok(BigInt(seq) > 2n ** 53n && BigInt(seq) % 16n !== 0n, seq);
    assert.ok(res.text.includes(`"seq":${seq}`), res.text);
    assert.equal(messages(res.text)[0].message.seq, seq);
    assert.notEqual(String((JSON.parse(res.text) as { messages: Array<{ message: { seq: number } }> }).messages[0].message.seq), seq);
    assert.deepEqual(messages(res.text)[0].sender, { name: 'Команда разработки', user_id: 'group:57000000000001' });
  });

  it('count, from and to select the page (both ends inclusive)', async () => {
    const all = messages((await get(`/me/messages/${CHAT}`)).text);
    assert.deepEqual(messages((await get(`/me/messages/${CHAT}`, { count: '3' })).text), all.slice(0, 3));
    const from = String(all[2].timestamp);
    const to = String(all[5].timestamp);
    assert.deepEqual(messages((await get(`/me/messages/${CHAT}`, { from })).text), all.slice(2));
    assert.deepEqual(messages((await get(`/me/messages/${CHAT}`, { from, to })).text), all.slice(2, 6));
    assert.deepEqual(messages((await get(`/me/messages/${CHAT}`, { to: String(Date.now() + 1e6) })).text), []);
  });

  it('refuses what OK refuses: a bad count, a bad time, from before to, a bad or unknown chat', async () => {
    for (const count of ['0', '101', 'abc', '-1', '1.5']) okError(await get(`/me/messages/${CHAT}`, { count }), 100);
    okError(await get(`/me/messages/${CHAT}`, { from: 'yesterday' }), 100);
    okError(await get(`/me/messages/${CHAT}`, { from: '1000', to: '2000' }), 100);
    okError(await get('/me/messages/chat:nothex'), 100);
    okError(await get('/me/messages/chat:C0123456789ab'), 705);
    okError(await get(`/me/messages/${CHAT}`, {}, 'tkn1wrong:X'), 102);
  });

  it('posting as another member: stored apart from what the token sent, served with its sender, replyable', async () => {
    const posted = srv().postAsMember(CHAT, SEED_MEMBERS[2], { text: 'deployed', time: Date.now() });
    assert.equal(srv().messages.length, 0);
    const [first] = messages((await get(`/me/messages/${CHAT}`, { count: '1' })).text);
    assert.equal(first.message.mid, posted.message_id);
    assert.deepEqual(first.sender, SEED_MEMBERS[2]);
    assert.equal((await send(CHAT, { message: { text: 'thanks', reply_to: posted.message_id } })).status, 200);
    assert.throws(() => srv().postAsMember('chat:C0123456789ab', SEED_MEMBERS[0], { text: 'x' }));
  });

  it('posting as a member over HTTP (test-only path, with the token), for the sandbox', async () => {
    const res = await post(`/_test/${CHAT}/messages`, { user_id: 'user:100000000002', name: 'Борис Иванов', text: 'Готово', edited: true });
    assert.equal(res.status, 200, res.text);
    const stored = srv().memberMessages.at(-1);
    assert.deepEqual([stored?.text, stored?.edited, stored?.sender?.name], ['Готово', true, 'Борис Иванов']);
    assert.ok(res.text.includes(`"seq":${stored?.seq}`));
    okError(await post(`/_test/${CHAT}/messages`, { name: 'no id', text: 'x' }), 100);
    okError(await post('/_test/chat:C0123456789ab/messages', { user_id: 'user:1', name: 'x' }), 705);
    okError(await post(`/_test/${CHAT}/messages`, { user_id: 'user:1', name: 'x' }, { token: 'tkn1wrong:X' }), 102);
    okError(await get(`/_test/${CHAT}/messages`), 3);
  });

  it('a dialect serves its own variant: message_id, empty text, no edited mark, quoted replies, numeric ids', async () => {
    await restartFakeOk({ dialect: 'strict-http', seed: true });
    const list = messages((await get(`/me/messages/${CHAT}`)).text);
    assert.ok(list.every((m) => typeof m.message.message_id === 'string' && m.message.mid === undefined));
    assert.ok(list.every((m) => m.edited === undefined));
    assert.ok(list.some((m) => m.message.text === ''));
    assert.ok(list.some((m) => typeof m.message.reply_to === 'object' && m.message.reply_to !== null));
    assert.ok(list.every((m) => typeof m.sender.user_id === 'number'));
  });
});
