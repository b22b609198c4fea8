import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { buildStatusView, chatDescription, chatTooltip, clockTime, membersText, outboxDescription, outboxTooltip, relativeTime, unreadText } from '../../src/core/messages/labels';

const RU_BUNDLE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../l10n/bundle.l10n.ru.json'), 'utf8')) as Record<string, string>;

const NOW = new Date(2026, 11, 1, 20, 53, 20).getTime();
const MIN = 60_000;

describe('display', () => {
  describe('clockTime', () => {
    it('writes hours and minutes the way the locale does, without seconds', () => {
      const at = new Date(NOW);
      assert.equal(clockTime(at, 'ru'), '20:53');
      assert.equal(clockTime(at, 'en-GB'), '20:53');
      assert.match(clockTime(at, 'en-US'), /^8:53\s?PM$/);
      assert.match(clockTime(at, 'en'), /^8:53\s?PM$/);
    });
    it('falls back to the default locale for a tag Intl does not know', () => {
      assert.doesNotThrow(() => clockTime(new Date(NOW), 'qps-ploc'));
      assert.match(clockTime(new Date(NOW), 'not a tag!'), /53/);
    });
  });

  describe('relativeTime', () => {
    it('says how long ago in the locale', () => {
      assert.equal(relativeTime(NOW - 10_000, NOW, 'en'), 'just now');
      assert.equal(relativeTime(NOW - 5 * MIN, NOW, 'en'), '5 minutes ago');
      assert.equal(relativeTime(NOW - 5 * MIN, NOW, 'ru'), '5 минут назад');
      assert.equal(relativeTime(NOW - 3 * 60 * MIN, NOW, 'en'), '3 hours ago');
      assert.equal(relativeTime(NOW - 24 * 60 * MIN, NOW, 'en'), 'yesterday');
      assert.equal(relativeTime(NOW - 24 * 60 * MIN, NOW, 'ru'), 'вчера');
      assert.equal(relativeTime(NOW - 15 * 24 * 60 * MIN, NOW, 'en'), '2 weeks ago');
      assert.equal(relativeTime(NOW - 400 * 24 * 60 * MIN, NOW, 'en'), 'last year');
    });
    it('copes with a clock that is behind', () => {
      assert.equal(relativeTime(NOW + 2 * MIN, NOW, 'en'), 'in 2 minutes');
    });
  });

  describe('chat items', () => {
    const chat = { chatId: 'chat:C3ecb9d02a600', title: 'Backend [ops]', status: 'ACTIVE', members: 3, lastEventTime: NOW - 2 * 60 * MIN };
    it('description: members and last activity, no raw id', () => {
      assert.equal(chatDescription(chat, NOW, 'en'), '3 members · 2 hours ago');
      assert.equal(chatDescription({ chatId: chat.chatId }, NOW, 'en'), '');
      assert.equal(chatDescription({ ...chat, status: 'LEFT' }, NOW, 'en'), 'left · 3 members · 2 hours ago');
      assert.equal(chatDescription({ ...chat, members: 1 }, NOW, 'en'), '1 member · 2 hours ago');
    });
    it('description: the unread count comes first (a narrow side bar cuts the end of the line)', () => {
      assert.equal(chatDescription({ ...chat, unread: '3' }, NOW, 'en'), '3 new · 3 members · 2 hours ago');
      assert.equal(chatDescription({ ...chat, unread: '500+' }, NOW, 'en'), '500+ new · 3 members · 2 hours ago');
      assert.equal(chatDescription({ ...chat, unread: '' }, NOW, 'en'), '3 members · 2 hours ago');
    });
    it('Russian: the counts of the row and the tooltip in their plural forms (1, 2, 5, 11, 21, 22, 25)', () => {
      l10n.config({ contents: RU_BUNDLE });
      try {
        const members = [1, 2, 5, 11, 21, 22, 25].map((n) => membersText(n, 'ru'));
        assert.deepEqual(members, ['1 участник', '2 участника', '5 участников', '11 участников', '21 участник', '22 участника', '25 участников']);
        const fresh = ['1', '2', '5', '11', '21', '22', '25', '500+'].map((n) => unreadText(n, 'ru'));
        assert.deepEqual(fresh, ['1 новое', '2 новых', '5 новых', '11 новых', '21 новое', '22 новых', '25 новых', '500+ новых']);
        assert.equal(chatDescription({ ...chat, unread: '21', lastEventTime: undefined }, NOW, 'ru'), '21 новое · 3 участника');
        const tip = chatTooltip(chat, NOW, 'ru');
        assert.ok(tip.includes('\n\n3 участника\n\n'), tip);
        assert.doesNotMatch(tip, /Участников: /);
      } finally {
        l10n.config({ contents: {} });
      }
    });
    it('tooltip: title (escaped), id, members, last event and what a click does; no "Status: ACTIVE"', () => {
      const tip = chatTooltip(chat, NOW, 'en');
      assert.match(tip, /^\*\*Backend \\\[ops\\\]\*\*/);
      assert.ok(tip.includes('`chat:C3ecb9d02a600`'));
      assert.ok(tip.includes('\n\n3 members\n\n'));
      assert.match(tip, /Last activity: 2 hours ago \(.*6:53\s?PM\)/);
      assert.match(tip, /Click to open the conversation/);
      // only what the context menu has (no "send the selection": that item shows only with a selection)
      assert.doesNotMatch(tip, /selection/);
      assert.doesNotMatch(tip, /ACTIVE/);
      assert.match(chatTooltip({ ...chat, status: 'LEFT' }, NOW, 'en'), /has left this chat/);
      assert.doesNotMatch(chatTooltip({ ...chat, status: 'LEFT' }, NOW, 'en'), /Click to/);
    });
  });

  describe('outbox items', () => {
    const item = { chatId: 'chat:C3ecb9d02a600', chatTitle: 'Backend', createdAt: NOW - 90 * MIN, updatedAt: NOW - 5 * MIN, attempts: 2, lastError: 'Could not reach OK.' };
    it('description: the chat and when', () => {
      assert.equal(outboxDescription(item, NOW, 'en'), '→ Backend · 5 minutes ago');
      assert.equal(outboxDescription({ ...item, chatTitle: undefined }, NOW, 'en'), '→ C3ecb9d02a600 · 5 minutes ago');
      assert.equal(outboxDescription({ ...item, chatId: undefined, chatTitle: undefined, userIds: ['user:1', 'user:2'] }, NOW, 'ru'), '→ user:1, user:2 · 5 минут назад');
    });
    it('tooltip: chat with id, first and last attempt, the error', () => {
      const tip = outboxTooltip(item, NOW, 'en-GB');
      assert.ok(tip.includes('**Not sent** to Backend (`chat:C3ecb9d02a600`)'));
      assert.match(tip, /First attempt: .*19:23/);
      assert.match(tip, /Last attempt: 5 minutes ago, 20:48 \(attempts: 2\)/);
      assert.ok(tip.includes('Error: Could not reach OK\\.'));
    });
  });

  describe('build status bar item', () => {
    const at = new Date(NOW);
    it('tells idle, sending, sent and failed apart by icon and text', () => {
      const idle = buildStatusView({ kind: 'idle' }, 'en');
      const pending = buildStatusView({ kind: 'pending', chat: 'Backend' }, 'en');
      const sent = buildStatusView({ kind: 'sent', chat: 'Backend', at, summary: '❌ build is broken' }, 'ru');
      const failed = buildStatusView({ kind: 'failed', chat: 'Backend', at, error: 'Could not reach OK.' }, 'ru');
      assert.equal(idle.text, '$(bell) OK Chat');
      assert.equal(pending.text, '$(sync~spin) OK Chat: sending…');
      assert.equal(sent.text, '$(check) OK Chat: sent 20:53');
      assert.equal(failed.text, '$(error) OK Chat: not sent');
      assert.deepEqual([idle, pending, sent, failed].map((v) => v.error), [false, false, false, true]);
      assert.equal(new Set([idle, pending, sent, failed].map((v) => v.text.split(' ')[0])).size, 4, 'four different icons');
    });
    it('the tooltip shows the same time as the text, in the locale, without seconds', () => {
      const sent = buildStatusView({ kind: 'sent', chat: 'Backend', at, summary: '❌ build is broken' }, 'en-GB');
      assert.equal(sent.tooltip, 'Build notification sent to Backend at 20:53: ❌ build is broken');
      const us = buildStatusView({ kind: 'failed', chat: 'Backend', at, error: 'Could not reach OK.' }, 'en-US');
      assert.match(us.tooltip, /at 8:53\s?PM was not sent: Could not reach OK\. It is in the Outbox\./);
      assert.doesNotMatch(us.tooltip, /:20/);
    });
  });
});

describe('build messages in the locale of the status bar', () => {
  it('{time} follows the locale when one is given, else 24-hour', async () => {
    const { formatBuildMessage } = await import('../../src/core/notify/buildMessage');
    const result = { name: 'build', exitCode: 1, workspace: 'w', branch: 'main', finishedAt: new Date(NOW) };
    assert.match(formatBuildMessage(result), /· 20:53$/);
    assert.match(formatBuildMessage(result, { locale: 'en-US' }), /· 8:53\sPM$/);
    assert.match(formatBuildMessage(result, { locale: 'ru' }), /· 20:53$/);
  });
});
