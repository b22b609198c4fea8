// A seeded property test of reading item by item: one item of a page of 50 mutated at random
// (a wrong type, a missing field, an object for a list, an unknown enum value, not an object at
// all) never fails the page, and every other item still shows. The seed is printed; replay a
// failure with OK_CHAT_PROPERTY_SEED=<seed>.
import * as assert from 'node:assert/strict';
import { ChatListSchema, MessagesSchema, conversation, parseJsonExact } from '../../src/core';

const SEED = Number(process.env.OK_CHAT_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = 300;

/** mulberry32: a small seeded generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const WRONG: Json[] = [42, -1, 0, 1e20, 'x', '', '12345678901234567890', true, false, null, [], [1, 'a'], {}, { a: 1 }, [{ type: 'IMAGE' }]];

function message(i: number): Json {
  return {
    sender: { name: `User ${i}`, user_id: `user:${1000 + i}` },
    recipient: { chat_id: 'chat:C3ecb9d02a600' },
    message: {
      mid: `mid:${i}`,
      seq: `${100574660475028939n + BigInt(i)}`,
      text: `text ${i}`,
      ...(i % 3 === 0 ? { attachments: [{ type: 'IMAGE', payload: { url: `https://i.mycdn.me/${i}.png` } }] } : {}),
      ...(i % 7 === 0 ? { reply_to: `mid:${i + 1}` } : {}),
    },
    timestamp: 1_700_000_000_000 - i * 1000,
    ...(i % 5 === 0 ? { edited: true } : {}),
  };
}

function chat(i: number): Json {
  return { chat_id: `chat:C${String(i).padStart(12, '0')}`, type: i % 4 === 0 ? 'DIALOG' : 'GROUP_CHAT', status: 'ACTIVE', title: `Chat ${i}`, icon: { url: `https://i.mycdn.me/c${i}.png` }, participants: { [`user:${i}`]: 1 }, lastEventTime: 1_700_000_000_000 + i };
}

const MESSAGE_PATHS: Array<Array<string | number>> = [
  [],
  ['sender'],
  ['sender', 'name'],
  ['sender', 'user_id'],
  ['recipient'],
  ['message'],
  ['message', 'text'],
  ['message', 'mid'],
  ['message', 'seq'],
  ['message', 'attachments'],
  ['message', 'attachments', 0],
  ['message', 'attachments', 0, 'type'],
  ['message', 'attachments', 0, 'payload'],
  ['message', 'reply_to'],
  ['timestamp'],
  ['edited'],
];
const CHAT_PATHS: Array<Array<string | number>> = [[], ['chat_id'], ['type'], ['status'], ['title'], ['icon'], ['icon', 'url'], ['participants'], ['lastEventTime'], ['owner_id']];

type Mutation = 'wrong type' | 'missing' | 'object for list' | 'unknown enum';

/** Mutates `item` at `path` (in place); says what it did. */
function mutate(item: Json, path: Array<string | number>, rnd: () => number): string {
  const kinds: Mutation[] = ['wrong type', 'missing', 'object for list', 'unknown enum'];
  const kind = kinds[Math.floor(rnd() * kinds.length)];
  if (path.length === 0) return 'the item itself: kept (a whole-item mutation is the "wrong type" of the list)';
  let parent: Json = item;
  for (const key of path.slice(0, -1)) {
    const next: Json | undefined = typeof parent === 'object' && parent !== null ? (parent as Record<string, Json>)[key] : undefined;
    if (typeof next !== 'object' || next === null) return `nothing at ${path.join('.')}`;
    parent = next;
  }
  const last = path[path.length - 1];
  const p = parent as Record<string | number, Json>;
  switch (kind) {
    case 'missing':
      delete p[last];
      break;
    case 'object for list':
      {
        const v = p[last];
        p[last] = Array.isArray(v) ? (v[0] ?? {}) : [v ?? null];
      }
      break;
    case 'unknown enum':
      p[last] = 'HOLOGRAM';
      break;
    default:
      p[last] = WRONG[Math.floor(rnd() * WRONG.length)];
  }
  return `${kind} at ${path.join('.')}: ${JSON.stringify(p[last])}`;
}

describe(`reading item by item, at random (seed ${SEED}; replay: OK_CHAT_PROPERTY_SEED=${SEED})`, () => {
  before(() => console.log(`      property seed: ${SEED} (replay with OK_CHAT_PROPERTY_SEED=${SEED})`));

  it(`${RUNS} pages of 50 messages, one mutated: the page is read, every other message shows`, () => {
    const rnd = random(SEED);
    for (let run = 0; run < RUNS; run++) {
      const items = Array.from({ length: 50 }, (_, i) => message(i));
      const k = Math.floor(rnd() * 50);
      const path = MESSAGE_PATHS[Math.floor(rnd() * MESSAGE_PATHS.length)];
      let what = mutate(items[k], path, rnd);
      if (path.length === 0) {
        items[k] = WRONG[Math.floor(rnd() * WRONG.length)];
        what = `the item replaced by ${JSON.stringify(items[k])}`;
      }
      const context = `run ${run}, item ${k}, ${what} (seed ${SEED})`;
      const page = MessagesSchema.safeParse(parseJsonExact(JSON.stringify({ messages: items })));
      assert.ok(page.success, `the page failed: ${context}`);
      assert.equal(page.data.messages.length, 50, context);
      const lines = conversation(page.data.messages, () => false);
      assert.equal(lines.length, 50, context);
      const byId = new Map(lines.map((l) => [l.id, l]));
      for (let i = 0; i < 50; i++) {
        if (i === k) continue;
        const line = byId.get(`mid:${i}`);
        assert.ok(line?.kind === 'message' && line.text === `text ${i}` && !line.unreadable, `message ${i} does not show: ${context}`);
        assert.equal(line.time.getTime(), 1_700_000_000_000 - i * 1000, context);
      }
    }
  });

  it(`${RUNS} pages of 50 chats, one mutated: the page is read, every other chat is listed`, () => {
    const rnd = random(SEED ^ 0x5bd1e995);
    for (let run = 0; run < RUNS; run++) {
      const items = Array.from({ length: 50 }, (_, i) => chat(i));
      const k = Math.floor(rnd() * 50);
      const path = CHAT_PATHS[Math.floor(rnd() * CHAT_PATHS.length)];
      let what = mutate(items[k], path, rnd);
      if (path.length === 0) {
        items[k] = WRONG[Math.floor(rnd() * WRONG.length)];
        what = `the item replaced by ${JSON.stringify(items[k])}`;
      }
      const context = `run ${run}, chat ${k}, ${what} (seed ${SEED})`;
      const page = ChatListSchema.safeParse({ chats: items, marker: 'm1' });
      assert.ok(page.success, `the page failed: ${context}`);
      const ids = new Set(page.data.chats.map((c) => c.chat_id));
      for (let i = 0; i < 50; i++) if (i !== k) assert.ok(ids.has(`chat:C${String(i).padStart(12, '0')}`), `chat ${i} is missing: ${context}`);
      assert.equal(page.data.chats.length + page.data.skipped.length, 50, context);
      assert.equal(page.data.marker, 'm1', context);
    }
  });
});
