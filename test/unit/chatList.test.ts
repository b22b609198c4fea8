import * as assert from 'node:assert/strict';
import type { ChatId } from '../../src/core/model/ids';
import type { Chat } from '../../src/core/model/okSchemas';
import { ChatList, compareChats } from '../../src/extension/savedChats/chatList';
import { addableChats, byRecentUse, chatPickItems, chatRow, chatRowTooltip, fetchChatUpdates, type ChatUpdate, type SavedChat } from '../../src/extension/savedChats/savedChat';

const id = (hex: string): ChatId => `chat:C${hex}`;
const saved = (hex: string, title?: string, extra: Partial<SavedChat> = {}): SavedChat => ({ chatId: id(hex), title, addedAt: 1, ...extra });
const titles = (list: ChatList) => list.sorted().map((c) => c.title ?? c.chatId);

describe('chat pickers', () => {
  it('put the most recently used chats first and keep the list order otherwise', () => {
    const chats = [{ id: 'a' }, { id: 'b', lastUsedAt: 10 }, { id: 'c' }, { id: 'd', lastUsedAt: 20 }];
    assert.deepEqual(byRecentUse(chats).map((c) => c.id), ['d', 'b', 'a', 'c']);
    assert.deepEqual(chats.map((c) => c.id), ['a', 'b', 'c', 'd'], 'the input is not reordered');
  });

  it('"Choose a chat" says which one was used last, and shows ids without chat:', () => {
    const items = chatPickItems([saved('aa01', 'Бэкенд'), saved('aa02', 'Ops', { lastUsedAt: 5 }), saved('aa03')], 'recently used');
    assert.deepEqual(items.map((i) => [i.label, i.description]), [
      ['Ops', 'Caa02 · recently used'],
      ['Бэкенд', 'Caa01'],
      ['Caa03', 'Caa03'],
    ]);
    const none = chatPickItems([saved('aa01', 'A')], 'recently used');
    assert.equal(none[0].description, 'Caa01', 'nothing was used yet: no "recently used"');
  });

  it('"Add chats from the group" offers only chats not saved, not left and not removed', () => {
    const list = new ChatList([saved('aa01', 'A')]);
    const group = [
      { chat_id: id('aa01'), status: 'ACTIVE' },
      { chat_id: id('aa02'), status: 'ACTIVE' },
      { chat_id: id('aa03'), status: 'LEFT' },
      { chat_id: id('aa04'), status: 'REMOVED' },
      { chat_id: id('aa05') },
    ];
    assert.deepEqual(addableChats(group, list).map((c) => c.chat_id), [id('aa02'), id('aa05')]);
  });
});

describe('saved chats (ChatList)', () => {
  it('sort by title case-insensitively, Latin before Cyrillic, ё next to е, then by id', () => {
    const list = new ChatList([
      saved('aa01', 'Юг'),
      saved('aa02', 'альфа'),
      saved('aa03', 'Бета'),
      saved('aa04', 'ёлка'),
      saved('aa06', 'Ель'),
      saved('aa07', 'beta'),
      saved('aa08', 'Alpha'),
      saved('aa05', 'жук'),
      saved('aa09', 'Бэкенд'),
      saved('aa00', 'бета'),
    ]);
    assert.deepEqual(titles(list), ['Alpha', 'beta', 'альфа', 'бета', 'Бета', 'Бэкенд', 'ёлка', 'Ель', 'жук', 'Юг'], 'ёлка sorts as елка, before Ель');
    assert.deepEqual(list.sorted().slice(3, 5).map((c) => c.chatId), [id('aa00'), id('aa03')], 'equal titles: by id');
  });

  it('sort a chat without a title by the label the tree shows (its id without chat:), not by "chat:…"', () => {
    // "chat:Cb1…" would sort after "Charlie" (t > r); the tree shows "Cb1…", which comes before it.
    const list = new ChatList([saved('harlie', 'Charlie'), saved('b1f00d'), saved('b20000', '   ')]);
    assert.deepEqual(list.sorted().map((c) => c.chatId), [id('b1f00d'), id('b20000'), id('harlie')]);
  });

  it('look chats up by id', () => {
    const list = new ChatList([saved('aa01', 'A'), saved('aa02', 'B')]);
    assert.equal(list.get(id('aa02'))?.title, 'B');
    assert.equal(list.has(id('aa03')), false);
    assert.equal(list.size, 2);
  });

  it('upsert adds new chats at the end, updates saved ones, ignores undefined fields and counts what is new', () => {
    const list = new ChatList([saved('aa01', 'A', { status: 'ACTIVE', lastUsedAt: 3 })]);
    const { list: next, added } = list.upsert([{ chatId: id('aa02'), title: 'B' }, { chatId: id('aa01'), title: undefined, status: 'LEFT' }], 42);
    assert.equal(added, 1);
    assert.deepEqual(next.stored, [
      { chatId: id('aa01'), title: 'A', addedAt: 1, status: 'LEFT', lastUsedAt: 3 },
      { chatId: id('aa02'), title: 'B', addedAt: 42 },
    ]);
    assert.deepEqual(list.stored, [saved('aa01', 'A', { status: 'ACTIVE', lastUsedAt: 3 })], 'the old list is unchanged');
  });

  it('upsert of a chat given twice saves it once, with both updates', () => {
    const { list, added } = new ChatList([]).upsert([{ chatId: id('aa01'), title: 'One' }, { chatId: id('aa01'), iconUrl: 'https://x/i.png' }, { chatId: id('aa01'), title: 'Two' }], 7);
    assert.equal(added, 1);
    assert.deepEqual(list.stored, [{ chatId: id('aa01'), title: 'Two', iconUrl: 'https://x/i.png', addedAt: 7 }]);
  });

  it('existingOnly updates saved chats and adds none (a chat removed during a refresh stays removed)', () => {
    const list = new ChatList([saved('aa01', 'A')]);
    const { list: next, added } = list.upsert([{ chatId: id('aa02'), title: 'B' }, { chatId: id('aa01'), title: 'A2' }], 9, true);
    assert.equal(added, 0);
    assert.deepEqual(next.stored.map((c) => c.title), ['A2']);
    assert.equal(list.upsert([{ chatId: id('aa02') }], 9, true).list, list, 'nothing changed: the same list');
  });

  it('a rename moves the chat to its new place; the order kept across changes equals a fresh sort', () => {
    const list = new ChatList([saved('aa01', 'Бэкенд'), saved('aa02', 'Фронтенд'), saved('aa03', 'Ops')]);
    assert.deepEqual(titles(list), ['Ops', 'Бэкенд', 'Фронтенд']);
    const renamed = list.upsert([{ chatId: id('aa01'), title: 'Я последний' }], 1).list;
    assert.deepEqual(titles(renamed), ['Ops', 'Фронтенд', 'Я последний']);
    assert.deepEqual(titles(list), ['Ops', 'Бэкенд', 'Фронтенд'], 'the old list keeps its order');

    // many random changes: the order derived step by step is always the order sorted from scratch
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = ['Бэкенд', 'бэкенд', 'ёж', 'Еж', 'alpha', 'Alpha', '', ' ', 'Zeta', 'юг'];
    let current = new ChatList(Array.from({ length: 200 }, (_, i) => saved((0xa000 + i).toString(16), words[i % words.length] || undefined)));
    current.sorted();
    for (let step = 0; step < 300; step++) {
      const hex = (0xa000 + Math.floor(random() * 260)).toString(16);
      const dice = random();
      if (dice < 0.15) current = current.remove(id(hex)) ?? current;
      else if (dice < 0.4) current = current.upsert([{ chatId: id(hex), lastUsedAt: step, status: 'ACTIVE' }], step, true).list;
      else current = current.upsert([{ chatId: id(hex), title: words[Math.floor(random() * words.length)] || `t${step}` }], step).list;
      assert.deepEqual(current.sorted().map((c) => c.chatId), [...current.stored].sort(compareChats).map((c) => c.chatId), `step ${step}`);
    }
  });

  it('an update that repeats what is saved changes nothing: the same list, nothing to write', () => {
    const list = new ChatList([saved('aa01', 'A', { status: 'ACTIVE', participants: ['user:1', 'user:2'], lastEventTime: 5 }), saved('aa02', 'B')]);
    list.sorted();
    const same = [
      { chatId: id('aa01'), title: 'A', status: 'ACTIVE', participants: ['user:1', 'user:2'], lastEventTime: 5, iconUrl: undefined },
      { chatId: id('aa02'), title: 'B' },
    ];
    assert.equal(list.upsert(same, 9).list, list, 'equal values (a new participants array with the same members) are no change');
    assert.equal(list.upsert(same, 9, true).list, list);
    const next = list.upsert([...same, { chatId: id('aa02'), participants: ['user:3'] }], 9).list;
    assert.notEqual(next, list);
    assert.equal(next.get(id('aa01')), list.get(id('aa01')), 'an unchanged chat is kept as it was, not copied');
    assert.deepEqual(next.get(id('aa02')), saved('aa02', 'B', { participants: ['user:3'] }));
    assert.equal(list.upsert([{ chatId: id('aa01'), participants: ['user:2', 'user:1'] }], 9).list.get(id('aa01'))?.participants?.[0], 'user:2', 'other members or another order is a change');
  });

  it('batches of changes (many renames, adds, repeats) and refreshes in the tree order keep the order equal to a fresh sort; old lists stay as they were', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = ['Бэкенд', 'бэкенд', 'ёж', 'Еж', 'alpha', 'Alpha', '', ' ', 'Zeta', 'юг', 'QA'];
    let current = new ChatList(Array.from({ length: 400 }, (_, i) => saved((0xb000 + i).toString(16), words[i % words.length] || undefined)));
    current.sorted();
    for (let step = 0; step < 48; step++) {
      // up to 1500 updates: more than are found one by one in the order, many chats new, most renamed
      const count = [1, 3, 40, 70, 300, 1500][step % 6];
      const change = (chatId: ChatId): ChatUpdate => {
        const dice = random();
        if (dice < 0.3) return { chatId, title: words[Math.floor(random() * words.length)] || undefined, lastEventTime: step };
        if (dice < 0.6) return { chatId, lastUsedAt: step };
        return { ...current.get(chatId), chatId }; // what is saved already
      };
      const updates = Array.from({ length: count }, () => change(id((0xb000 + Math.floor(random() * 700)).toString(16))));
      if (step % 4 === 1) {
        // like a refresh: every chat in the tree's order, here with one given twice and one new, which shift the rest
        updates.splice(0, updates.length, ...current.sorted().map((c) => change(c.chatId)));
        updates.splice(Math.floor(random() * updates.length), 0, change(updates[Math.floor(random() * updates.length)].chatId), change(id('f00d')));
      }
      const before = current;
      const beforeStored = structuredClone(before.stored);
      const beforeOrder = before.sorted().map((c) => c.chatId);
      const existingOnly = step % 3 === 0;
      const { list, added } = current.upsert(updates, step, existingOnly);
      // the same updates applied one by one, the simple way
      const expected = new Map(before.stored.map((c) => [c.chatId, { ...c }]));
      let newOnes = 0;
      for (const u of updates) {
        const chat = expected.get(u.chatId) ?? (existingOnly ? undefined : (newOnes++, { chatId: u.chatId, addedAt: step }));
        if (!chat) continue;
        for (const [k, v] of Object.entries(u)) if (v !== undefined) (chat as unknown as Record<string, unknown>)[k] = v;
        expected.set(u.chatId, chat);
      }
      assert.equal(added, newOnes, `step ${step}`);
      assert.deepEqual(list.stored, [...expected.values()], `step ${step}: stored`);
      assert.deepEqual(list.sorted().map((c) => c.chatId), [...list.stored].sort(compareChats).map((c) => c.chatId), `step ${step}: order`);
      assert.deepEqual(list.sorted().map((c) => list.get(c.chatId)), list.sorted(), `step ${step}: the order holds the saved records`);
      for (const c of list.stored) assert.ok(list.has(c.chatId) && list.get(c.chatId) === c, `step ${step}: index of ${c.chatId}`);
      assert.deepEqual(before.stored, beforeStored, `step ${step}: the old list is unchanged`);
      assert.deepEqual(before.sorted().map((c) => c.chatId), beforeOrder, `step ${step}: the old order is unchanged`);
      for (const c of list.stored.slice(before.size)) assert.equal(before.has(c.chatId), false, `step ${step}: the old list does not know ${c.chatId}`);
      current = step % 10 === 9 ? (list.remove(list.sorted()[0].chatId) ?? list) : list;
    }
    assert.ok(current.size > 600, 'chats were added across many batches');
  });

  it('chats added one by one are found by id in every list since, and not in the lists before', () => {
    const lists = [new ChatList([saved('aa00', 'first')])];
    for (let i = 1; i <= 1200; i++) lists.push(lists[i - 1].upsert([{ chatId: id((0xa000 + i).toString(16)), title: `t${i}` }], i).list);
    for (const i of [1, 2, 511, 512, 513, 700, 1024, 1025, 1200]) {
      const chatId = id((0xa000 + i).toString(16));
      assert.equal(lists[i - 1].has(chatId), false, `list ${i - 1} has no ${chatId}`);
      assert.equal(lists[i].get(chatId)?.title, `t${i}`);
      assert.equal(lists[1200].get(chatId)?.title, `t${i}`);
      assert.equal(lists[1200].get(id('aa00'))?.title, 'first');
    }
    const renamed = lists[1200].upsert([{ chatId: id((0xa000 + 600).toString(16)), title: 'renamed' }], 0).list;
    assert.equal(renamed.get(id((0xa000 + 600).toString(16)))?.title, 'renamed');
    assert.equal(lists[1200].get(id((0xa000 + 600).toString(16)))?.title, 't600');
  });

  it('remove returns the list without the chat, or undefined when it was not saved', () => {
    const list = new ChatList([saved('aa01', 'A'), saved('aa02', 'B')]);
    list.sorted();
    const next = list.remove(id('aa01'));
    assert.deepEqual(next?.stored.map((c) => c.title), ['B']);
    assert.deepEqual(next?.sorted().map((c) => c.title), ['B']);
    assert.equal(next?.has(id('aa01')), false);
    assert.equal(list.remove(id('aa03')), undefined);
  });
});

describe('tree rows of chats', () => {
  it('show the label, members and activity; a chat the group left is gone', () => {
    const now = Date.UTC(2026, 11, 1, 12);
    const chat = saved('aa01', 'Бэкенд', { participants: ['user:1', 'user:2'], lastEventTime: now - 5 * 60_000 });
    const row = chatRow(chat, now, 'en');
    assert.deepEqual([row.label, row.shortId, row.description, row.gone], ['Бэкенд', 'Caa01', '2 members · 5 minutes ago', false]);
    assert.ok(chatRowTooltip(chat, now, 'en').startsWith('**Бэкенд**\n\n`chat:Caa01`'));
    assert.equal(chatRow(saved('aa02', undefined, { status: 'LEFT' }), now, 'en').gone, true);
    assert.equal(chatRow(saved('aa02', undefined, { status: 'LEFT' }), now, 'en').label, 'Caa02');
  });

  it('an unread check updates the row: its count first, and the newest message it read as the last activity', () => {
    const now = Date.UTC(2026, 11, 1, 12);
    const chat = saved('aa01', 'Бэкенд', { participants: ['user:1', 'user:2', 'user:3'], lastEventTime: now - 4 * 60_000 });
    // OK's lastEventTime is 4 minutes old; the unread check read a message of 10 s ago
    const row = chatRow(chat, now, 'en', { unread: '3', newest: now - 10_000 });
    assert.equal(row.description, '3 new · 3 members · just now');
    // an older read does not move the activity back
    assert.equal(chatRow(chat, now, 'en', { unread: '', newest: now - 60 * 60_000 }).description, '3 members · 4 minutes ago');
    // the tooltip has the same last activity and no unread count of its own here (the tree adds it)
    assert.match(chatRowTooltip(chat, now, 'en', { newest: now - 10_000 }), /Last activity: just now/);
  });
});

describe('refreshing saved chats', () => {
  const okChat = (chatId: string, title: string): Chat => ({ chat_id: chatId, title, status: 'ACTIVE', type: 'CHAT' });

  it('fetch every chat; chats OK no longer knows are marked REMOVED and listed', async () => {
    const list = [saved('aa01', 'A'), saved('aa02', 'B'), saved('aa03', 'C')];
    const result = await fetchChatUpdates(list, (chatId) =>
      chatId === id('aa02') ? Promise.reject(Object.assign(new Error('not found'), { kind: 'not-found' })) : Promise.resolve(okChat(chatId, `new ${chatId}`)),
    );
    assert.equal(result.error, undefined);
    assert.deepEqual(result.gone.map((c) => c.title), ['B']);
    assert.deepEqual(result.updates.map((u) => [u.chatId, u.title, u.status]), [
      [id('aa01'), `new ${id('aa01')}`, 'ACTIVE'],
      [id('aa02'), undefined, 'REMOVED'],
      [id('aa03'), `new ${id('aa03')}`, 'ACTIVE'],
    ]);
  });

  it('stop at another error and keep what was fetched before it', async () => {
    const failure = Object.assign(new Error('offline'), { kind: 'network' });
    const asked: string[] = [];
    const result = await fetchChatUpdates([saved('aa01', 'A'), saved('aa02', 'B'), saved('aa03', 'C')], (chatId) => {
      asked.push(chatId);
      return chatId === id('aa02') ? Promise.reject(failure) : Promise.resolve(okChat(chatId, 'fresh'));
    });
    assert.equal(result.error, failure);
    assert.deepEqual(asked, [id('aa01'), id('aa02')]);
    assert.deepEqual(result.updates.map((u) => u.chatId), [id('aa01')]);
  });
});
