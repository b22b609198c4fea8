// Unread counts of saved chats, the pure parts: counting a page of a chat's newest messages
// against the time last seen, and when the background poll runs (a fake clock).
import * as assert from 'node:assert/strict';
import { sentByGroup, type OkMessage } from '../../src/core';
import { countUnread, firstRecord, markedSeen, readRecord, unreadNumber, UNREAD_PAGE, type UnreadRecord } from '../../src/extension/unread/unreadCount';
import { chatGapMs, MAX_BACKOFF_MS, MAX_CHAT_GAP_MS, nextRound, pollIntervalMs, RECENT_FOCUS_MS, whyNotPoll, type PollConditions } from '../../src/core/async/pollSchedule';

const GROUP = '70000000000001';
const ours = sentByGroup(GROUP);
const ANNA = { name: 'Анна', user_id: 'user:100000000001' };
const WE = { name: 'Our group', user_id: `group:${GROUP}` };
const SEEN = 1_735_700_000_000;
let n = 0;
const msg = (sender: OkMessage['sender'], timestamp: number): OkMessage => ({ sender, message: { mid: `mid:${++n}`, text: `m${n}` }, timestamp });
/** Newest first, as OK answers. */
const page = (...ms: OkMessage[]) => [...ms].sort((a, b) => b.timestamp - a.timestamp);
const at = (seenAt: number): UnreadRecord => ({ seenAt, count: 0, more: false });

describe('unread counts', () => {
  describe('counting a page', () => {
    it('counts messages from others newer than the time seen', () => {
      const r = countUnread(at(SEEN), page(msg(ANNA, SEEN + 1), msg(ANNA, SEEN + 2000), msg(ANNA, SEEN + 5000)), ours);
      assert.deepEqual(r, { seenAt: SEEN, count: 3, more: false, newest: SEEN + 5000 });
    });
    it('leaves out our own messages (the group of the token), also in OK\'s bare-number form', () => {
      const r = countUnread(at(SEEN), page(msg(ANNA, SEEN + 1), msg(WE, SEEN + 2), msg({ name: 'g', user_id: GROUP }, SEEN + 3)), ours);
      assert.equal(r.count, 1);
      assert.equal(r.newest, SEEN + 3, 'our own message is still the newest one read');
    });
    it('leaves out messages as old as the time seen or older', () => {
      const r = countUnread(at(SEEN), page(msg(ANNA, SEEN - 10_000), msg(ANNA, SEEN), msg(ANNA, SEEN + 1)), ours);
      assert.equal(r.count, 1);
      assert.equal(r.more, false);
    });
    it('an empty page: nothing unread, the newest read so far is kept', () => {
      assert.deepEqual(countUnread({ seenAt: SEEN, count: 4, more: false, newest: SEEN - 5 }, [], ours), { seenAt: SEEN, count: 0, more: false, newest: SEEN - 5 });
    });
    it('a full page of newer messages may hide more: "50+"', () => {
      const full = page(...Array.from({ length: UNREAD_PAGE }, (_, i) => msg(ANNA, SEEN + 1 + i)));
      const r = countUnread(at(SEEN), full, ours);
      assert.equal(r.count, 50);
      assert.equal(r.more, true);
      assert.equal(unreadNumber(r), '50+');
      // the same page with one message older than the time seen: exact
      const exact = countUnread(at(SEEN), [...full.slice(0, UNREAD_PAGE - 1), msg(ANNA, SEEN - 1)], ours);
      assert.deepEqual([exact.count, exact.more, unreadNumber(exact)], [49, false, '49']);
      // a full page of newer messages, some of them ours: the others' count, and maybe more
      const mixed = countUnread(at(SEEN), [...full.slice(0, 45), ...Array.from({ length: 5 }, (_, i) => msg(WE, SEEN + 100 + i))], ours);
      assert.deepEqual([mixed.count, mixed.more, unreadNumber(mixed)], [45, true, '45+']);
    });
    it('the number shown', () => {
      assert.equal(unreadNumber(undefined), '');
      assert.equal(unreadNumber({ count: 0, more: false }), '');
      assert.equal(unreadNumber({ count: 3, more: false }), '3');
      assert.equal(unreadNumber({ count: 120, more: false }), '120', 'the poll pages back: 120 is counted (it showed "50+" before)');
      assert.equal(unreadNumber({ count: 620, more: false }), '500+');
    });
  });

  describe('records', () => {
    it('a chat never seen starts at now: its history is not unread', () => {
      const r = firstRecord(SEEN);
      assert.equal(countUnread(r, page(msg(ANNA, SEEN - 60_000), msg(ANNA, SEEN - 1)), ours).count, 0);
      assert.equal(countUnread(r, page(msg(ANNA, SEEN + 1)), ours).count, 1);
    });
    it('marked seen: nothing unread, everything up to now (or the newest message read, if later) is seen', () => {
      const counted = countUnread(at(SEEN), page(msg(ANNA, SEEN + 10), msg(ANNA, SEEN + 20)), ours);
      // OK's clock ahead of ours: the newest message read
      const seen = markedSeen(counted, SEEN + 15);
      assert.deepEqual(seen, { seenAt: SEEN + 20, count: 0, more: false, newest: SEEN + 20 });
      // the same page read again counts nothing; a message after it counts
      assert.equal(countUnread(seen, page(msg(ANNA, SEEN + 10), msg(ANNA, SEEN + 20)), ours).count, 0);
      assert.equal(countUnread(seen, page(msg(ANNA, SEEN + 21)), ours).count, 1);
      // messages posted after the last read but before the chat was seen (in a conversation view) are seen too
      const later = markedSeen(counted, SEEN + 5000);
      assert.equal(later.seenAt, SEEN + 5000);
      assert.equal(countUnread(later, page(msg(ANNA, SEEN + 4000), msg(ANNA, SEEN + 20)), ours).count, 0);
      // nothing read yet: now
      assert.deepEqual(markedSeen(undefined, SEEN), { seenAt: SEEN, count: 0, more: false });
      // never goes back
      assert.equal(markedSeen({ seenAt: SEEN, count: 1, more: false, newest: SEEN - 100 }, 0).seenAt, SEEN);
      // an open conversation shows a message newer than anything read and than our clock: seen too
      const shown = markedSeen(counted, SEEN + 15, SEEN + 9000);
      assert.equal(shown.seenAt, SEEN + 9000);
      assert.equal(countUnread(shown, page(msg(ANNA, SEEN + 9000), msg(ANNA, SEEN + 20)), ours).count, 0);
      assert.equal(countUnread(shown, page(msg(ANNA, SEEN + 9001)), ours).count, 1);
    });
    it('stored values are read defensively', () => {
      assert.equal(readRecord(undefined), undefined);
      assert.equal(readRecord({ count: 3 }), undefined);
      assert.equal(readRecord({ seenAt: 'x' }), undefined);
      assert.deepEqual(readRecord({ seenAt: SEEN, count: 2.7, more: 1 }), { seenAt: SEEN, count: 2, more: false });
      assert.deepEqual(readRecord({ seenAt: SEEN, count: -1, more: true, newest: SEEN + 1 }), { seenAt: SEEN, count: 0, more: true, newest: SEEN + 1 });
    });
  });

  describe('when the poll runs', () => {
    const NOW = 1_800_000_000_000;
    const ready: PollConditions = { intervalMs: 120_000, hasToken: true, trusted: true, focused: true, lastFocusedAt: NOW, chatCount: 2, authStopped: false };
    it('runs only with a token, trusted, chats saved, the token not refused, not turned off', () => {
      assert.equal(whyNotPoll(ready, NOW), undefined);
      assert.equal(whyNotPoll({ ...ready, intervalMs: 0 }, NOW), 'off');
      assert.equal(whyNotPoll({ ...ready, trusted: false }, NOW), 'untrusted');
      assert.equal(whyNotPoll({ ...ready, hasToken: false }, NOW), 'no token');
      assert.equal(whyNotPoll({ ...ready, authStopped: true }, NOW), 'token refused');
      assert.equal(whyNotPoll({ ...ready, chatCount: 0 }, NOW), 'no saved chats');
    });
    it('runs while the window is focused or was in the last 5 minutes', () => {
      const away = { ...ready, focused: false, lastFocusedAt: NOW };
      assert.equal(whyNotPoll(away, NOW + RECENT_FOCUS_MS), undefined);
      assert.equal(whyNotPoll(away, NOW + RECENT_FOCUS_MS + 1), 'window not in use');
      assert.equal(whyNotPoll({ ...ready, focused: false, lastFocusedAt: undefined }, NOW), 'window not in use');
      assert.equal(whyNotPoll({ ...ready, focused: true, lastFocusedAt: undefined }, NOW + 10 * RECENT_FOCUS_MS), undefined);
    });
    it('backs off on errors, waits at least what OK asked for on a rate limit, stops on a refused token', () => {
      const I = 120_000;
      let state = { failures: 0 };
      const waits: number[] = [];
      for (let i = 0; i < 8; i++) {
        const next = nextRound(I, state, { kind: 'error' });
        assert.ok(next);
        waits.push(next.delayMs);
        state = next.state;
      }
      assert.deepEqual(waits, [2 * I, 4 * I, 8 * I, 16 * I, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
      assert.deepEqual(nextRound(I, state, { kind: 'ok' }), { delayMs: I, state: { failures: 0 } });
      assert.equal(nextRound(I, { failures: 0 }, { kind: 'rate-limit', retryAfterMs: 30 * 60_000 })?.delayMs, 30 * 60_000);
      assert.equal(nextRound(I, { failures: 0 }, { kind: 'rate-limit', retryAfterMs: 1000 })?.delayMs, 2 * I);
      assert.equal(nextRound(I, { failures: 0 }, { kind: 'rate-limit' })?.delayMs, 2 * I);
      assert.equal(nextRound(I, { failures: 3 }, { kind: 'auth' }), undefined);
    });
    it('spreads the chats of a round over at most half the interval, a few seconds apart at most', () => {
      assert.equal(chatGapMs(120_000, 1), 0);
      assert.equal(chatGapMs(120_000, 3), MAX_CHAT_GAP_MS);
      assert.equal(chatGapMs(120_000, 100), 600);
      assert.ok(chatGapMs(120_000, 1000) * 1000 <= 60_000);
    });
    it('the setting: 0 is off, less than 2 minutes is 2, a bad value the default', () => {
      assert.equal(pollIntervalMs(0), 0);
      assert.equal(pollIntervalMs(1), 120_000);
      assert.equal(pollIntervalMs(2), 120_000);
      assert.equal(pollIntervalMs(7.5), 450_000);
      assert.equal(pollIntervalMs(-3), 120_000);
      assert.equal(pollIntervalMs('5'), 120_000);
      assert.equal(pollIntervalMs(3, 100), 300);
    });
  });
});
