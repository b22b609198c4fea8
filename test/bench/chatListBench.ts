/**
 * The saved-chats operations users wait for, with 10 000 saved chats (titles Latin and Cyrillic).
 *
 *   npm run bench:chats            (10 000 chats)
 *   npm run bench:chats -- 50000
 *
 * Prints min and median per operation. Each change includes what the extension then does: the
 * storage write (VS Code serialises the stored list) and reading the tree's order again; like the
 * extension, nothing is written when nothing changed (a refresh that brings nothing new).
 * The tree rows include everything but creating the vscode.TreeItem (tooltips are made on hover).
 */
import type { ChatId } from '../../src/core/model/ids';
import type { Chat } from '../../src/core/model/okSchemas';
import { ChatList } from '../../src/extension/savedChats/chatList';
import { addableChats, chatPickItems, chatRow, fetchChatUpdates, fromOk } from '../../src/extension/savedChats/savedChat';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = 15;
const WORDS = ['Бэкенд', 'Фронтенд', 'ёлка', 'Ель', 'Юг', 'альфа', 'Backend', 'frontend', 'Zeta', 'Ops', 'Дежурные', 'QA'];
const NOW = Date.now();

const chatId = (i: number): ChatId => `chat:C${(0x10000000 + i * 7919).toString(16)}`;
function okChat(i: number, title = `${WORDS[i % WORDS.length]} ${i}`): Chat {
  return { chat_id: chatId(i), type: 'CHAT', title, status: i % 50 === 0 ? 'LEFT' : 'ACTIVE', participants: { 'user:1': 1, 'user:2': 2, 'user:3': 3 }, lastEventTime: NOW - i * 61_000 };
}

/** What the extension does after a change (`list` is not `before`): VS Code stores (serialises) the list; the tree and the chat count read it. */
function written(list: ChatList, before?: ChatList): ChatList {
  if (list === before) return list;
  JSON.stringify(list.stored);
  void list.size;
  list.sorted();
  return list;
}

function stats(xs: number[]): { min: number; median: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)] };
}

const results: Array<[string, { min: number; median: number }]> = [];
async function time(name: string, setup: () => ChatList, op: (list: ChatList, run: number) => unknown): Promise<void> {
  const xs: number[] = [];
  for (let run = 0; run < RUNS + 2; run++) {
    const list = setup();
    const t0 = performance.now();
    await op(list, run);
    if (run >= 2) xs.push(performance.now() - t0); // two warm-up runs
  }
  results.push([name, stats(xs)]);
}

async function main(): Promise<void> {
  const stored = new ChatList([]).upsert(Array.from({ length: N }, (_, i) => fromOk(okChat(i))), NOW - 1000).list.stored;
  const group = Array.from({ length: N }, (_, i) => okChat(i * 2)); // half of them saved already
  const fresh = () => new ChatList(stored);
  const sortedOnce = () => {
    const l = new ChatList(stored);
    l.sorted();
    return l;
  };

  await time('load (first read, sort)', fresh, (l) => l.sorted());
  await time('add 1 chat', sortedOnce, (l, run) => written(l.upsert([fromOk(okChat(N + run))], NOW).list));
  await time('rename 1 chat', sortedOnce, (l, run) => written(l.upsert([{ chatId: chatId(run * 13), title: `Переименован ${run}` }], NOW).list));
  await time('sent to a chat (touch)', sortedOnce, (l, run) => written(l.upsert([{ chatId: chatId(run), lastUsedAt: NOW, lastEventTime: NOW }], NOW, true).list));
  await time('remove 1 chat', sortedOnce, (l, run) => written(l.remove(chatId(run * 7)) ?? l));
  const index = (id: string) => (parseInt(id.slice(6), 16) - 0x10000000) / 7919;
  // what okChat.refreshChats does: fetch every saved chat (here OK answers at once), then one upsert
  const refresh = (answer: (i: number) => Chat) => async (l: ChatList) => {
    const { updates } = await fetchChatUpdates(l.sorted(), (id) => Promise.resolve(answer(index(id))));
    written(l.upsert(updates, NOW, true).list, l);
  };
  await time('refresh all, same titles', sortedOnce, refresh((i) => okChat(i)));
  await time('refresh all, same titles, new activity', sortedOnce, refresh((i) => ({ ...okChat(i), lastEventTime: NOW })));
  await time('refresh all, every title new', sortedOnce, refresh((i) => okChat(i, `Обновлён ${i}`)));
  await time('tree getChildren (rows)', sortedOnce, (l) => l.sorted().map((c) => chatRow(c, NOW, 'ru')));
  await time('pick filter (add from group)', sortedOnce, (l) => addableChats(group, l));
  await time('choose a chat (items)', sortedOnce, (l) => chatPickItems(l.sorted(), 'недавно'));

  console.log(`${N} saved chats, ${RUNS} runs each (after 2 warm-up runs)`);
  const width = Math.max(...results.map(([n]) => n.length));
  for (const [name, { min, median }] of results) console.log(`${name.padEnd(width)}  min ${min.toFixed(2).padStart(7)} ms  median ${median.toFixed(2).padStart(7)} ms`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
