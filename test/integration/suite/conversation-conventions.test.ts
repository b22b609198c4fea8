// The conversation page as a team's chat app: a chat with unread messages opens at a "New
// messages" line, the composer has the focus and Send and attach buttons, one sender's messages
// are grouped, a pasted image shows a thumbnail, and new messages are announced (the history
// shown at opening is not). Through the page's test driver (test/webview/conversationDriver.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, runCommand, useFakeOk, waitFor } from './extensionSetup';
import { SEED_MEMBERS } from '../../fake-ok/seedHistory';
import type { TestSeam } from '../../../src/extension/testing/testSeam';
import type { PageSummary } from '../../webview/driverProtocol';
import { CONVERSATION_DRIVER } from '../../helpers/conversationDriver';

type Act = NonNullable<TestSeam['conversationAct']>;

describe('Conversation view: conventions of a chat app', function () {
  this.timeout(60_000);
  const ok = useFakeOk();
  const act: Act = (...args) => {
    assert.ok(ok.api.conversationAct, 'the conversation test hooks exist in a test run');
    return ok.api.conversationAct(...args);
  };
  const summary = async () => (await act(CHAT, 'summary').catch(() => undefined)) as PageSummary | undefined;
  /** What the page shows once `check` holds. */
  const once = (check: (s: PageSummary) => boolean, what: string, timeoutMs = 15_000) =>
    waitFor(async () => {
      const s = await summary();
      return s && check(s) ? s : undefined;
    }, what, timeoutMs);

  before(() => ok.api.setConversationDriver(CONVERSATION_DRIVER));
  afterEach(async () => {
    ok.api.setConversationPollMs(undefined);
    ok.api.setConversationPick(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a chat with unread messages opens at a "New messages" line above the first of them, in view; the history is not announced, a message that comes later is', async () => {
    ok.api.setConversationPollMs(200);
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.refreshUnread', {});
    const t = Date.now() + 5000;
    const first = ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'посмотри PR', time: t });
    ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'и ещё один', time: t + 1 });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 2 });
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const opened = await once((s) => s.lines.length >= 12, 'the history with the unread messages');
    assert.equal(opened.dividers, 1, 'one "New messages" line');
    assert.equal(opened.dividerBefore, first.message_id, 'above the first unread message');
    assert.equal(opened.dividerInView, true, 'scrolled to it');
    // opening the chat reads nothing out: the list is no live region, and the announcer is silent
    assert.equal(opened.logLive, null);
    assert.equal(opened.announced, '');

    ok.server.postAsMember(CHAT, SEED_MEMBERS[2], { text: 'готово, смотри', time: t + 2 });
    const later = await once((s) => s.announced !== '', 'the new message to be announced');
    assert.equal(later.announced, `New message from ${SEED_MEMBERS[2].name}: готово, смотри`);
    assert.equal(later.dividers, 1, 'still one "New messages" line');
  });

  it('opened again after it was seen, the chat has no "New messages" line', async () => {
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await once((x) => x.lines.length >= 10, 'the history');
    assert.equal(s.dividers, 0);
    assert.equal(s.atBottom, true, 'at the newest message');
  });

  it('the composer has the focus when a chat opens, and its Send and attach buttons', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await once((x) => x.lines.length >= 10, 'the history');
    assert.equal(s.composerFocused, true, 'the composer is focused');
    assert.deepEqual(s.composerButtons, ['Attach Files…', 'Send']);
    assert.equal(await act(CHAT, 'clickSend', undefined, 'кнопкой'), true);
    await waitFor(() => ok.server.messages.find((m) => m.chat_id === CHAT && m.text === 'кнопкой'), 'the message sent with the Send button to reach OK', 15_000);
  });

  it('one sender\'s consecutive messages within minutes show the name and time once; our own are "You" everywhere', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await once((x) => x.lines.length >= 10, 'the history');
    const id = (text: string) => s.lines.find((l) => l.text.startsWith(text))?.id;
    // Анна: "Да, выкладываю в 18:00" and a minute later "Деплой в 18:30": one group; Вера's report before them starts its own
    assert.ok(s.continued.includes(id('Деплой') ?? '?'), `continued: ${s.continued.join(', ')}`);
    assert.ok(!s.continued.includes(id('Да, выкладываю') ?? '?'));
    assert.ok(!s.continued.includes(id('Отчёт за неделю') ?? '?'));
    await act(CHAT, 'send', undefined, 'первое');
    await act(CHAT, 'send', undefined, 'второе');
    const mine = await once((x) => x.lines.filter((l) => l.ours && l.status === undefined && l.id).length >= 2, 'both sends shown as sent');
    const ours = mine.lines.filter((l) => l.ours);
    assert.deepEqual([...new Set(ours.map((l) => l.sender))], ['You'], 'our messages are named one way');
    const second = ours.find((l) => l.text === 'второе');
    assert.ok(second?.id && mine.continued.includes(second.id), 'the second send continues the first\'s group');
  });

  it('a pasted image shows a thumbnail before it is sent', async () => {
    const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await once((x) => x.lines.length >= 10, 'the history');
    assert.deepEqual(await act(CHAT, 'paste', 'экран.png', undefined, PNG_1PX), ['экран.png']);
    const s = await once((x) => x.thumbnails === 1, 'the thumbnail');
    assert.equal(s.thumbnails, 1);
  });

  it('the attach button picks files (outside the workspace too) that go with the next send, through the Outbox', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ok-chat-attach-'));
    const file = path.join(dir, 'отчёт.txt');
    fs.writeFileSync(file, 'выбрали кнопкой\n');
    ok.api.setConversationPick([file]);
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await once((x) => x.lines.length >= 10, 'the history');
    assert.deepEqual(await act(CHAT, 'attach'), ['отчёт.txt']);
    assert.equal(ok.server.uploadCount, 0, 'nothing goes before the send');
    await act(CHAT, 'clickSend', undefined, 'вот файл');
    const sent = await waitFor(
      () => ok.server.requestsTo('POST', `/me/messages/${CHAT}`).map((r) => (JSON.parse(r.rawBody) as { message?: { text?: string; attachment?: { type: string } } }).message).find((m) => m?.attachment),
      'the picked file to reach OK',
      15_000,
    );
    assert.equal(sent.attachment?.type, 'FILE');
    assert.equal(sent.text, 'вот файл');
    assert.deepEqual(ok.api.outboxItems(), []);
  });
});
