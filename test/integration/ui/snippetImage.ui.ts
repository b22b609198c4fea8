// UI test of "Send Selection to Chat as Image" in the real workbench (see harness.ts, suites.json
// "snippet-image"):
//
//   npm run build && npx tsc -p tsconfig.test.json && node out/test/integration/runInServer.js snippet-image
//
// 1. sets the token and saves the chat "Backend" (the welcome view's "Add Chats from the Group…");
// 2. opens a file, selects lines with the keyboard and runs the command from the palette;
// 3. waits for the preview beside the editor to draw the picture (the Send button comes alive),
//    switches the line numbers off and on again inside the webview;
// 4. takes the README screenshot media/screenshots/snippet-image.png (with OK_CHAT_UPDATE_SCREENSHOTS=1);
// 5. clicks Send in the webview, picks the chat, and checks that OK got a PNG image with the
//    snippet header as caption, and that the preview closed;
// 6. a dismissed chat picker leaves the preview open; its Cancel closes it without sending.
//
// The webview's page is two frames deep: VS Code's iframe.webview, and inside it #active-frame.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { SEED_CHAT_IDS, SEED_GROUP_NAME } from '../../fake-ok/server';
import { colouredPixels, pngPixels, pngSize } from '../../helpers/pngPixels';
import { readmeShot, SCREENSHOT_SETTINGS, type UiContext, type UiSetup } from './harness';
import { setTokenFromPalette } from './tokenBox';
import { chatRowName, hidden, until, visible, Workbench } from './workbench';

const BACKEND = SEED_CHAT_IDS[0];
const FIRST_LINE = 9;
const LAST_LINE = 18;
const CAPTION = `payments/limits.py:${FIRST_LINE}-${LAST_LINE} (python)`;

const LIMITS_PY = `from dataclasses import dataclass
from decimal import Decimal

DAILY_LIMIT = Decimal("50000.00")
MAX_REFUNDS_PER_DAY = 20

# A refund over the daily limit needs a second approval.

@dataclass(frozen=True)
class Limits:
    daily: Decimal = DAILY_LIMIT
    refunds_per_day: int = MAX_REFUNDS_PER_DAY

    def allows(self, spent: Decimal, amount: Decimal, refunds: int) -> bool:
        """Whether one more refund of \`amount\` stays within today's limits."""
        if refunds >= self.refunds_per_day:
            return False
        return spent + amount <= self.daily


DEFAULT_LIMITS = Limits()
`;

export function prepare(setup: UiSetup): void {
  Object.assign(setup.userSettings, {
    ...SCREENSHOT_SETTINGS,
    'editor.cursorBlinking': 'solid',
  });
  const src = path.join(setup.workspace, 'payments');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'limits.py'), LIMITS_PY);
}

/** The page inside the preview's webview. */
function previewPage(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The editors' top, down to just below the code, as a README screenshot (the empty rest would only weigh on the package). */
async function editorShot(page: Page, ctx: UiContext, name: string): Promise<void> {
  const editors = await page.locator('.part.editor').boundingBox();
  assert.ok(editors, 'the editor area has no size');
  await readmeShot(page, ctx, name, { ...editors, height: Math.min(editors.height, 400) });
}

export async function run(page: Page, ctx: UiContext): Promise<void> {
  const wb = new Workbench(page);
  const fake = ctx.fake;
  const preview = previewPage(page);
  const send = preview.locator('#send');

  await ctx.step('sets the token and saves the chat "Backend"', async () => {
    await wb.ready('OK Chat');
    await setTokenFromPalette(wb, fake.token, SEED_GROUP_NAME);
    await wb.openViewContainer('OK Chat');
    await wb.addChatsFromGroup(['Backend']);
    await visible(wb.treeRow('Chats', chatRowName('Backend')), 'Backend in the Chats view');
    await wb.runCommand('View: Close Primary Side Bar');
  });

  await ctx.step(`selects lines ${FIRST_LINE}-${LAST_LINE} and runs "Send Selection to Chat as Image" from the palette`, async () => {
    await wb.quickOpen('limits.py');
    await (await visible(page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'DAILY_LIMIT' }), 'the text of limits.py')).click();
    await page.keyboard.press('Control+G');
    await visible(wb.quickInputBox, 'the "go to line" box');
    await page.keyboard.type(String(FIRST_LINE));
    await page.keyboard.press('Enter');
    await wb.quickInputClosed('the "go to line" box to close');
    await page.keyboard.press('Home');
    for (let i = FIRST_LINE; i <= LAST_LINE; i++) await page.keyboard.press('Shift+ArrowDown');
    await visible(page.locator('.part.statusbar', { hasText: /\(\d+ selected\)/ }), 'the status bar to count the selected lines');
    await wb.runCommand('OK Chat: Send Selection to Chat as Image');
  });

  await ctx.step('the preview beside the editor draws the picture; the line numbers switch off and on', async () => {
    await visible(page.locator('.part.editor .tab', { hasText: 'Image: payments/limits.py' }), 'the preview tab named after the snippet');
    await visible(preview.locator('#send:not([disabled])'), 'the Send button once the picture is drawn', 30_000);
    const canvas = preview.locator('#picture');
    const label = (await canvas.getAttribute('aria-label')) ?? '';
    assert.match(label, /^@dataclass\(frozen=True\)\nclass Limits:/, 'the picture shows the selected lines');
    assert.equal(label.split('\n').length, LAST_LINE - FIRST_LINE + 1);
    const numbers = preview.getByRole('checkbox', { name: 'Line numbers' });
    assert.equal(await numbers.isChecked(), true, 'line numbers are on, as in the editor');
    const widthNow = () => canvas.evaluate((c) => (c as unknown as { width: number }).width);
    const withNumbers = await widthNow();
    await numbers.uncheck();
    await until(async () => (await widthNow()) < withNumbers || undefined, 'a narrower picture without line numbers');
    await numbers.check();
    await until(async () => (await widthNow()) === withNumbers || undefined, 'the picture with line numbers again');
  });

  await ctx.step('screenshots the editor with the preview', async () => {
    await page.mouse.move(10, 790);
    await editorShot(page, ctx, 'snippet-image.png');
  });

  await ctx.step('Send in the preview asks for the chat and posts the picture as an image with the snippet header', async () => {
    await send.click();
    await (await visible(wb.quickPickRow('Backend'), 'the chat picker')).click();
    const sent = await until(() => fake.messages.find((m) => m.chat_id === BACKEND && m.attachments.length > 0), 'the image to reach OK', 30_000);
    assert.equal(sent.text, CAPTION);
    const token = (sent.attachments[0] as { payload?: { token?: string } }).payload?.token;
    const upload = [...fake.uploads.values()].find((u) => u.token === token) ?? [...fake.uploads.values()].at(-1);
    assert.equal(upload?.type, 'IMAGE');
    assert.ok(upload?.bytes, 'the upload kept its bytes');
    fs.writeFileSync(path.join(ctx.results, 'sent-snippet.png'), upload.bytes);
    const { width, height } = pngSize(upload.bytes);
    assert.ok(width >= 720 && height > 12 * 2 * 14, `a ${width}×${height} picture of ${LAST_LINE - FIRST_LINE + 1} lines`);
    assert.ok(colouredPixels(pngPixels(upload.bytes)) > 200, 'the picture has the syntax colours');
    await hidden(page.locator('.part.editor .tab', { hasText: 'Image: ' }), 'the preview to close once sent');
    await visible(page.locator('.part.statusbar', { hasText: 'Sent to Backend.' }), 'the status bar to say "Sent to Backend."');
  });

  await ctx.step('a chat picker dismissed leaves the preview open to Send again; Cancel closes it and sends nothing', async () => {
    const before = fake.messages.length;
    await (await visible(page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'DAILY_LIMIT' }), 'the text of limits.py')).click();
    await page.keyboard.press('Control+A');
    await wb.runCommand('OK Chat: Send Selection to Chat as Image');
    await (await visible(preview.locator('#send:not([disabled])'), 'the Send button once the picture is drawn', 30_000)).click();
    await visible(wb.quickPickRow('Backend'), 'the chat picker');
    await page.keyboard.press('Escape');
    await wb.quickInputClosed('the chat picker to close');
    await visible(preview.locator('#send:not([disabled])'), 'Send to be clickable again');
    await preview.locator('#cancel').click();
    await hidden(page.locator('.part.editor .tab', { hasText: 'Image: ' }), 'the preview to close on Cancel');
    assert.equal(fake.messages.length, before, 'nothing was sent');
  });
}
