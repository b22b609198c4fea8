import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, describeRequests, logLine, readLog, runCommand, sleep, useFakeOk, waitFor, workspaceDir } from './extensionSetup';
import { SEED_MEMBERS } from '../../fake-ok/seedHistory';
import type { TestSeam } from '../../../src/extension/testing/testSeam';
import type { PageSummary } from '../../webview/driverProtocol';
import { CONVERSATION_DRIVER } from '../../helpers/conversationDriver';

type Act = NonNullable<TestSeam['conversationAct']>;

function act(api: TestSeam): Act {
  assert.ok(api.conversationAct, 'the conversation test hooks exist in a test run');
  return api.conversationAct;
}

/** What the page shows, once it shows at least `min` lines. */
async function shown(api: TestSeam, min: number, what = `${min} lines`): Promise<PageSummary> {
  return waitFor(async () => {
    const s = (await act(api)(CHAT, 'summary').catch(() => undefined)) as PageSummary | undefined;
    return s && s.lines.length >= min ? s : undefined;
  }, `the page to show ${what}`, 15_000);
}

/**
 * The decision of the hidden panel of CHAT (after the first `from` decisions) that no read is
 * planned: the positive signal that hiding it stopped its reads.
 */
function hiddenPanelPlansNoRead(api: TestSeam, from: number) {
  return waitFor(() => api.conversationPolls().slice(from).find((d) => d.chatId === CHAT && !d.visible && !d.closed && d.at === undefined), () => `the hidden panel to plan no read (decisions: ${JSON.stringify(api.conversationPolls().slice(from))})`);
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // every editor closed: a test starts from an empty editor area, whatever the one before opened
  await waitFor(() => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0), () => `every editor closed; still open: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')}`);
}

/**
 * A text file on disk to show over or beside the conversation, its tab labelled `name`. Not an
 * untitled document with content: that one is unsaved, and closing all editors would ask whether
 * to save it and leave it open, in the next test's layout.
 */
async function fileNamed(name: string): Promise<vscode.TextDocument> {
  const file = path.join(os.tmpdir(), `ok-chat-conversation-${process.pid}`, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${name}\n`);
  return vscode.workspace.openTextDocument(vscode.Uri.file(file));
}

describe('Conversation view', function () {
  this.timeout(60_000);
  const ok = useFakeOk();
  before(() => ok.api.setConversationDriver(CONVERSATION_DRIVER));
  afterEach(async () => {
    ok.api.setConversationPollMs(undefined);
    await closeAll();
  });

  it('shows the seeded history as text, with images, files, replies, edits, service events and snippets', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await shown(ok.api, 10);
    const texts = s.lines.map((l) => l.text);
    assert.ok(texts.includes('Привет! Сборка 2.4.1 готова?'), texts.join(' | '));
    const system = s.lines.filter((l) => l.kind === 'system');
    assert.equal(system.length, 3, 'three service events as system lines');
    assert.ok(s.lines.some((l) => l.images.includes('https://st.mycdn.me/res/i/ok_logo.png')), 'the image is shown');
    assert.ok(s.lines.some((l) => l.links.includes('https://example.com/files/report.pdf')), 'the file is a link');
    assert.ok(s.lines.some((l) => l.edited && l.text.startsWith('Деплой')), 'the edited marker');
    assert.ok(s.lines.some((l) => l.text === 'const port = 8080;\nlisten(port);'), 'the snippet shown as code');
    // the payload is shown as its text, and nothing of it ran
    assert.ok(texts.includes('<img src=x onerror=alert(1)>'), 'the XSS payload as literal text');
    assert.equal(s.scriptRan, false);
  });

  it('shows a payload that would set a global as text and runs none of it', async () => {
    const payload = '<img src=x onerror="window.okChatXss=1"><script>window.okChatXss=2</script>';
    ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: payload });
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await shown(ok.api, 11);
    assert.equal(s.lines.at(-1)?.text, payload);
    // once the page is done with its images (loaded or failed), an error handler would have run
    assert.ok(((await act(ok.api)(CHAT, 'imagesSettled')) as number) >= 0, 'the page\'s images neither loaded nor failed in 10 s');
    const again = await shown(ok.api, 11);
    assert.equal(again.scriptRan, false, 'the payload ran in the page');
  });

  it('replies to a message with reply_to, through the Outbox; the message shows as ours', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const s = await shown(ok.api, 10);
    const question = s.lines.find((l) => l.text === 'Привет! Сборка 2.4.1 готова?');
    assert.ok(question?.id);
    assert.equal(await act(ok.api)(CHAT, 'reply', question.id, 'Готова, выкладываю'), true);
    const sent = await waitFor(() => ok.server.messages.find((m) => m.chat_id === CHAT && m.text === 'Готова, выкладываю'), 'the reply to reach OK', 15_000);
    assert.equal(sent.reply_to, question.id);
    const after = await waitFor(async () => {
      const now = (await act(ok.api)(CHAT, 'summary')) as PageSummary;
      const mine = now.lines.filter((l) => l.text === 'Готова, выкладываю');
      return mine.length === 1 && mine[0].id === sent.message_id && mine[0].status === undefined ? mine[0] : undefined;
    }, 'the sent reply shown once, as sent');
    assert.equal(after.ours, true);
    assert.deepEqual(ok.api.outboxItems(), []);
  });

  it('appends a teammate\'s new message while the view is visible, without rendering the rest again', async () => {
    ok.api.setConversationPollMs(300);
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    ok.server.postAsMember(CHAT, SEED_MEMBERS[2], { text: 'Новое сообщение от Веры' });
    const s = await waitFor(async () => {
      const now = (await act(ok.api)(CHAT, 'summary')) as PageSummary;
      return now.lines.some((l) => l.text === 'Новое сообщение от Веры') ? now : undefined;
    }, 'the new message to appear', 15_000);
    assert.equal(s.lines.at(-1)?.sender, SEED_MEMBERS[2].name);
    assert.equal(s.firstNodeKept, true, 'the first page was rendered again');
  });

  it('opens a snippet\'s file at its lines with Open in Editor', async () => {
    const file = path.join(workspaceDir(), 'src', 'сервер', 'main.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Array.from({ length: 20 }, (_, i) => `// line ${i + 1}`).join('\n'));
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    assert.equal(await act(ok.api)(CHAT, 'openSnippet', '0'), true);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === file ? vscode.window.activeTextEditor : undefined), 'the snippet\'s file to open');
    assert.equal(editor.selection.start.line, 11);
    assert.equal(editor.selection.end.line, 12);
  });

  it('a failed send stays in the view marked failed, and Retry sends it', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    // OK refuses with a permission error: nothing was applied, so a retry needs no confirmation
    ok.server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, { method: 'POST' });
    assert.equal(await act(ok.api)(CHAT, 'send', undefined, 'не дошло'), true);
    const failed = await waitFor(async () => ((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.find((l) => l.text === 'не дошло' && l.status === 'failed'), 'the send marked failed', 15_000);
    assert.equal(failed.ours, true);
    assert.equal(ok.api.outboxItems().length, 1, 'the failed send is in the Outbox');
    assert.equal(await act(ok.api)(CHAT, 'retry'), true);
    await waitFor(() => ok.server.messages.find((m) => m.chat_id === CHAT && m.text === 'не дошло'), 'the retry to reach OK', 15_000);
    await waitFor(async () => ((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.find((l) => l.text === 'не дошло' && l.status === undefined && l.id), 'the message shown as sent');
    assert.deepEqual(ok.api.outboxItems(), []);
  });

  it('opened without a token it asks OK nothing, and loads as soon as the token is set', async () => {
    await runCommand('okChat.clearToken', {});
    ok.server.requests.length = 0;
    const noToken = new RegExp(`conversation ${CHAT}: reading failed \\(.*\\); no more tries until the token changes`);
    const before = (await readLog(ok.api)).split('\n').filter((l) => noToken.test(l)).length;
    await runCommand('okChat.openConversation', { chatId: CHAT });
    // the panel tried to read, found no token, and waits for one
    await logLine(ok.api, noToken, 'the panel\'s read without a token', before + 1);
    assert.equal(((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.length, 0);
    assert.deepEqual(reads(), [], describeRequests(ok.server.requests));
    await runCommand('okChat.setToken', { token: ok.server.token });
    await shown(ok.api, 10, 'the history once the token is set');
  });

  /** What the page shows now, or undefined while it is hidden or being built again (its answer would never come). */
  async function summaryNow(): Promise<PageSummary | undefined> {
    const answer = act(ok.api)(CHAT, 'summary').catch(() => undefined) as Promise<PageSummary | undefined>;
    return Promise.race([answer, sleep(1000).then(() => undefined)]);
  }

  /** What the page shows once it shows at least `min` lines (asked again while it is being built). */
  async function shownNow(min: number): Promise<PageSummary> {
    return waitFor(async () => {
      const s = await summaryNow();
      return s && s.lines.length >= min ? s : undefined;
    }, `the page to show ${min} lines`, 15_000);
  }

  /** The conversation's tab, wherever it is. */
  function conversationTab(): vscode.Tab | undefined {
    return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('okChat.conversation'));
  }

  it('switching to a file in the same group and back shows the whole history, what came meanwhile, and the draft', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const before = await shownNow(10);
    const typed = await act(ok.api)(CHAT, 'draft', undefined, 'черновик: не отправлять');
    const from = ok.api.conversationPolls().length;
    // a file in the same group hides the panel; VS Code drops a hidden webview's page
    const doc = await fileNamed('hides the conversation');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active });
    await waitFor(() => conversationTab()?.isActive === false, 'the conversation tab to be hidden');
    // the hidden panel plans no read; then a teammate writes
    await hiddenPanelPlansNoRead(ok.api, from);
    ok.server.postAsMember(CHAT, SEED_MEMBERS[2], { text: 'пока вкладка была скрыта' });
    await runCommand('okChat.openConversation', { chatId: CHAT });
    let last: PageSummary | undefined;
    const after = await waitFor(async () => {
      last = await summaryNow();
      return last && last.lines.some((l) => l.text === 'пока вкладка была скрыта') ? last : undefined;
    }, () => `the history and the message that came meanwhile (the page shows ${JSON.stringify(last?.lines.map((l) => l.text))})`, 20_000);
    const ids = after.lines.map((l) => l.id);
    for (const l of before.lines) assert.ok(ids.includes(l.id), `"${l.text}" is shown again`);
    assert.equal(after.lines.length, before.lines.length + 1, 'each line once');
    assert.equal(after.lines.at(-1)?.text, 'пока вкладка была скрыта');
    assert.equal(typed, true, 'the draft typed');
    assert.equal(after.draft, 'черновик: не отправлять', 'the draft is kept');
  });

  it('moved to another editor group it shows the whole history', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const before = await shownNow(10);
    // a second group beside (a file), then the conversation active again in the first
    const doc = await fileNamed('the group beside');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two });
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    const layout = () => JSON.stringify(vscode.window.tabGroups.all.map((g) => ({ column: g.viewColumn, active: g.isActive, tabs: g.tabs.map((t) => `${t.label}${t.isActive ? '*' : ''}`) })));
    await waitFor(() => conversationTab()?.isActive && conversationTab()?.group.isActive && conversationTab()?.group.viewColumn === vscode.ViewColumn.One, () => `the conversation to be the active editor: ${layout()}`);
    await vscode.commands.executeCommand('workbench.action.moveEditorToNextGroup');
    // its first group, empty, closes: the conversation is now beside the file
    await waitFor(() => conversationTab()?.group.tabs.some((t) => t.label === 'the group beside'), () => `the conversation to move to the file's group: ${layout()}`);
    let last: PageSummary | undefined;
    await waitFor(async () => {
      last = await summaryNow();
      return last && last.lines.length === before.lines.length && last.lines.every((l, i) => l.id === before.lines[i].id) ? last : undefined;
    }, () => `the whole history in the other group (the page shows ${JSON.stringify(last?.lines.map((l) => l.text))})`, 20_000);
    await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
  });

  it('a read that fails is told in words for a person, with when it tries again; the notice goes once a read succeeds', async () => {
    ok.api.setConversationPollMs(1000);
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shownNow(10);
    ok.server.injectFault({ kind: 'reset' }, { method: 'GET', path: `/me/messages/${CHAT}`, times: 1000 });
    let last: PageSummary | undefined;
    const failing = await waitFor(async () => ((last = await summaryNow())?.notice ? last : undefined), () => `a notice (the page shows ${JSON.stringify(last)})`, 20_000);
    assert.match(failing.notice ?? '', /^OK can't be reached — trying again in \d+ s$/);
    assert.equal(failing.lines.length >= 10, true, 'the history stays');
    ok.server.clearFaults();
    await waitFor(async () => ((last = await summaryNow()) && !last.notice ? last : undefined), () => `the notice to go (it says ${last?.notice})`, 20_000);
  });

  it('opening a chat again reveals its one panel', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    await runCommand('okChat.openConversation', { chatId: CHAT });
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('okChat.conversation'));
    assert.equal(tabs.length, 1);
  });

  const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  /** The messages posted to the chat (not mark_seen and other sender actions). */
  const posted = () =>
    ok.server
      .requestsTo('POST', `/me/messages/${CHAT}`)
      .map((r) => (JSON.parse(r.rawBody) as { message?: { text?: string; attachment?: { type: string } } }).message)
      .filter((m) => m !== undefined);

  it('a pasted image waits in the composer and goes with Enter, the text as its caption, through the Outbox', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    assert.deepEqual(await act(ok.api)(CHAT, 'paste', 'экран.png', undefined, PNG_1PX), ['экран.png']);
    assert.equal(ok.server.uploadCount, 0, 'nothing goes before Enter');
    assert.equal(await act(ok.api)(CHAT, 'send', undefined, 'вот так выглядит'), true);
    const sent = await waitFor(() => posted().find((m) => m.attachment), 'the image to reach OK', 15_000);
    assert.equal(sent.attachment?.type, 'IMAGE');
    assert.equal(sent.text, 'вот так выглядит');
    assert.equal(ok.server.uploadCount, 1);
    const uploaded = [...ok.server.uploads.values()].find((u) => u.uploaded);
    assert.equal(uploaded?.filename, 'экран.png');
    assert.equal(uploaded.bytes?.byteLength, Buffer.from(PNG_1PX, 'base64').byteLength, 'the bytes pasted');
    await waitFor(async () => ((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.find((l) => l.text === 'вот так выглядит' && l.ours && l.status === undefined), 'the line shown as sent');
    assert.deepEqual(ok.api.outboxItems(), []);
  });

  it('a failed upload of a pasted file is kept in the Outbox, and Retry in the view sends it', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    ok.server.injectFault({ kind: 'status', status: 503 }, { method: 'POST', path: '/upload/', times: 10 });
    await act(ok.api)(CHAT, 'paste', 'logs.png', undefined, PNG_1PX);
    await act(ok.api)(CHAT, 'send', undefined, '');
    await waitFor(async () => ((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.find((l) => l.status === 'failed'), 'the file marked failed', 30_000);
    assert.equal(ok.api.outboxItems().length, 1, 'kept in the Outbox');
    ok.server.clearFaults();
    assert.equal(await act(ok.api)(CHAT, 'retry'), true);
    const sent = await waitFor(() => posted().find((m) => m.attachment), 'the retried file to reach OK', 20_000);
    assert.equal(sent.attachment?.type, 'IMAGE');
    await waitFor(() => ok.api.outboxItems().length === 0, 'the Outbox to be empty');
  });

  it('a file dropped from the workspace is sent from its place; one from outside the workspace is refused, and nothing is read', async () => {
    const file = path.join(workspaceDir(), 'notes-drop.txt');
    fs.writeFileSync(file, 'перетащили\n');
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    assert.deepEqual(await act(ok.api)(CHAT, 'drop', vscode.Uri.file(file).toString()), ['notes-drop.txt']);
    await act(ok.api)(CHAT, 'send', undefined, '');
    const sent = await waitFor(() => posted().find((m) => m.attachment), 'the dropped file to reach OK', 15_000);
    assert.equal(sent.attachment?.type, 'FILE');

    ok.server.requests.length = 0;
    assert.deepEqual(await act(ok.api)(CHAT, 'drop', vscode.Uri.file('/etc/hostname').toString()), ['hostname']);
    await act(ok.api)(CHAT, 'send', undefined, '');
    const refused = await waitFor(async () => ((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.find((l) => l.status === 'failed'), 'the outside file marked failed');
    assert.ok(refused);
    assert.equal(ok.server.uploadCount, 0, describeRequests(ok.server.requests));
    assert.deepEqual(ok.api.outboxItems(), [], 'nothing to retry: it was refused before sending');
  });

  it('a drop that leads out of the workspace by ".." or by a symlink is refused and nothing is uploaded; a workspace file next to them still goes', async () => {
    const outside = fs.mkdtempSync(path.join(path.dirname(workspaceDir()), 'outside-'));
    const secret = path.join(outside, 'id_rsa');
    fs.writeFileSync(secret, 'секрет\n');
    const link = path.join(workspaceDir(), 'link-out.txt');
    fs.rmSync(link, { force: true });
    fs.symlinkSync(secret, link);
    try {
      await runCommand('okChat.openConversation', { chatId: CHAT });
      await shown(ok.api, 10);
      ok.server.requests.length = 0;
      const failedLines = async () => ((await act(ok.api)(CHAT, 'summary')) as PageSummary).lines.filter((l) => l.status === 'failed');
      // <workspace>/../outside-…/id_rsa: the URI starts with the workspace folder's path
      const dotted = `${vscode.Uri.file(workspaceDir()).toString()}/../${path.basename(outside)}/id_rsa`;
      assert.deepEqual(await act(ok.api)(CHAT, 'drop', dotted), ['id_rsa']);
      await act(ok.api)(CHAT, 'send', undefined, '');
      await waitFor(async () => (await failedLines()).length === 1, 'the ".." drop marked failed');
      assert.deepEqual(await act(ok.api)(CHAT, 'drop', vscode.Uri.file(link).toString()), ['link-out.txt']);
      await act(ok.api)(CHAT, 'send', undefined, '');
      const failed = await waitFor(async () => ((await failedLines()).length === 2 ? failedLines() : undefined), 'the symlink drop marked failed');
      for (const f of failed) assert.match(f.statusText ?? '', /outside the open workspace folders/, 'a clear message');
      assert.equal(ok.server.uploadCount, 0, describeRequests(ok.server.requests));
      assert.deepEqual(posted(), [], 'nothing posted to the chat');
      assert.deepEqual(ok.api.outboxItems(), [], 'nothing to retry: refused before sending');

      const inside = path.join(workspaceDir(), 'inside-drop.txt');
      fs.writeFileSync(inside, 'внутри\n');
      assert.deepEqual(await act(ok.api)(CHAT, 'drop', vscode.Uri.file(inside).toString()), ['inside-drop.txt']);
      await act(ok.api)(CHAT, 'send', undefined, '');
      const sent = await waitFor(() => posted().find((m) => m.attachment), 'the workspace file to reach OK', 15_000);
      assert.equal(sent.attachment?.type, 'FILE');
      assert.equal(ok.server.uploadCount, 1);
    } finally {
      fs.rmSync(link, { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('an image from a host that is not OK\'s is not requested until its link is clicked', async () => {
    // a loopback "image host": any connection to it means the page asked for the image
    let connections = 0;
    const imageHost = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => imageHost.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(imageHost.address() as net.AddressInfo).port}/pixel.png`;
    try {
      ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { attachments: [{ type: 'IMAGE', payload: { url } }] });
      await runCommand('okChat.openConversation', { chatId: CHAT });
      const s = await shown(ok.api, 11);
      const last = s.lines.at(-1);
      assert.deepEqual(last?.images, [], 'no <img> with a source for the foreign image');
      assert.ok(s.lines.some((l) => l.images.includes('https://st.mycdn.me/res/i/ok_logo.png')), 'OK\'s own image is shown at once');
      // the page is done with its images (OK's loaded or failed): the foreign one was not among them
      const settled = (await act(ok.api)(CHAT, 'imagesSettled')) as number;
      assert.ok(settled >= 1, `the page's images: ${settled} (-1: still loading after 10 s)`);
      assert.equal(connections, 0, 'the foreign image was requested before any click');
      assert.equal(await act(ok.api)(CHAT, 'loadImage', '0'), true, 'a link "image from 127.0.0.1" to click');
      await waitFor(() => connections > 0, 'the image to be requested after the click');
      const after = (await act(ok.api)(CHAT, 'summary')) as PageSummary;
      assert.deepEqual(after.lines.at(-1)?.images, [url]);
    } finally {
      await new Promise((resolve) => imageHost.close(resolve));
    }
  });

  /** The saved chat's row description in the Chats view. */
  function rowDescription(chatId: string): string {
    const node = ok.api.tree.getChildren().find((n) => (n as { chatId?: string }).chatId === chatId);
    assert.ok(node, `no row for ${chatId}`);
    return String(ok.api.tree.getTreeItem(node).description ?? '');
  }
  const reads = () => ok.server.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/me/messages/${CHAT}`));

  it('opening a chat with unread messages marks it seen on OK, and its count drops', async () => {
    ok.api.setConversationPollMs(200);
    await runCommand('okChat.addChat', { chatId: CHAT });
    const t = Date.now() + 1000;
    ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'посмотри PR', time: t });
    ok.server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'и ещё один', time: t + 1 });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 2 });
    assert.match(rowDescription(CHAT), /2 new/);
    ok.server.requests.length = 0;
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 12);
    await waitFor(() => !/new/.test(rowDescription(CHAT)), () => `the count to drop (the row says "${rowDescription(CHAT)}")`);
    const marks = () => ok.server.requests.filter((r) => r.method === 'POST' && (r.body as { sender_action?: unknown } | undefined)?.sender_action === 'mark_seen');
    assert.equal(marks().length, 1, describeRequests(ok.server.requests));
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 0 });
    // a teammate's message shown by the open panel is seen too
    ok.server.postAsMember(CHAT, SEED_MEMBERS[2], { text: 'готово', time: t + 2 });
    await waitFor(() => marks().length === 2, () => `a second mark_seen after the new message:\n${describeRequests(ok.server.requests)}`, 10_000);
    // once OK's answer is in, the count read from OK stays 0
    let last: Record<string, number> = {};
    await waitFor(async () => (last = await runCommand('okChat.refreshUnread', {}))[CHAT] === 0, () => `the count to be 0 (it is ${JSON.stringify(last)})`);
  });

  it('a visible panel polls, backs off while reads fail, and stops when hidden or closed', async () => {
    ok.api.setConversationPollMs(100);
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await shown(ok.api, 10);
    await waitFor(() => reads().length >= 3, 'the panel to poll every 100 ms');

    // every read refused: the waits double (200, 400, 800 ms…; the schedule itself: test/unit/panelPoll.test.ts).
    // A read starts at least its wait after the answer to the one before, which came after that one reached OK.
    ok.server.injectFault({ kind: 'ok-error', code: 100, msg: 'PARAM : not now' }, { method: 'GET', path: `/me/messages/${CHAT}`, times: 1000 });
    ok.server.requests.length = 0; // every read from now on is refused
    const times = await waitFor(() => (reads().length >= 4 ? reads().map((r) => r.time) : undefined), () => `four refused reads (${reads().length} so far)`, 10_000);
    const gaps = times.slice(1, 4).map((t, i) => t - times[i]);
    gaps.forEach((gap, i) => assert.ok(gap >= 200 * 2 ** i - 2, `the waits double from 200 ms: ${gaps.join(', ')} ms`));

    // hidden behind a text editor in the same group: no read planned, none made
    ok.server.clearFaults();
    let from = ok.api.conversationPolls().length;
    const doc = await fileNamed('hides the panel');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active });
    const hidden = await hiddenPanelPlansNoRead(ok.api, from);
    const readsWhileHidden = () => reads().filter((r) => r.time > hidden.time);
    assert.deepEqual(readsWhileHidden(), [], `hidden, it read:\n${describeRequests(ok.server.requests)}`);

    // shown again: reads at once (not after the long wait), then every 100 ms again
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await waitFor(() => readsWhileHidden().length >= 3, () => `reads after the panel was shown again:\n${describeRequests(ok.server.requests.filter((r) => r.time > hidden.time))}`, 15_000);
    // the first read after it was shown again was planned at once, not after the back-off's wait
    const again = ok.api.conversationPolls().find((d) => d.chatId === CHAT && d.visible && d.at !== undefined && d.time > hidden.time);
    assert.ok(again && again.at !== undefined && again.at - again.time < 50, `the first read planned after showing: ${JSON.stringify(again)}`);

    // closed: the panel says so, plans nothing more, and reads nothing after
    from = ok.api.conversationPolls().length;
    await closeAll();
    const closed = await waitFor(() => ok.api.conversationPolls().slice(from).find((d) => d.chatId === CHAT && d.closed), 'the closed panel\'s last decision');
    assert.equal(closed.at, undefined);
    const planned = ok.api.conversationPolls().slice(from).filter((d) => d.chatId === CHAT && d.at !== undefined && d.time >= closed.time);
    assert.deepEqual(planned, [], 'a read planned after the panel was closed');
    assert.deepEqual(reads().filter((r) => r.time > closed.time), [], `closed, it read:\n${describeRequests(ok.server.requests)}`);
  });
});
