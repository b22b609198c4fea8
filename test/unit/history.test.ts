// Paging a chat's history by time: page edges, repeats, the end, and against the fake server.
import * as assert from 'node:assert/strict';
import { chatPages, loadHistory, okMessageId, type OkMessage, type PageLoader } from '../../src/core';
import { SEED_CHAT_IDS, SEED_MEMBERS } from '../fake-ok/server';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';

const msg = (mid: string, timestamp: number): OkMessage => ({ message: { mid, text: mid }, timestamp });

/** A loader over these messages that answers as OK does (newest first, at or before `from`), and records its queries. */
function loaderOver(all: OkMessage[], cap = Infinity): PageLoader & { queries: Array<{ count: number; from?: number }> } {
  const queries: Array<{ count: number; from?: number }> = [];
  const newestFirst = [...all].sort((a, b) => b.timestamp - a.timestamp);
  const load = (q: { count: number; from?: number }) => {
    queries.push(q);
    return Promise.resolve(newestFirst.filter((m) => q.from === undefined || m.timestamp <= q.from).slice(0, Math.min(q.count, cap)));
  };
  return Object.assign(load, { queries });
}

const ids = (ms: readonly OkMessage[]) => ms.map((m) => okMessageId(m));

describe('history paging', () => {
  it('goes back by time (from = the oldest seen), each message once across page edges', async () => {
    // Two messages share the edge time 30 of the first page.
    const all = [msg('a', 10), msg('b', 20), msg('c', 30), msg('d', 30), msg('e', 40), msg('f', 50)];
    const load = loaderOver(all);
    const h = await loadHistory(load, { count: 10, pageSize: 3 });
    // Each once (c and d share a millisecond: their order is the server's).
    assert.deepEqual(ids(h.messages), ['f', 'e', 'c', 'd', 'b', 'a']);
    assert.equal(h.end, true);
    assert.equal(load.queries[0].from, undefined);
    assert.equal(load.queries[1].from, 30);
    assert.ok(load.queries.every((q) => q.count === 3));
  });

  it('stops at count without asking for more, and says it is not the end', async () => {
    const load = loaderOver([msg('a', 1), msg('b', 2), msg('c', 3), msg('d', 4)]);
    const h = await loadHistory(load, { count: 2, pageSize: 2 });
    assert.deepEqual(ids(h.messages), ['d', 'c']);
    assert.equal(h.end, false);
    assert.equal(load.queries.length, 1);
  });

  it('an empty chat is the end at once', async () => {
    const load = loaderOver([]);
    assert.deepEqual(await loadHistory(load, { count: 5 }), { messages: [], end: true });
    assert.equal(load.queries.length, 1);
  });

  it('steps past a millisecond that holds more messages than a page, instead of asking forever', async () => {
    const all = [msg('old', 5), msg('x1', 9), msg('x2', 9), msg('x3', 9)];
    const load = loaderOver(all);
    const h = await loadHistory(load, { count: 10, pageSize: 2 });
    assert.ok(ids(h.messages).includes('old'));
    assert.equal(h.end, true);
    assert.ok(load.queries.some((q) => q.from === 8), JSON.stringify(load.queries));
  });

  it('older than a time, leaving out the known ones; a server giving fewer than asked is not the end', async () => {
    const all = Array.from({ length: 7 }, (_, i) => msg(`m${i}`, 100 + i));
    const h = await loadHistory(loaderOver(all, 2), { count: 10, pageSize: 5, before: 104, known: ['m4'] });
    assert.deepEqual(ids(h.messages), ['m3', 'm2', 'm1', 'm0']);
    assert.equal(h.end, true);
  });

  describe('against the fake server', () => {
    const ok = useFakeOkWithClient({ server: { seed: true, pageSize: 2 } });

    it('reads the whole seeded history through pages of 2, newest first', async () => {
      const chat = SEED_CHAT_IDS[0];
      const h = await loadHistory(chatPages((r) => ok.client.call(r), chat), { count: 100, pageSize: 5 });
      assert.equal(h.end, true);
      assert.deepEqual(ids(h.messages), ok.server.memberMessages.map((m) => m.message_id).reverse());
      const reqs = ok.server.requestsTo('GET', `/graph/me/messages/${chat}`);
      assert.ok(reqs.length >= 5, String(reqs.length));
      assert.ok(reqs.slice(1).every((r) => /^\d+$/.test(r.query.from ?? '')));
    });

    it('sees what a member posts after the token sent', async () => {
      const chat = SEED_CHAT_IDS[1];
      await ok.client.call((await import('../../src/core')).requests.sendText(chat, 'deploying'));
      ok.server.postAsMember(chat, SEED_MEMBERS[1], { text: 'done', time: Date.now() + 1000 });
      const h = await loadHistory(chatPages((r) => ok.client.call(r), chat), { count: 1 });
      assert.equal(h.messages[0].message.text, 'done');
    });
  });
});
