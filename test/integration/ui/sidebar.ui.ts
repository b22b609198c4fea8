// UI test: drives the real VS Code workbench in headless Chromium like a user would, against
// the seeded fake OK server (see runInServer.ts, suites.json kind "ui", harness.ts).
//
//   npm run build && npx tsc -p tsconfig.test.json && node out/test/integration/runInServer.js ui
//
// 1. sets the access token through the command palette and its password input box;
// 2. opens the OK Chat side bar and adds chats with the welcome view's "Add Chats from the
//    Group…" button (multi-select quick pick); the rows show members and last activity;
// 3. renames a chat from the tree item's context menu (checks the exact request OK got);
// 4. sends a message with the tree item's inline "Send Message…" action (its box names the chat);
// 5. a click on a chat opens its conversation; Add Members by typing a name; F2 renames and Delete
//    removes a row (after a confirmation); the unread count first in a 300-px-wide side bar;
// and takes the README screenshots media/screenshots/sidebar.png and send-flow.png (copies in
// the results folder, with context-menu.png).
//
// Notes for whoever changes this:
// - Notifications never show as toasts here (VS Code hides them under --enable-smoke-test-driver,
//   which the extension-development payload needs): Workbench.expectNotification looks in the
//   notification center instead.
// - In a multi-select quick pick, accept with the OK button: after clicking a checkbox, focus is
//   on it and Enter toggles it back off.
// - The tree rows are found by their accessible names, which the extension sets
//   ("Chat <title>, <description>": never the chat id), not by visible text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { SEED_CHAT_IDS, SEED_GROUP_NAME, SEED_MEMBERS } from '../../fake-ok/server';
import { readmeShot, SCREENSHOT_SETTINGS, type UiContext, type UiSetup } from './harness';
import { setTokenFromPalette } from './tokenBox';
import { chatRowName, hidden, reEscape, until, visible, Workbench } from './workbench';

const VIEW = 'Chats'; // the okChat.chats view's name = its tree's aria-label
const BACKEND = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600 "Backend"
const EXTRA_CHAT = { chat_id: 'chat:C7a11e5c0de01', title: 'Payments on-call' };
// Headless Chromium here has no emoji font ("Frontend 🚀" would show a box in the screenshots),
// so that one stays unpicked: it also checks that only the checked chats are added.
const PICKED = ['Backend', 'Payments on-call', 'Релизы'];
const NOT_PICKED = 'Frontend';
const NEW_TITLE = 'Backend · API';
const MESSAGE = 'payments-service 2.4.1 is deployed: refunds now go through the new ledger.';

const RELEASES = SEED_CHAT_IDS[2]; // "Релизы": members Анна and Вера
const RENAMED_ONCALL = 'Payments · on-call';

// Python, not TypeScript: this VS Code server build has no bundled tsserver.js, so opening a .ts
// file makes the built-in TypeScript extension log errors and retry in the background.
const REFUNDS_PY = `from dataclasses import dataclass
from decimal import Decimal

from .ledger import Ledger, LedgerEntry


@dataclass(frozen=True)
class RefundRequest:
    payment_id: str
    amount: Decimal
    reason: str  # "duplicate" | "fraud" | "customer"


def refund(ledger: Ledger, req: RefundRequest) -> LedgerEntry:
    """Refunds a captured payment; partial refunds are allowed up to the captured amount."""
    payment = ledger.payment(req.payment_id)
    if payment.captured is None:
        raise ValueError(f"payment {req.payment_id} was never captured")
    left = payment.captured - payment.refunded
    if req.amount > left:
        raise ValueError(f"cannot refund {req.amount}: only {left} left")
    return ledger.post(
        kind="refund",
        payment_id=payment.id,
        amount=-req.amount,
        memo=req.reason,
    )
`;

export function prepare(setup: UiSetup): void {
  setup.fake.addChat({ ...EXTRA_CHAT, participants: { 'user:100000000001': 1_735_700_000_000, 'user:100000000003': 1_735_700_001_000 } });
  Object.assign(setup.userSettings, {
    ...SCREENSHOT_SETTINGS,
    'editor.cursorBlinking': 'solid',
    'okChat.buildNotifications': [{ chat: BACKEND, when: 'change' }],
  });
  const vscodeDir = path.join(setup.workspace, '.vscode');
  fs.mkdirSync(vscodeDir, { recursive: true });
  fs.writeFileSync(
    path.join(vscodeDir, 'tasks.json'),
    JSON.stringify(
      {
        version: '2.0.0',
        tasks: [
          {
            label: 'build',
            type: 'shell',
            command: "echo 'Building payments-service…'; sleep 1; echo \"payments/refunds.py:21: error: Unsupported operand types for - ('Decimal' and 'None')\"; echo 'Found 1 error in 1 file'; exit 1",
            group: { kind: 'build', isDefault: true },
            problemMatcher: [],
          },
        ],
      },
      null,
      2,
    ),
  );
  const src = path.join(setup.workspace, 'payments');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, '__init__.py'), '');
  fs.writeFileSync(path.join(src, 'refunds.py'), REFUNDS_PY);
  fs.writeFileSync(path.join(src, 'ledger.py'), 'class Ledger:\n    """Double-entry ledger client."""\n');
  fs.writeFileSync(path.join(setup.workspace, 'pyproject.toml'), '[project]\nname = "payments-service"\nversion = "2.4.1"\n');
}

export async function run(page: Page, ctx: UiContext): Promise<void> {
  const wb = new Workbench(page);
  const fake = ctx.fake;

  await ctx.step('the workbench loads with "OK Chat" in the activity bar', async () => {
    await wb.ready('OK Chat');
  });

  await ctx.step('sets the access token with "OK Chat: Set Access Token" from the command palette', async () => {
    await setTokenFromPalette(wb, fake.token, SEED_GROUP_NAME, async (box) => {
      assert.equal(await box.getAttribute('type'), 'password', 'the token input box should hide what is typed');
    });
  });

  await ctx.step('adds chats with "Add Chats from the Group…" in the side bar', async () => {
    await wb.openViewContainer('OK Chat');
    const pick = await visible(wb.sidebar.getByRole('button', { name: 'Add Chats from the Group…' }), 'the welcome view button "Add Chats from the Group…" (shown once the token is set and no chat is saved)');
    await pick.click();
    await visible(wb.quickInput.locator('.quick-input-list .monaco-list-row'), "the quick pick with the group's chats");
    // each checkbox is clicked and verified checked; OK accepts (Enter would untick the last)
    await wb.acceptQuickPickRows(PICKED);
    for (const title of PICKED) await visible(wb.treeRow(VIEW, chatRowName(title)), `the chat "${title}" in the Chats tree`);
    assert.equal(await wb.tree(VIEW).getByRole('treeitem').count(), PICKED.length, 'the tree should show exactly the picked chats');
    assert.equal(await wb.treeRow(VIEW, new RegExp(`^Chat ${NOT_PICKED}`)).count(), 0, `"${NOT_PICKED}" was not picked and should not be in the tree`);
    // the row says how many members and when something last happened, not the raw id
    const backend = wb.treeRow(VIEW, chatRowName('Backend'));
    const description = (await backend.locator('.label-description').textContent()) ?? '';
    assert.match(description, /^3 members · .+ ago$/, 'the description of the Backend row');
    assert.doesNotMatch(description, /C3ecb9d02a600/, 'no raw id in the description');
    assert.doesNotMatch((await backend.getAttribute('aria-label')) ?? '', /C3ecb9d02a600/, 'no id in the spoken label');
    const tip = await wb.tooltipOf(backend, 'Last activity', 'the tooltip of the Backend row');
    assert.match((await tip.textContent()) ?? '', /chat:C3ecb9d02a600.*3 members.*Last activity: .* ago.*Click to open the conversation/s);
    assert.doesNotMatch((await tip.textContent()) ?? '', /ACTIVE/);
    await page.mouse.move(700, 400);
    await hidden(page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Last activity' }), 'the tooltip');
  });

  await ctx.step('opens a file of the workspace with Quick Open', async () => {
    await wb.quickOpen('refunds.py');
  });

  await ctx.step(`renames "Backend" from its context menu to "${NEW_TITLE}"`, async () => {
    const row = await visible(wb.treeRow(VIEW, chatRowName('Backend')), 'the "Backend" row');
    // the entry shows its key, F2 (the row is selected: the key binding's context value matches)
    const entry = await wb.openContextMenu(row, /^Rename Chat on OK… ?F2$/);
    await entry.hover();
    await page.screenshot({ path: path.join(ctx.results, 'context-menu.png') });
    await wb.chooseMenuItem(entry);
    const box = await wb.inputBox('Rename Chat on OK');
    assert.equal(await box.inputValue(), 'Backend', 'the rename box should start with the current title');
    await box.fill(NEW_TITLE);
    await page.keyboard.press('Enter');
    const req = await until(
      () => fake.requests.find((r) => r.method === 'POST' && r.path === `/graph/me/messages/${BACKEND}` && JSON.stringify(r.body).includes('chat_control')),
      `the fake OK server to receive POST /graph/me/messages/${BACKEND} with a chat_control`,
    );
    assert.deepEqual(req.body, { recipient: { chat_id: BACKEND }, chat_control: { title: NEW_TITLE } });
    await visible(wb.treeRow(VIEW, chatRowName(NEW_TITLE)), `the renamed chat "${NEW_TITLE}" in the tree`);
    assert.equal(await wb.treeRow(VIEW, chatRowName('Backend')).count(), 0, 'the old title should be gone from the tree');
    assert.equal(fake.chats.get(BACKEND)?.title, NEW_TITLE);
  });

  await ctx.step('sends a message with the inline "Send Message…" action', async () => {
    const row = await visible(wb.treeRow(VIEW, chatRowName(NEW_TITLE)), `the "${NEW_TITLE}" row`);
    await wb.inlineAction(row, 'Send Message…');
    await wb.inputBox(`Message to ${NEW_TITLE}`);
    await page.keyboard.type(MESSAGE);
    await readmeShot(page, ctx, 'send-flow.png');
    await page.keyboard.press('Enter');
    const sent = await until(() => fake.messages.find((m) => m.chat_id === BACKEND && m.text === MESSAGE), 'the fake OK server to store the message');
    assert.equal(sent.chat_id, BACKEND);
    await visible(page.locator('.part.statusbar', { hasText: `Sent to ${NEW_TITLE}.` }), `the status bar to say "Sent to ${NEW_TITLE}."`);
    assert.equal(fake.messages.filter((m) => m.text === MESSAGE).length, 1, 'the message should be sent exactly once');
  });

  await ctx.step('a click on a chat opens its conversation', async () => {
    const row = await visible(wb.treeRow(VIEW, chatRowName(NEW_TITLE)), `the "${NEW_TITLE}" row`);
    await row.click();
    await visible(page.locator('.part.editor .tab.active', { hasText: NEW_TITLE }), `the conversation's tab "${NEW_TITLE}"`);
    // the history, by the senders' names (which the people pickers learn too)
    await visible(wb.webviewPage().locator('li.line', { hasText: SEED_MEMBERS[1].name }).first(), `a message of ${SEED_MEMBERS[1].name} in the conversation`);
  });

  await ctx.step('adds a member to "Payments on-call" by typing a name', async () => {
    const row = await visible(wb.treeRow(VIEW, chatRowName(EXTRA_CHAT.title)), `the "${EXTRA_CHAT.title}" row`);
    await wb.contextMenu(row, 'Add Members…');
    const box = await wb.inputBox(`Add Members to ${EXTRA_CHAT.title}`);
    await wb.focused(box, 'the people picker');
    await box.pressSequentially('Бор');
    // Борис is not a member of Payments on-call; Анна and Вера are, so they are not offered
    await visible(wb.quickInput.locator('.monaco-list-row.focused', { hasText: SEED_MEMBERS[1].name }), `"${SEED_MEMBERS[1].name}" first in the picker`);
    await page.screenshot({ path: path.join(ctx.results, 'add-members.png') });
    await page.keyboard.press('Enter');
    const req = await until(
      () => fake.requests.find((r) => r.method === 'POST' && r.path === `/graph/me/messages/${EXTRA_CHAT.chat_id}` && JSON.stringify(r.body).includes('add_members')),
      'the fake OK server to receive add_members',
    );
    assert.deepEqual(req.body, { recipient: { chat_id: EXTRA_CHAT.chat_id }, chat_control: { add_members: [{ user_id: SEED_MEMBERS[1].user_id }] } });
    // the command ends by reading the chat again: its row is drawn anew with three members (a
    // click on the row while the tree redraws it can be lost)
    await visible(wb.treeRow(VIEW, new RegExp(`^Chat ${reEscape(EXTRA_CHAT.title)}, (.* · )?3 members`)), `the "${EXTRA_CHAT.title}" row with 3 members`);
  });

  await ctx.step('F2 renames the selected chat row; Delete removes it after asking', async () => {
    const row = await visible(wb.treeRow(VIEW, chatRowName(EXTRA_CHAT.title)), `the "${EXTRA_CHAT.title}" row`);
    await row.click(); // selects it (and opens its conversation)
    await visible(page.locator('.part.editor .tab.active', { hasText: EXTRA_CHAT.title }), `the conversation of "${EXTRA_CHAT.title}"`);
    // the page, once started, gives its composer the focus: a menu opened before that would close
    const composer = wb.webviewPage().locator('#input');
    await until(async () => ((await composer.evaluate((node: unknown) => node === (node as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement).catch(() => false)) ? true : undefined), 'the conversation\'s composer to have the focus');
    // back to the tree (the conversation took the focus): a right-click on the row and Escape
    // leave the keyboard on the row, selected
    const again = await visible(wb.treeRow(VIEW, chatRowName(EXTRA_CHAT.title)), `the "${EXTRA_CHAT.title}" row`);
    await wb.openContextMenu(again, /^Rename Chat on OK… ?F2$/);
    await page.keyboard.press('Escape');
    await hidden(page.locator('.context-view .monaco-menu'), 'the context menu');
    await page.keyboard.press('F2');
    const box = await wb.inputBox('Rename Chat on OK');
    assert.equal(await box.inputValue(), EXTRA_CHAT.title, 'F2 renames the selected row');
    await box.fill(RENAMED_ONCALL);
    await page.keyboard.press('Enter');
    await visible(wb.treeRow(VIEW, chatRowName(RENAMED_ONCALL)), `the renamed chat "${RENAMED_ONCALL}"`);
    assert.equal(fake.chats.get(EXTRA_CHAT.chat_id)?.title, RENAMED_ONCALL);
    // the input box gave the keyboard back to the tree, on the (renamed) row
    await page.keyboard.press('Delete');
    const dialog = await visible(page.locator('.monaco-dialog-box', { hasText: `Remove "${RENAMED_ONCALL}" from the list?` }), 'the confirmation of Remove from List');
    await (await visible(dialog.getByRole('button', { name: 'Remove', exact: true }), 'the dialog\'s Remove button')).click();
    await hidden(wb.treeRow(VIEW, chatRowName(RENAMED_ONCALL)), `the row "${RENAMED_ONCALL}"`);
    assert.ok(fake.chats.has(EXTRA_CHAT.chat_id), 'the chat stays on OK');
  });

  await ctx.step('unread messages show first in a row of a 300-px-wide side bar', async () => {
    const t = Date.now() + 1000;
    fake.postAsMember(RELEASES, SEED_MEMBERS[2], { text: 'Релиз 2.4.1 выкатили', time: t });
    fake.postAsMember(RELEASES, SEED_MEMBERS[0], { text: 'Проверьте возвраты', time: t + 1 });
    await wb.runCommand('OK Chat: Refresh Unread Counts');
    await setSidebarWidth(page, 300);
    const row = await visible(wb.treeRow(VIEW, /^Chat Релизы, 2 new · /), 'the Релизы row with 2 new');
    const description = row.locator('.label-description');
    assert.match((await description.textContent()) ?? '', /^2 new · 2 members · just now$/);
    // the count is drawn inside the row, not cut off by its end
    // the count is drawn inside the row, not cut off by its end ("…"): the description's first
    // characters end left of the row's right edge
    const fits = await description.evaluate((node: unknown) => {
      interface Rect { right: number; width: number }
      interface El { ownerDocument: { createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void; getBoundingClientRect(): Rect } }; firstChild: { textContent: string | null } | null; textContent: string | null; closest(sel: string): { getBoundingClientRect(): Rect } | null }
      const el = node as El;
      const range = el.ownerDocument.createRange();
      const text = el.firstChild ?? el;
      range.setStart(text, 0);
      range.setEnd(text, Math.min(5, text.textContent?.length ?? 0));
      const row = el.closest('.monaco-list-row')?.getBoundingClientRect();
      const drawn = range.getBoundingClientRect();
      return row !== undefined && drawn.width > 0 && drawn.right <= row.right - 4;
    });
    assert.ok(fits, '"2 new" is visible within the 300-px side bar');
    await page.mouse.move(700, 400);
    await page.screenshot({ path: path.join(ctx.results, 'unread-300px.png') });
  });

  await ctx.step('posts a failed build task to the chat and shows it in the status bar', async () => {
    // the file being worked on in the editor (the conversations opened above are closed), for the pictures
    await wb.runCommand('View: Close All Editors');
    await wb.quickOpen('refunds.py');
    await wb.runCommand('Tasks: Run Build Task');
    const sent = await until(
      () => fake.messages.find((m) => m.chat_id === BACKEND && (m.text ?? '').startsWith('❌')),
      'the fake OK server to receive the build notification',
      30_000,
    );
    assert.match(sent.text ?? '', /build is broken \(exit code 1\)/);
    const bell = await visible(page.getByRole('button', { name: 'OK Chat build notifications: sent' }), 'the status bar item saying "sent"');
    // icon and text tell it was sent (not "OK"), with the same time as the tooltip, no seconds
    assert.equal(await bell.locator('.codicon-check').count(), 1, 'a check mark icon');
    const text = ((await bell.textContent()) ?? '').trim();
    const time = /^OK Chat: sent (\d{1,2}:\d{2}(?:\s?[AP]M)?)$/.exec(text)?.[1];
    assert.ok(time, `the status bar text "${text}"`);
    const tip = await wb.tooltipOf(bell, 'Build notification sent to', 'the status bar tooltip');
    assert.ok(((await tip.textContent()) ?? '').includes(`Build notification sent to ${NEW_TITLE} at ${time}: ❌`), `the tooltip names the chat and the same time ${time}`);
    assert.ok((sent.text ?? '').includes(time), `the message posted says the same time ${time}`);
    await readmeShot(page, ctx, 'build-notification.png');
    await page.mouse.move(700, 400);
  });

  await ctx.step('screenshots the side bar with the saved chats', async () => {
    // right away: the "Sent to …" status bar message (part of the picture) goes after 5 s
    await page.mouse.move(700, 400); // no hover effects on the tree
    await hidden(page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Build notification sent to' }), 'the status bar tooltip');
    await readmeShot(page, ctx, 'sidebar.png');
  });
}

/** Drags the side bar's edge until the side bar is `width` px wide. */
async function setSidebarWidth(page: Page, width: number): Promise<void> {
  const bar = page.locator('.part.sidebar');
  const box = await bar.boundingBox();
  assert.ok(box, 'the side bar');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await until(async () => Math.abs(((await bar.boundingBox())?.width ?? 0) - width) <= 2 || undefined, `the side bar to be ${width} px wide`);
}
