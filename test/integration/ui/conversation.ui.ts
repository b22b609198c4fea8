// UI test of the conversation view in the real workbench (see harness.ts, suites.json "conversation"):
//
//   npm run build && npx tsc -p tsconfig.test.json && node out/test/integration/runInServer.js conversation
//
// 1. sets the token and saves the chat "Backend"; opens its conversation with the row's inline button;
// 2. the page shows the demo history (the payload that looks like HTML as text); typing goes into the
//    composer at once (it has the focus), which has Send and attach buttons; a reply is written
//    with the keyboard (Reply, type, Enter) and reaches OK with reply_to;
// 3. takes the README screenshots media/screenshots/conversation-dark.png and -light.png (with
//    OK_CHAT_UPDATE_SCREENSHOTS=1), switching the colour theme with Preferences: Color Theme;
// 4. a draft is typed, a file is opened in the same group with Quick Open (VS Code drops the hidden
//    page), a teammate writes meanwhile; the conversation's tab clicked again shows the history,
//    the new message and the draft;
// 5. closed, two teammates write, the unread counts are refreshed: opened again, the chat shows a
//    "New messages" line above the first of them, in view (media/screenshots/conversation-unread.png).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { SEED_CHAT_IDS, SEED_GROUP_NAME } from '../../fake-ok/server';
import { SEED_MEMBERS } from '../../fake-ok/seedHistory';
import { readmeShot, SCREENSHOT_SETTINGS, type UiContext, type UiSetup } from './harness';
import { setTokenFromPalette } from './tokenBox';
import { chatRowName, hidden, until, visible, Workbench } from './workbench';

const BACKEND = SEED_CHAT_IDS[0];

export function prepare(setup: UiSetup): void {
  Object.assign(setup.userSettings, {
    ...SCREENSHOT_SETTINGS,
  });
  fs.writeFileSync(path.join(setup.workspace, 'RELEASE.md'), '# Release 2.4.1\n\n- deploy at 18:00\n');
}

/** The editor area (the panel), at most 640 × 480 from its bottom (the newest messages and the composer), as a README screenshot. */
async function editorShot(page: Page, ctx: UiContext, name: string): Promise<void> {
  const editors = await page.locator('.part.editor').boundingBox();
  assert.ok(editors, 'the editor area has no size');
  const height = Math.min(editors.height, 480);
  await readmeShot(page, ctx, name, { x: editors.x, y: editors.y + editors.height - height, width: Math.min(editors.width, 640), height });
}

export async function run(page: Page, ctx: UiContext): Promise<void> {
  const wb = new Workbench(page);
  const fake = ctx.fake;
  const view = wb.webviewPage();

  await ctx.step('sets the token, saves "Backend" and opens its conversation from the Chats view', async () => {
    await page.setViewportSize({ width: 1100, height: 700 });
    await wb.ready('OK Chat');
    await setTokenFromPalette(wb, fake.token, SEED_GROUP_NAME);
    await wb.openViewContainer('OK Chat');
    await wb.addChatsFromGroup(['Backend']);
    const row = await visible(wb.treeRow('Chats', chatRowName('Backend')), 'Backend in the Chats view');
    await wb.inlineAction(row, 'Open Conversation');
  });

  await ctx.step('the page shows the history; the payload that looks like HTML is text', async () => {
    await visible(view.locator('li.line', { hasText: 'Привет! Сборка 2.4.1 готова?' }), 'the seeded question', 30_000);
    await visible(view.locator('.text', { hasText: '<img src=x onerror=alert(1)>' }), 'the payload as text');
    assert.equal(await view.locator('li.line .text img').count(), 0, 'no element made from message text');
    await visible(view.locator('.snippet .snippet-lang', { hasText: 'TypeScript' }), 'the snippet with its language');
  });

  await ctx.step('the composer has the focus: typing goes into it; Send and attach buttons beside it; one sender\'s messages grouped', async () => {
    await page.keyboard.type('набрано сразу');
    await until(async () => ((await view.locator('#input').inputValue()) === 'набрано сразу' ? true : undefined), 'the typed text in the composer');
    await view.locator('#input').fill('');
    await visible(view.getByRole('button', { name: 'Send', exact: true }), 'the Send button');
    await visible(view.getByRole('button', { name: 'Attach Files…' }), 'the attach button');
    // Анна's "Да, выкладываю в 18:00" and, a minute later, "Деплой в 18:30": her name once
    await visible(view.locator('li.line.cont', { hasText: 'Деплой в 18:30' }), 'the second message of Анна\'s group');
    assert.equal(await view.locator('#log').getAttribute('aria-live'), null, 'the message list is no live region');
  });

  await ctx.step('Reply, type and Enter: the answer reaches OK with reply_to and shows as ours', async () => {
    const question = view.locator('li.line', { hasText: 'Привет! Сборка 2.4.1 готова?' }).first(); // the answer quotes it
    await question.hover();
    await question.getByRole('button', { name: /^Reply/ }).click();
    await visible(view.locator('#replyBar:not([hidden])'), 'the reply bar');
    await view.locator('#input').pressSequentially('Готова, выкладываю в 18:00');
    await view.locator('#input').press('Enter');
    const sent = await until(() => fake.messages.find((m) => m.chat_id === BACKEND && m.text === 'Готова, выкладываю в 18:00'), 'the reply to reach OK', 30_000);
    assert.ok(sent.reply_to, 'sent as a reply');
    await visible(view.locator('li.line.ours:not(.pending)', { hasText: 'Готова, выкладываю в 18:00' }), 'the reply shown as ours, sent');
  });

  await ctx.step('screenshots the conversation in the dark and the light theme', async () => {
    // the editor area about 640 × 480: the panel alone, small enough for the README
    await page.setViewportSize({ width: 975, height: 560 });
    await page.mouse.move(970, 555);
    await page.waitForTimeout(500);
    await editorShot(page, ctx, 'conversation-dark.png');
    // the palette from the workbench (not from inside the webview, which keeps F1 to itself at times)
    await wb.focusWorkbench();
    await wb.commandPalette('Preferences: Color Theme');
    await (await visible(wb.quickInput.locator('.monaco-list-row', { hasText: /^Preferences: Color Theme/ }), 'Preferences: Color Theme')).click();
    await (await visible(wb.quickInput.locator('.monaco-list-row', { hasText: /^Light Modern/ }), 'Light Modern ("Default Light Modern") in the picker')).click();
    await wb.quickInputClosed('the theme picker to close');
    await until(async () => /(^|\s)vs(\s|$)/.test((await page.locator('.monaco-workbench').getAttribute('class')) ?? '') || undefined, 'the light theme', 20_000);
    await page.mouse.move(970, 555);
    await page.waitForTimeout(800);
    await editorShot(page, ctx, 'conversation-light.png');
  });

  await ctx.step('a file opened in the same group and the tab clicked again: the history, what a teammate wrote meanwhile, and the draft', async () => {
    const draft = 'Черновик: проверю логи и отвечу';
    const meanwhile = 'Пока тебя не было: откат не нужен';
    await page.locator('.part.editor .tab', { hasText: 'Backend' }).click();
    await view.locator('#input').click();
    await view.locator('#input').pressSequentially(draft);
    await wb.quickOpen('RELEASE.md');
    await hidden(view.locator('#input'), 'the conversation page to be hidden');
    fake.postAsMember(BACKEND, SEED_MEMBERS[2], { text: meanwhile });
    await page.locator('.part.editor .tab', { hasText: 'Backend' }).click();
    await visible(view.locator('li.line', { hasText: meanwhile }), 'the message that came meanwhile', 30_000);
    await visible(view.locator('li.line', { hasText: 'Привет! Сборка 2.4.1 готова?' }), 'the history');
    await visible(view.locator('li.line.ours', { hasText: 'Готова, выкладываю в 18:00' }), 'the reply sent before');
    assert.equal(await view.locator('#input').inputValue(), draft, 'the draft');
    assert.equal(await view.locator('li.line', { hasText: meanwhile }).count(), 1, 'the new message once');
  });

  await ctx.step('closed, teammates write, counts refreshed; opened again it shows "New messages" above the first unread message, in view', async () => {
    await page.locator('.part.editor .tab', { hasText: 'Backend' }).click();
    await page.keyboard.press('Control+W');
    await hidden(view.locator('#input'), 'the conversation to be closed');
    const now = Date.now();
    fake.postAsMember(BACKEND, SEED_MEMBERS[0], { text: 'Ревью готово, два замечания', time: now + 1000 });
    fake.postAsMember(BACKEND, SEED_MEMBERS[1], { text: 'Поправил, смотрите', time: now + 2000 });
    await wb.runCommand('OK Chat: Refresh Unread Counts');
    const row = await visible(wb.treeRow('Chats', chatRowName('Backend')).filter({ hasText: '2' }), 'Backend with 2 unread messages', 30_000);
    await wb.inlineAction(row, 'Open Conversation');
    const divider = await visible(view.locator('li.divider'), 'the "New messages" line', 30_000);
    assert.equal(await view.locator('li.divider + li.line .text').first().textContent(), 'Ревью готово, два замечания', 'the line is above the first unread message');
    const box = await divider.boundingBox();
    const scroller = await view.locator('#scroller').boundingBox();
    const inView = box !== null && scroller !== null && box.y >= scroller.y && box.y + box.height <= scroller.y + scroller.height;
    assert.equal(inView, true, 'the page is scrolled to the "New messages" line');
    await page.mouse.move(970, 555);
    await editorShot(page, ctx, 'conversation-unread.png');
  });
}
