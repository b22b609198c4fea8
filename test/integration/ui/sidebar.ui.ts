// UI test: drives the real VS Code workbench in headless Chromium like a user would, against
// the seeded fake OK server (see runInServer.ts, suites.json kind "ui", harness.ts).
//
//   npm run build && npx tsc -p tsconfig.test.json && node out/test/integration/runInServer.js ui
//
// 1. sets the access token through the command palette and its password input box;
// 2. opens the OK Chat side bar and adds chats with the welcome view's "Add Chats from the
//    Group…" button (multi-select quick pick); the rows show members and last activity;
// 3. renames a chat from the tree item's context menu (checks the exact request OK got);
// 4. sends a message with the tree item's inline "Send Message…" action;
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
//   ("Chat <title>, id <short id>"), not by visible text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { SEED_CHAT_IDS, SEED_GROUP_NAME } from '../../fake-ok/server';
import { readmeShot, SCREENSHOT_SETTINGS, type UiContext, type UiSetup } from './harness';
import { setTokenFromPalette } from './tokenBox';
import { hidden, reEscape, until, visible, Workbench } from './workbench';

const VIEW = 'Chats'; // the okChat.chats view's name = its tree's aria-label
const BACKEND = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600 "Backend"
const EXTRA_CHAT = { chat_id: 'chat:C7a11e5c0de01', title: 'Payments on-call' };
// Headless Chromium here has no emoji font ("Frontend 🚀" would show a box in the screenshots),
// so that one stays unpicked: it also checks that only the checked chats are added.
const PICKED = ['Backend', 'Payments on-call', 'Релизы'];
const NOT_PICKED = 'Frontend';
const NEW_TITLE = 'Backend · API';
const MESSAGE = 'payments-service 2.4.1 is deployed: refunds now go through the new ledger.';

/** The accessible name of a chat row (ChatNode.accessibilityInformation: "Chat {title}, id {short id}"). */
function chatRowName(title: string): RegExp {
  return new RegExp(`^Chat ${reEscape(title)}, id `);
}

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
    const tip = await wb.tooltipOf(backend, 'Members: 3', 'the tooltip of the Backend row');
    assert.match((await tip.textContent()) ?? '', /chat:C3ecb9d02a600.*Members: 3.*Last activity: .* ago.*Click to send a message/s);
    assert.doesNotMatch((await tip.textContent()) ?? '', /ACTIVE/);
    await page.mouse.move(700, 400);
    await hidden(page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Members: 3' }), 'the tooltip');
  });

  await ctx.step('opens a file of the workspace with Quick Open', async () => {
    await wb.quickOpen('refunds.py');
  });

  await ctx.step(`renames "Backend" from its context menu to "${NEW_TITLE}"`, async () => {
    const row = await visible(wb.treeRow(VIEW, chatRowName('Backend')), 'the "Backend" row');
    const entry = await wb.openContextMenu(row, 'Rename Chat on OK');
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
    await wb.inputBox('Send Message');
    await page.keyboard.type(MESSAGE);
    await readmeShot(page, ctx, 'send-flow.png');
    await page.keyboard.press('Enter');
    const sent = await until(() => fake.messages.find((m) => m.chat_id === BACKEND && m.text === MESSAGE), 'the fake OK server to store the message');
    assert.equal(sent.chat_id, BACKEND);
    await visible(page.locator('.part.statusbar', { hasText: `Sent to ${NEW_TITLE}.` }), `the status bar to say "Sent to ${NEW_TITLE}."`);
    assert.equal(fake.messages.filter((m) => m.text === MESSAGE).length, 1, 'the message should be sent exactly once');
  });

  await ctx.step('posts a failed build task to the chat and shows it in the status bar', async () => {
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
    await readmeShot(page, ctx, 'sidebar.png');
  });
}
