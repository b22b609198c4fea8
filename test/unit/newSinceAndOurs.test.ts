// The polls read every message since the newest shown (bounded, then a gap), and "ours" is decided
// in one place (oursBy) for the panel, the unread counts and `ok-chat read`.
import * as assert from 'node:assert/strict';
import { NEW_MESSAGES_MAX_PAGES, SENT_IDS_MAX, SENT_IDS_MAX_AGE_MS, gapLine, newSince, okMessageId, oursBy, readSentRecords, sentByGroup, withSentIds, type OkMessage, type PageLoader } from '../../src/core';
import { countUnread, unreadNumber } from '../../src/extension/unread/unreadCount';

const msg = (mid: string, timestamp: number, sender = 'user:1'): OkMessage => ({ sender: { user_id: sender }, message: { mid, text: mid }, timestamp });

/** A loader answering as OK does: newest first, at or before `from`, at or after `to`. */
function loaderOver(all: OkMessage[]): PageLoader & { queries: Array<{ count: number; from?: number; to?: number }> } {
  const queries: Array<{ count: number; from?: number; to?: number }> = [];
  const newestFirst = [...all].sort((a, b) => b.timestamp - a.timestamp);
  const load = (q: { count: number; from?: number; to?: number }) => {
    queries.push(q);
    return Promise.resolve(newestFirst.filter((m) => (q.from === undefined || m.timestamp <= q.from) && (q.to === undefined || m.timestamp >= q.to)).slice(0, q.count));
  };
  return Object.assign(load, { queries });
}

describe('newSince: every message since the newest shown', () => {
  it('120 new messages between two polls are all read (one page of 50 left a gap before)', async () => {
    const shown = Array.from({ length: 10 }, (_, i) => msg(`old${i}`, 1000 + i));
    const fresh = Array.from({ length: 120 }, (_, i) => msg(`new${i}`, 2000 + i));
    const load = loaderOver([...shown, ...fresh]);
    const got = await newSince(load, { since: 1009, known: shown.map((m) => okMessageId(m) ?? ''), pageSize: 50 });
    assert.equal(got.messages.length, 120);
    assert.equal(new Set(got.messages.map(okMessageId)).size, 120);
    assert.equal(got.gap, false);
    assert.ok(load.queries.every((q) => q.to === 1009));
  });

  it(`stops after ${NEW_MESSAGES_MAX_PAGES} pages and says there is a gap`, async () => {
    const fresh = Array.from({ length: 700 }, (_, i) => msg(`new${i}`, 2000 + i));
    const load = loaderOver([msg('shown', 1000), ...fresh]);
    const got = await newSince(load, { since: 1000, known: ['shown'], pageSize: 50 });
    assert.equal(got.gap, true);
    // pages overlap at their edge millisecond: 10 pages of 50 hold 491 different messages here
    assert.ok(got.messages.length > 450 && got.messages.length <= 500, String(got.messages.length));
    assert.equal(okMessageId(got.messages[0]), 'new699', 'the newest are read; the gap is below them');
    assert.equal(load.queries.length, NEW_MESSAGES_MAX_PAGES);
    assert.match(gapLine(1999, 500).text, /more than 500/);
  });

  it('nothing new: one request; messages of the same millisecond as the newest shown are not lost', async () => {
    const load = loaderOver([msg('a', 1000), msg('b', 1000)]);
    const none = await newSince(load, { since: 1000, known: ['a', 'b'] });
    assert.deepEqual([none.messages.length, load.queries.length], [0, 1]);
    const same = await newSince(loaderOver([msg('a', 1000), msg('b', 1000)]), { since: 1000, known: ['a'] });
    assert.deepEqual(same.messages.map(okMessageId), ['b']);
  });

  it('unread counts from pages read back: 120 unread show "120", not "50+"', async () => {
    const load = loaderOver(Array.from({ length: 120 }, (_, i) => msg(`n${i}`, 2000 + i)));
    const { messages, gap } = await newSince(load, { since: 1001, pageSize: 50 });
    const r = countUnread({ seenAt: 1000, count: 0, more: false }, messages, () => false, gap ? messages.length : Infinity);
    assert.equal(unreadNumber(r), '120');
  });
});

describe('oursBy: which messages are ours, in one place', () => {
  it('the group in any form OK writes it: group:N, N, user:N', () => {
    const ours = oursBy({ groupId: 'group:57000000000001' });
    for (const id of ['group:57000000000001', '57000000000001', 'user:57000000000001']) assert.equal(ours(msg('m', 1, id)), true, id);
    assert.equal(ours(msg('m', 1, 'user:1')), false);
    assert.equal(sentByGroup('group:57000000000001')(msg('m', 1, 'user:57000000000001')), true, 'user:N was not ours before');
  });

  it('a message id OK gave back to one of our sends is ours whatever its sender', () => {
    const ours = oursBy({ groupId: 'group:5', sentIds: new Set(['mid:sent']) });
    assert.equal(ours(msg('mid:sent', 1, 'user:99')), true);
    assert.equal(ours(msg('mid:other', 1, 'user:99')), false);
    assert.equal(oursBy({})(msg('mid:sent', 1, 'group:5')), false, 'no facts: nothing is ours');
  });

  it('our own messages are not counted as unread, wherever OK shows them', () => {
    const page = [msg('mid:sent', 2001, 'user:99'), msg('x', 2002, 'user:5'), msg('y', 2003, 'user:1')];
    const r = countUnread({ seenAt: 2000, count: 0, more: false }, page, oursBy({ groupId: 'group:5', sentIds: new Set(['mid:sent']) }));
    assert.equal(r.count, 1);
  });

  it('the ids kept: each once, the newest 1000, for 30 days', () => {
    const now = 10 * SENT_IDS_MAX_AGE_MS;
    let records = withSentIds([], ['a', 'b'], now - SENT_IDS_MAX_AGE_MS - 1);
    records = withSentIds(records, ['c', 'c'], now);
    assert.deepEqual(readSentRecords(records, now).map((r) => r.id), ['c'], 'older than 30 days: dropped');
    const many = withSentIds([], Array.from({ length: SENT_IDS_MAX + 5 }, (_, i) => `m${i}`), now);
    assert.equal(many.length, SENT_IDS_MAX);
    assert.equal(many[0].id, 'm5');
    assert.deepEqual(readSentRecords([{ id: 1 }, 'x', null, { id: 'ok', at: now }], now), [{ id: 'ok', at: now }]);
  });
});
