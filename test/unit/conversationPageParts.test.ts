// The conversation page's pure parts: which lines continue a sender's group, how times read in
// the display language, what the live region says of new messages, and where the "New messages"
// line goes when a chat with unread messages opens.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { continuesGroup, groupFlags, GROUP_GAP_MS } from '../../src/webview/conversation/grouping';
import { lineTimeFormat, timeStyle } from '../../src/webview/conversation/lineTimes';
import { announcement } from '../../src/webview/conversation/announce';
import { firstUnread } from '../../src/extension/conversation/unreadMarker';
import { ShownState } from '../../src/extension/conversation/shownState';
import type { LineData } from '../../src/webview/conversation/conversationProtocol';

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 10, 9, 0);
const msg = (id: string, sender: string | undefined, minute: number, extra: Partial<LineData> = {}): LineData => ({ kind: 'message', id, time: T0 + minute * MIN, text: `text ${id}`, ...(sender ? { sender } : {}), ...extra });

describe('conversation page: grouping of consecutive messages', () => {
  it('one sender within a few minutes is one group; the name and time show on its first line only', () => {
    const lines = [msg('a', 'Анна', 0), msg('b', 'Анна', 1), msg('c', 'Анна', 5), msg('d', 'Борис', 6), msg('e', 'Анна', 7)];
    assert.deepEqual(groupFlags(lines), [false, true, true, false, false]);
  });

  it('a gap longer than the bound starts a new group; exactly the bound does not', () => {
    assert.equal(continuesGroup(msg('a', 'Анна', 0), { ...msg('b', 'Анна', 0), time: T0 + GROUP_GAP_MS }), true);
    assert.equal(continuesGroup(msg('a', 'Анна', 0), { ...msg('b', 'Анна', 0), time: T0 + GROUP_GAP_MS + 1 }), false);
  });

  it('ours group with ours (named or not), never with a member of the same name; system lines and unknown times end a group', () => {
    assert.equal(continuesGroup(msg('a', 'Команда', 0, { ours: true }), msg('b', undefined, 1, { ours: true })), true);
    assert.equal(continuesGroup(msg('a', 'Команда', 0, { ours: true }), msg('b', 'Команда', 1)), false);
    assert.equal(continuesGroup({ kind: 'system', time: T0, text: 'Анна создала чат' }, msg('b', 'Анна', 1)), false);
    assert.equal(continuesGroup(msg('a', 'Анна', 0), msg('b', 'Анна', 1, { timeUnknown: true })), false);
    assert.equal(continuesGroup(msg('a', undefined, 0), msg('b', undefined, 1)), false, 'two lines without a sender are not known to be one person');
  });

  it('a line older than the one before it (out of order) starts a group', () => {
    assert.equal(continuesGroup(msg('a', 'Анна', 3), msg('b', 'Анна', 1)), false);
  });
});

describe('conversation page: times in the display language', () => {
  const now = Date.UTC(2026, 5, 10, 15, 0);
  const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo, d, h, mi).getTime();

  it('today: the time alone; this year: with the day; another year: with the year', () => {
    const n = local(2026, 5, 10, 15, 0);
    assert.equal(timeStyle(local(2026, 5, 10, 1, 56), n), 'today');
    assert.equal(timeStyle(local(2026, 0, 1, 1, 56), n), 'thisYear');
    assert.equal(timeStyle(local(2025, 0, 1, 1, 56), n), 'otherYear');
    assert.ok(now > 0);
  });

  it('English: no zero-padded hour; Russian: its own month names and 24-hour clock; the year only when it is not this year', () => {
    const n = local(2026, 5, 10, 15, 0);
    const en = lineTimeFormat('en', () => n);
    const ru = lineTimeFormat('ru', () => n);
    const earlier = local(2025, 0, 1, 1, 56);
    assert.equal(en(local(2026, 5, 10, 1, 56)), '1:56 AM');
    assert.match(en(earlier), /2025/);
    assert.doesNotMatch(en(earlier), /01:56/);
    assert.doesNotMatch(en(local(2026, 0, 1, 1, 56)), /2026|01:56/);
    assert.match(ru(local(2026, 0, 1, 13, 5)), /янв/);
    assert.match(ru(local(2026, 0, 1, 13, 5)), /13:05/);
    assert.doesNotMatch(ru(local(2026, 0, 1, 13, 5)), /2026|PM/);
    assert.match(ru(earlier), /2025/);
  });

  it('a locale Intl does not know falls back to the default instead of failing', () => {
    assert.equal(typeof lineTimeFormat('not a locale!', () => T0)(T0), 'string');
  });
});

describe('conversation page: what the live region says of new messages', () => {
  const strings = { newMessageFrom: 'New message from {0}: {1}', newMessagesCount: '{0} new message|{0} new messages' };
  const ru = { newMessageFrom: 'Новое сообщение от {0}: {1}', newMessagesCount: '{0} новое сообщение|{0} новых сообщения|{0} новых сообщений' };

  it('one message from someone else: who and what, shortened', () => {
    assert.equal(announcement([msg('a', 'Анна', 0, { text: 'Сборка готова' })], strings, 'en', 'Attachment'), 'New message from Анна: Сборка готова');
    const long = announcement([msg('a', 'Анна', 0, { text: 'x'.repeat(500) })], strings, 'en', 'Attachment') ?? '';
    assert.ok(long.length < 160 && long.endsWith('…'), long);
    assert.equal(announcement([msg('a', 'Анна', 0, { text: '', attachments: [{ kind: 'file', name: 'report.pdf' }] })], strings, 'en', 'Attachment'), 'New message from Анна: report.pdf');
  });

  it('text with $-patterns is said as written', () => {
    assert.equal(announcement([msg('a', 'Анна', 0, { text: "costs $& and $'" })], strings, 'en', 'A'), "New message from Анна: costs $& and $'");
  });

  it('several: a count in the plural form of the display language', () => {
    const three = [msg('a', 'Анна', 0), msg('b', 'Борис', 1), msg('c', 'Вера', 2)];
    assert.equal(announcement(three, strings, 'en', 'A'), '3 new messages');
    assert.equal(announcement(three, ru, 'ru', 'A'), '3 новых сообщения');
    assert.equal(announcement(Array.from({ length: 5 }, (_, i) => msg(`m${i}`, 'Анна', i)), ru, 'ru', 'A'), '5 новых сообщений');
  });

  it('our own messages and system lines are not announced', () => {
    assert.equal(announcement([msg('a', undefined, 0, { ours: true }), { kind: 'system', time: T0, text: 'Анна вышла' }], strings, 'en', 'A'), undefined);
    assert.equal(announcement([msg('a', undefined, 0, { ours: true }), msg('b', 'Анна', 1, { text: 'да' })], strings, 'en', 'A'), 'New message from Анна: да');
  });
});

describe('conversation panel: where the "New messages" line goes at opening', () => {
  const seenAt = T0 + 2 * MIN;
  const lines = [msg('a', 'Анна', 0), msg('b', 'Борис', 2), msg('c', undefined, 3, { ours: true }), { kind: 'system' as const, id: 's', time: T0 + 4 * MIN, text: 'Вера вошла' }, msg('d', 'Вера', 5), msg('e', 'Анна', 6)];

  it('above the first message from others newer than the newest seen (ours and system lines are not unread)', () => {
    assert.equal(firstUnread(lines, seenAt), 'd');
  });

  it('none when nothing is newer, or the chat has no record (not saved)', () => {
    assert.equal(firstUnread(lines, T0 + 10 * MIN), undefined);
    assert.equal(firstUnread(lines, undefined), undefined);
  });

  it('the message seen last is not unread (same time)', () => {
    assert.equal(firstUnread([msg('a', 'Анна', 0)], T0), undefined);
  });

  it('the panel keeps it with what it has shown, for every page built again', () => {
    const s = new ShownState();
    s.first(lines, true, firstUnread(lines, seenAt));
    assert.equal(s.message().unreadFrom, 'd');
    s.newer([msg('f', 'Анна', 7)]);
    assert.equal(s.message().unreadFrom, 'd');
    const none = new ShownState();
    none.first(lines, true, undefined);
    assert.equal('unreadFrom' in none.message(), false);
  });
});
