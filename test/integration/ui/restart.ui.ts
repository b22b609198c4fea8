// UI test: the extension host dies mid-send, and OK asks to wait (see harness.ts, suites.json "restart").
//
//   npm run build && npx tsc -p tsconfig.test.json && node out/test/integration/runInServer.js restart
//
// 1. with a token and a saved chat, its conversation open, "Developer: Reload Window" brings the
//    conversation back in its tab (restored by its serializer), and it shows the chat once the
//    token is set again;
// 2. a message is sent from the command palette while the fake OK
//    server holds the POST (it has stored the message, the answer never comes);
// 3. the extension host process is killed (SIGKILL) while the POST is in flight; "Developer: Reload
//    Window" then starts a new one (checked by process id: the old one is gone, a new one runs).
//    The web workbench has no "Developer: Restart Extension Host" command, and does not restart
//    a killed remote extension host by itself; a kill is the harder case anyway: nothing runs in
//    the old process after it;
// 4. the new extension host lists the message in the Outbox as "may have been sent", its text
//    intact; Retry asks first: dismissed, nothing is sent; confirmed, OK gets the same text;
//    Enter there takes "Open Chat" (the default): the conversation opens, nothing is sent;
// 5. a send OK refuses with Retry-After: 30 shows "OK asked to wait — retrying in N s…" in its
//    progress notification, counting down; Cancel ends it at once, the message stays in the
//    Outbox as not sent, and nothing is sent after the Cancel (nor on its own: the user cancelled);
// 6. the Outbox row comes after the chat; its "Retry All" sends the message, and the row goes
//    without moving the chat's row.
//
// Linux only (the extension host processes are found in /proc).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { SEED_CHAT_IDS, SEED_GROUP_NAME, type RecordedRequest } from '../../fake-ok/server';
import type { UiContext } from './harness';
import { setTokenFromPalette } from './tokenBox';
import { chatRowName, hidden, reEscape, until, visible, Workbench } from './workbench';

const VIEW = 'Chats';
const BACKEND = SEED_CHAT_IDS[0];
const POST = { method: 'POST', path: '/me/messages/' };
// one line (the input box has one); longer than the row's label, which shows its first 57 characters
const TEXT = 'Релиз 2.4.1 в 18:00 — «не трогайте» staging; план: миграции → кэш → трафик 10 % / 50 % / 100 %; откат: ./rollback.sh "2.4.0" && echo $? 🙏';
const LABEL = `${TEXT.slice(0, 57)}…`;
const WAITED = 'Deploy window moved to 19:00 (OK rate limit test)';

/**
 * The extension host processes of this suite's VS Code server: `--type=extensionHost` in the
 * command line, and this suite's results folder in the environment (runInServer sets
 * OK_CHAT_TEST_RESULTS for the server, which its extension hosts inherit).
 */
function extensionHostPids(results: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes('--type=extensionHost')) continue;
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.includes(`OK_CHAT_TEST_RESULTS=${results}`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

function isPost(r: RecordedRequest, text: string): boolean {
  const body = r.body as { message?: { text?: string } } | undefined;
  return r.method === 'POST' && r.path === `/graph/me/messages/${BACKEND}` && body?.message?.text === text;
}

/** Sends `text` to Backend with "OK Chat: Send Message…" from the command palette. */
async function sendFromPalette(wb: Workbench, text: string): Promise<void> {
  await wb.runCommand('OK Chat: Send Message…');
  // the chat first, then the box titled with it
  await (await visible(wb.quickPickRow('Backend'), 'the chat picker with Backend')).click();
  const box = await wb.inputBox('Message to Backend');
  await box.fill(text);
  await wb.page.keyboard.press('Enter');
}

/** The modal dialog VS Code shows for a modal warning (the web workbench draws it in the page). */
function dialog(page: Page, text: string) {
  return page.locator('.monaco-dialog-box', { hasText: text });
}

export async function run(page: Page, ctx: UiContext): Promise<void> {
  const wb = new Workbench(page);
  const fake = ctx.fake;
  const outboxRow = (label: string) => wb.treeRow(VIEW, new RegExp(`^Unsent message to Backend: ${reEscape(label)}$`));
  let firstHost = 0;
  const setToken = () => setTokenFromPalette(wb, fake.token, SEED_GROUP_NAME);

  const QUESTION = 'Привет! Сборка 2.4.1 готова?'; // in the fake server's history of Backend
  const DRAFT = 'Черновик: проверю после перезагрузки';

  await ctx.step('sets the token, saves the chat Backend and opens its conversation', async () => {
    await wb.ready('OK Chat');
    await setToken();
    await wb.openViewContainer('OK Chat');
    await wb.addChatsFromGroup(['Backend']);
    const backend = await visible(wb.treeRow(VIEW, chatRowName('Backend')), 'Backend in the Chats view');
    await wb.inlineAction(backend, 'Open Conversation');
    await visible(wb.webviewPage().locator('li.line', { hasText: QUESTION }), 'the conversation of Backend', 30_000);
    // a draft typed in the composer, not sent
    await wb.webviewPage().locator('#input').pressSequentially(DRAFT);
  });

  await ctx.step('after "Developer: Reload Window" the conversation is back in its tab, and shows the chat once the token is set', async () => {
    await wb.reloadWindow('OK Chat');
    // restored by the serializer with its chat id
    await visible(page.locator('.tabs-container .tab', { hasText: 'Backend' }), 'the tab of the Backend conversation after the reload', 30_000);
    // its page has loaded and says why it shows nothing, in words for a person: the focus has settled
    await visible(wb.webviewPage().locator('#notice', { hasText: 'Set the access token to read this chat.' }), 'the restored page to say the token is needed', 60_000);
    await visible(wb.webviewPage().locator('#noticeAction', { hasText: 'Set Token' }), 'the notice\'s Set Token button');
    // the page built again keeps the draft
    assert.equal(await wb.webviewPage().locator('#input').inputValue(), DRAFT, 'the draft in the composer after the reload');
    // The web workbench keeps extensions' secrets in memory only: the token is set again, and the
    // restored page, which could not load without it, loads at once.
    await setToken();
    await visible(wb.webviewPage().locator('li.line', { hasText: QUESTION }), 'the restored conversation to show the history', 30_000);
    // closed again: the steps below work in the side bar and the palette, as a user without it open would
    await wb.runCommand('View: Close All Editors');
    await hidden(page.locator('.tabs-container .tab', { hasText: 'Backend' }), 'the conversation tab to close');
    const hosts = await until(() => {
      const pids = extensionHostPids(ctx.results);
      return pids.length === 1 ? pids : undefined;
    }, 'one extension host process for this workbench', 30_000);
    firstHost = hosts[0];
    ctx.log(`extension host pid ${firstHost}`);
  });

  await ctx.step('a message goes out from the command palette; OK stores it but its answer never comes', async () => {
    // OK applies the message, then holds the answer (longer than this suite runs)
    fake.injectFault({ kind: 'delay', ms: 15 * 60_000, afterHandling: true }, POST);
    await sendFromPalette(wb, TEXT);
    await until(() => fake.requests.find((r) => isPost(r, TEXT)), 'the fake OK server to receive the POST with the message', 15_000);
    assert.equal(fake.messages.filter((m) => m.text === TEXT).length, 1, 'OK has the message once');
    // the progress of the send is running; nothing is listed as unsent yet
    await page.waitForTimeout(500);
    assert.equal(await outboxRow(LABEL).count(), 0, 'a send still running is not listed in the Outbox');
  });

  await ctx.step('the extension host process is killed mid-send; after "Developer: Reload Window" a new one runs', async () => {
    // SIGKILL: the process ends at once, nothing in it runs any more (no deactivate, no last write)
    process.kill(firstHost, 'SIGKILL');
    await until(() => !fs.existsSync(`/proc/${firstHost}`), `the extension host ${firstHost} to end`, 10_000);
    // The web workbench cannot reconnect to a dead extension host and starts none by itself;
    // reloading the window (what it offers then) starts a new one.
    await wb.reloadWindow('OK Chat');
    const next = await until(
      () => {
        const pids = extensionHostPids(ctx.results);
        return pids.length === 1 && pids[0] !== firstHost ? pids[0] : undefined;
      },
      'a new extension host to run',
      60_000,
    );
    ctx.log(`extension host pid ${firstHost} killed; after the reload pid ${next}`);
  });

  await ctx.step('after the restart the Outbox lists the message as "may have been sent", its text intact', async () => {
    // the reloaded window shows the side bar as it was: OK Chat
    await visible(wb.sidebar.locator('.composite.title h2', { hasText: /^OK Chat/ }), 'the OK Chat side bar after the reload');
    const row = await visible(outboxRow(LABEL), 'the message in the Outbox after the restart', 60_000);
    await visible(wb.tree(VIEW).locator('.monaco-list-row .label-name', { hasText: /^Outbox \(1\)$/ }), 'the Outbox with one message');
    await visible(page.locator('.part.activitybar .badge[aria-label="OK Chat - 1 unsent messages"]'), 'the activity bar badge "1 unsent messages"');
    assert.equal((await row.locator('.label-name').textContent())?.trim(), LABEL, 'the row shows the start of the message');
    assert.match((await row.locator('.label-description').textContent()) ?? '', /· may have been sent$/);
    assert.equal(await row.locator('.codicon-question').count(), 1, 'the "may have been sent" icon');
    const tip = await wb.tooltipOf(row, 'May have been sent', 'the row\'s tooltip');
    const tipText = (await tip.textContent()) ?? '';
    assert.match(tipText, /May have been sent to Backend .*Check the chat before retrying/s);
    assert.match(tipText, /VS Code stopped while this message was being sent/);
    await page.mouse.move(700, 400);
    await hidden(tip, 'the tooltip');
    await page.screenshot({ path: `${ctx.results}/may-have-been-sent.png` });
  });

  await ctx.step('Retry asks first: dismissed, nothing is sent; confirmed, OK gets the text exactly as typed', async () => {
    // The web workbench keeps extensions' secrets in memory only (desktop VS Code keeps them in
    // the OS keychain): after the reload the token must be set again.
    await setToken();
    const posts = () => fake.requests.filter((r) => isPost(r, TEXT)).length;
    assert.equal(posts(), 1);
    await wb.inlineAction(await visible(outboxRow(LABEL), 'the Outbox row'), 'Retry Sending');
    let ask = await visible(dialog(page, 'This message may have been sent.'), 'Retry to ask "This message may have been sent."');
    assert.match((await ask.textContent()) ?? '', /check the chat before retrying/);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await hidden(ask, 'the question');
    await page.waitForTimeout(1500);
    assert.equal(posts(), 1, 'dismissing the question sent the message again');
    await visible(outboxRow(LABEL), 'the message still in the Outbox');

    // Enter takes the default button, "Open Chat": the conversation opens to check, nothing is sent
    await wb.inlineAction(await visible(outboxRow(LABEL), 'the Outbox row'), 'Retry Sending');
    ask = await visible(dialog(page, 'This message may have been sent.'), 'the question again');
    // the platform places the buttons (on Linux the default one on the right); the default, the one not secondary, is "Open Chat"
    const buttons = (await ask.locator('.dialog-buttons .monaco-button').allTextContents()).map((t) => t.trim());
    assert.deepEqual([...buttons].sort(), ['Cancel', 'It Arrived — Discard', 'Open Chat', 'Send Again'], 'the buttons');
    assert.deepEqual((await ask.locator('.dialog-buttons .monaco-button:not(.secondary)').allTextContents()).map((t) => t.trim()), ['Open Chat'], 'the default button');
    await page.screenshot({ path: `${ctx.results}/may-have-been-sent-dialog.png` });
    await wb.focused(ask.getByRole('button', { name: 'Open Chat' }), 'the default button "Open Chat"');
    await page.keyboard.press('Enter');
    await hidden(ask, 'the question, answered with Enter');
    await visible(page.locator('.tabs-container .tab', { hasText: 'Backend' }), 'Enter to open the conversation of Backend', 15_000);
    await visible(wb.webviewPage().locator('li.line', { hasText: QUESTION }), 'the conversation to show the chat', 30_000);
    await page.waitForTimeout(1500);
    assert.equal(posts(), 1, 'Enter in "may have been sent" sent the message again');
    await visible(outboxRow(LABEL), 'the message still in the Outbox after Enter');
    await wb.runCommand('View: Close All Editors');
    await hidden(page.locator('.tabs-container .tab', { hasText: 'Backend' }), 'the conversation tab to close');

    await wb.inlineAction(await visible(outboxRow(LABEL), 'the Outbox row'), 'Retry Sending');
    ask = await visible(dialog(page, 'This message may have been sent.'), 'the question once more');
    await ask.getByRole('button', { name: 'Send Again' }).click();
    // the text went through the Outbox record across the restart: every character as typed
    await until(() => posts() === 2, 'OK to receive the message again after "Send Again"', 15_000);
    assert.equal(fake.messages.filter((m) => m.text === TEXT).length, 2, 'sent again once, as the user confirmed');
    await hidden(outboxRow(LABEL), 'the message to leave the Outbox once sent');
    await visible(page.locator('.part.statusbar', { hasText: 'Sent to Backend.' }), 'the status bar to say "Sent to Backend."');
    // the notification's "Open" shows the message in its conversation
    // (the test workbench shows no toasts: notifications are in the notification center)
    await wb.runCommand('Notifications: Show Notifications');
    const sent = await visible(page.locator('.notifications-center .notification-list-item', { hasText: 'Sent to Backend.' }), 'the notification "Sent to Backend."');
    await sent.getByRole('button', { name: 'Open' }).click();
    await visible(page.locator('.tabs-container .tab', { hasText: 'Backend' }), '"Open" to open the conversation of Backend', 15_000);
    await visible(wb.webviewPage().locator('li.line', { hasText: TEXT }).first(), 'the conversation to show the message sent', 30_000);
    await wb.clearNotifications();
    await wb.runCommand('View: Close All Editors');
    await hidden(page.locator('.tabs-container .tab', { hasText: 'Backend' }), 'the conversation tab to close');
  });

  await ctx.step('OK asks to wait 30 s: the progress counts down; Cancel stops the wait at once and keeps the message as not sent', async () => {
    fake.injectFault({ kind: 'status', status: 429, body: '{"error_code":8,"error_msg":"FLOOD_BLOCKED : Too many requests"}', headers: { 'retry-after': '30' } }, POST);
    await sendFromPalette(wb, WAITED);
    await until(() => fake.requests.find((r) => isPost(r, WAITED)), 'the POST OK refuses', 15_000);
    await wb.runCommand('Notifications: Show Notifications');
    const waitRe = /OK asked to wait — retrying in (\d+) s…/;
    const progress = await visible(page.locator('.notifications-center .notification-list-item', { hasText: waitRe }), 'the send\'s progress to say OK asked to wait');
    const seconds = async (): Promise<number> => Number(waitRe.exec((await progress.textContent()) ?? '')?.[1]);
    const first = await seconds();
    assert.ok(first <= 30 && first >= 10, `${first} s left of OK's 30 s`);
    assert.match((await progress.textContent()) ?? '', /Sending to Backend…/);
    const later = await until(async () => {
      const n = await seconds();
      return n < first ? n : undefined;
    }, 'the seconds left to count down', 5000);
    ctx.log(`shown: ${first} s, then ${later} s`);
    await page.screenshot({ path: `${ctx.results}/retry-after-wait.png` });

    const cancelled = Date.now();
    await progress.getByRole('button', { name: 'Cancel' }).click();
    const row = await visible(outboxRow(WAITED), 'the message in the Outbox after Cancel', 10_000);
    const tookMs = Date.now() - cancelled;
    ctx.log(`Cancel → message listed in the Outbox: ${tookMs} ms`);
    // at once: long before the wait would have ended (a cancel that only stopped the progress would
    // leave the message waiting for the rest of OK's 30 s)
    assert.ok(tookMs < later * 1000, `Cancel took ${tookMs} ms to end the send, with ${later} s of the wait left`);
    assert.equal(fake.requests.filter((r) => isPost(r, WAITED)).length, 1, 'sent again after Cancel');
    await hidden(page.locator('.notification-list-item', { hasText: waitRe }), 'the progress notification');
    assert.equal(await row.locator('.codicon-warning').count(), 1, 'the "not sent" icon');
    assert.doesNotMatch((await row.locator('.label-description').textContent()) ?? '', /may have been sent/);
    await wb.expectNotification('Not sent: OK is limiting how fast messages can be sent and asks to wait 30 s.');
    // nothing goes after the Cancel (the wait would have ended 30 s after the refusal)
    await page.waitForTimeout(2000);
    assert.equal(fake.requests.filter((r) => isPost(r, WAITED)).length, 1, 'a request after Cancel');
    assert.equal(fake.messages.filter((m) => m.text === WAITED).length, 0);
  });

  await ctx.step('the Outbox row comes after the chats; its "Retry All" sends what it holds once, and the row goes without moving the chat', async () => {
    const rows = wb.tree(VIEW).locator('.monaco-list-row .label-name');
    const outbox = await visible(wb.tree(VIEW).locator('.monaco-list-row', { hasText: /Outbox \(1\)/ }), 'the Outbox row');
    assert.deepEqual((await rows.allTextContents()).map((t) => t.trim()).slice(0, 2), ['Backend', 'Outbox (1)'], 'the chat first, then the Outbox');
    const chatTop = async () => (await wb.treeRow(VIEW, chatRowName('Backend')).boundingBox())?.y;
    const before = await chatTop();
    await wb.inlineAction(outbox, 'Retry All');
    await until(() => fake.messages.filter((m) => m.text === WAITED).length === 1 || undefined, 'OK to get the message from Retry All', 15_000);
    await hidden(outboxRow(WAITED), 'the message to leave the Outbox');
    await hidden(wb.tree(VIEW).locator('.monaco-list-row', { hasText: /^Outbox/ }), 'the Outbox row to go once empty');
    assert.equal(await chatTop(), before, 'the chat row moved when the Outbox row went');
    assert.equal(fake.requests.filter((r) => isPost(r, WAITED)).length, 2, 'Retry All sent it once');
    await page.screenshot({ path: `${ctx.results}/retry-all-done.png` });
  });

}
