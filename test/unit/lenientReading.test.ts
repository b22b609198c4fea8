// What OK sends is read item by item: one message, chat or attachment in a shape OK Chat did not
// expect never fails its page, its list or its view (see "What OK sends is read item by item").
import * as assert from 'node:assert/strict';
import { ChatListSchema, ChatSchema, MAX_CHAT_PAGES, MessagesSchema, OkClient, chatTitleOf, conversation, okMessageId, parseJsonExact } from '../../src/core';

const msg = (i: number, extra: Record<string, unknown> = {}) => ({
  sender: { name: `User ${i}`, user_id: `user:${i}` },
  recipient: { chat_id: 'chat:C1' },
  message: { mid: `mid:${i}`, seq: 1000 + i, text: `text ${i}` },
  timestamp: 1_700_000_000_000 + i * 1000,
  ...extra,
});

describe('reading messages item by item', () => {
  it('attachments as a single object is a list of one (the whole page was refused before)', () => {
    const one = msg(8);
    one.message = { ...one.message, attachments: { type: 'IMAGE', payload: { url: 'https://i.mycdn.me/a.png' } } } as typeof one.message;
    const page = MessagesSchema.parse({ messages: [msg(9), one, msg(7)] });
    assert.equal(page.messages.length, 3);
    assert.deepEqual(page.messages[1].message.attachments, [{ type: 'IMAGE', payload: { url: 'https://i.mycdn.me/a.png' } }]);
    const line = conversation(page.messages, () => false).find((l) => l.id === 'mid:8');
    assert.ok(line?.kind === 'message');
    assert.deepEqual(line.attachments, [{ kind: 'image', type: 'IMAGE', url: 'https://i.mycdn.me/a.png' }]);
  });

  it('a message without timestamp is placed by its newer neighbour and marked timeUnknown', () => {
    const { timestamp: _t, ...noTime } = msg(5);
    const page = MessagesSchema.parse({ messages: [msg(6), noTime, msg(4)] });
    assert.equal(page.messages.length, 3);
    assert.equal(page.messages[1].timestamp, msg(6).timestamp);
    assert.equal(page.messages[1].timeUnknown, true);
    assert.equal(page.messages[0].timeUnknown, undefined);
  });

  it('an item that cannot be read is a placeholder in its place, with its id and time when those can be read', () => {
    const page = MessagesSchema.parse({ messages: [msg(3), { message: 'not an object', timestamp: msg(2).timestamp }, 42, msg(1)] });
    assert.equal(page.messages.length, 4);
    assert.match(String(page.messages[1].unreadable), /message/);
    assert.equal(page.messages[1].timestamp, msg(2).timestamp);
    assert.ok(page.messages[2].unreadable);
    assert.equal(page.messages[2].timeUnknown, true);
    const lines = conversation(page.messages, () => false);
    assert.equal(lines.length, 4);
    const placeholders = lines.filter((l) => l.kind === 'message' && l.unreadable);
    assert.equal(placeholders.length, 2);
    for (const p of placeholders) assert.ok(p.kind === 'message' && /open the chat on ok\.ru/.test(p.text));
  });

  it('fields in another shape are left out, not the message: sender, edited, seq', () => {
    const odd = { ...msg(1), sender: 'group', edited: 'yes', message: { mid: 'mid:1', seq: { x: 1 }, text: 5 } };
    const [m] = MessagesSchema.parse({ messages: [odd] }).messages;
    assert.equal(okMessageId(m), 'mid:1');
    assert.equal(m.sender, undefined);
    assert.equal(m.edited, undefined);
    assert.equal(m.message.seq, undefined);
    assert.equal(m.unreadable, undefined);
  });

  it('a single message object or null where the list is expected', () => {
    assert.equal(MessagesSchema.parse({ messages: msg(1) }).messages.length, 1);
    assert.equal(MessagesSchema.parse({ messages: null }).messages.length, 0);
    assert.equal(MessagesSchema.safeParse({}).success, false, 'an answer without messages is not the answer asked for');
  });

  it('the variants of the reference: forwards with only mid/seq, service texts, smiles, VIDEO/AUDIO/FILE payloads', () => {
    const text = JSON.stringify({
      messages: [
        { sender: { user_id: 'user:1', name: 'Anna' }, message: { mid: 'mid:f', seq: 1 }, timestamp: 5 },
        { sender: { user_id: 'user:1', name: 'Anna' }, message: { mid: 'mid:i', text: '{"ty":"ICON_CHANGED","ci":"https://i.mycdn.me/i.png"}' }, timestamp: 4 },
        { sender: { user_id: 'user:1', name: 'Anna' }, message: { mid: 'mid:j', text: '{"ty":"JOIN_BY_LINK","ui":2}' }, timestamp: 3 },
        { sender: { user_id: 'user:1', name: 'Anna' }, message: { mid: 'mid:s', attachments: [{ type: 'IMAGE', payload: { url: 'https://dsm.odnoklassniki.ru/getImage?smileId=1' } }] }, timestamp: 2 },
        {
          sender: { user_id: 'user:1', name: 'Anna' },
          message: { mid: 'mid:v', attachments: [{ type: 'VIDEO', payload: { title: 'Demo', duration: 12 } }, { type: 'AUDIO', payload: { title: 'Song', duration: 3 } }, { type: 'FILE', payload: { name: 'a.txt', id: 7 } }] },
          timestamp: 1,
        },
      ],
    });
    const lines = conversation(MessagesSchema.parse(parseJsonExact(text)).messages, () => false);
    assert.equal(lines.length, 5);
    const byId = new Map(lines.map((l) => [l.id, l]));
    assert.equal(byId.get('mid:i')?.kind, 'system');
    assert.equal(byId.get('mid:j')?.kind, 'system');
    const forward = byId.get('mid:f');
    assert.ok(forward?.kind === 'message' && forward.unreadable && /ok\.ru/.test(forward.text), 'a forward without content says to open it on ok.ru');
    const files = byId.get('mid:v');
    assert.ok(files?.kind === 'message');
    assert.deepEqual(
      files.attachments.map((a) => a.name),
      ['Demo', 'Song', 'a.txt'],
    );
  });
});

describe('reading chats item by item', () => {
  it('an icon without url is no icon, participants null none, lastEventTime as digits a number', () => {
    const c = ChatSchema.parse({ chat_id: 'chat:C1', type: 'CHAT', icon: {}, participants: null, lastEventTime: '1700000000000' });
    assert.equal(c.icon, undefined);
    assert.equal(c.participants, undefined);
    assert.equal(c.lastEventTime, 1_700_000_000_000);
  });

  it('a chat that cannot be read is skipped and named; the others are kept', () => {
    const page = ChatListSchema.parse({ chats: [{ chat_id: 'chat:C1' }, { title: 'no id' }, 'x', { chat_id: 'chat:C2', icon: { url: 5 } }], marker: 17 });
    assert.deepEqual(
      page.chats.map((c) => c.chat_id),
      ['chat:C1', 'chat:C2'],
    );
    assert.deepEqual(
      page.skipped.map((s) => s.index),
      [1, 2],
    );
    assert.equal(page.marker, '17');
  });

  it('a single chat object where the list is expected is a list of one', () => {
    assert.deepEqual(
      ChatListSchema.parse({ chats: { chat_id: 'chat:C1' } }).chats.map((c) => c.chat_id),
      ['chat:C1'],
    );
  });
});

/** An OkClient whose transport answers the chat list from `pages` (by the marker asked for). */
function chatListClient(answer: (marker: string | undefined, n: number) => unknown, logs: string[] = []) {
  let n = 0;
  const client = new OkClient({
    token: 't:1',
    baseUrl: 'https://api.ok.ru/graph',
    retry: { maxRetries: 0 },
    log: (level, line) => logs.push(`${level} ${line}`),
    fetch: (url) => {
      const marker = new URL(url).searchParams.get('marker') ?? undefined;
      return Promise.resolve(new Response(JSON.stringify(answer(marker, n++)), { headers: { 'content-type': 'application/json' } }));
    },
  });
  return { client, requests: () => n };
}

describe('listAllChats: paging that cannot run away', () => {
  const chat = (i: number) => ({ chat_id: `chat:C${i}`, title: `chat ${i}` });

  it('stops on an empty page even when it carries a marker', async () => {
    const { client, requests } = chatListClient((m) => (m === undefined ? { chats: [chat(1)], marker: 'a' } : { chats: [], marker: 'b' }));
    assert.deepEqual(
      (await client.listAllChats()).map((c) => c.chat_id),
      ['chat:C1'],
    );
    assert.equal(requests(), 2);
  });

  it('a repeated marker ends the list with what it has (it failed the whole list before)', async () => {
    const logs: string[] = [];
    const { client } = chatListClient((m) => (m === undefined ? { chats: [chat(1)], marker: 'a' } : { chats: [chat(2)], marker: 'a' }), logs);
    assert.deepEqual(
      (await client.listAllChats()).map((c) => c.chat_id),
      ['chat:C1', 'chat:C2'],
    );
    assert.ok(logs.some((l) => /page marker OK gave before/.test(l)));
  });

  it('a chat that moves between pages is listed once', async () => {
    const { client } = chatListClient((m) => (m === undefined ? { chats: [chat(1), chat(2)], marker: 'a' } : { chats: [{ ...chat(2), title: 'moved' }, chat(3)] }));
    const chats = await client.listAllChats();
    assert.deepEqual(
      chats.map((c) => c.chat_id),
      ['chat:C1', 'chat:C2', 'chat:C3'],
    );
    assert.equal(chats[1].title, 'moved', 'the newest page says what the chat is now');
  });

  it(`stops after ${MAX_CHAT_PAGES} pages, keeping them`, async () => {
    const logs: string[] = [];
    const { client, requests } = chatListClient((_m, n) => ({ chats: [chat(n)], marker: `m${n}` }), logs);
    assert.equal((await client.listAllChats()).length, MAX_CHAT_PAGES);
    assert.equal(requests(), MAX_CHAT_PAGES);
    assert.ok(logs.some((l) => /page limit/.test(l)));
  });

  it('a chat that cannot be read is skipped, logged and counted; the list goes on', async () => {
    const logs: string[] = [];
    const { client } = chatListClient(() => ({ chats: [chat(1), { title: 'no id' }, chat(2)] }), logs);
    assert.equal((await client.listAllChats()).length, 2);
    assert.ok(logs.some((l) => /chat 2: skipped/.test(l)));
    assert.ok(logs.some((l) => /1 chats skipped/.test(l)));
  });
});

describe('a DIALOG without a title', () => {
  it('is named by the other person, or "Dialog" (it had no name before)', () => {
    assert.equal(chatTitleOf({ type: 'DIALOG', participants: { 'user:5': 1 } }), 'Dialog with user:5');
    assert.equal(chatTitleOf({ type: 'DIALOG' }), 'Dialog');
    assert.equal(chatTitleOf({ type: 'CHAT' }), undefined);
    assert.equal(chatTitleOf({ type: 'DIALOG', title: 'Anna' }), 'Anna');
  });
});
