import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, outboxIdOf, rejection, runCommand, useFakeOk, workspaceDir } from './extensionSetup';
import type { FakeOkServer, FakeUpload } from '../../fake-ok/server';
import { colouredPixels, pngPixels, pngSize } from '../../helpers/pngPixels';

const PRICING_TS = `export interface Price {
  amount: number;
  currency: 'RUB' | 'EUR';
}

/** The price with VAT added, rounded to kopecks (cents). */
export function withVat(price: Price, rate = 0.2): Price {
  const amount = Math.round(price.amount * (1 + rate) * 100) / 100;
  return { ...price, amount };
}

export const FREE: Price = { amount: 0, currency: 'RUB' };
`;

async function openPricing(): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), 'image-fixtures', 'pricing.ts');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PRICING_TS);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

/** Selects whole lines `first`..`last` (1-based), as a user dragging down to the next line's start does. */
function selectLines(editor: vscode.TextEditor, first: number, last: number): void {
  editor.selection = new vscode.Selection(first - 1, 0, last, 0);
}

/** The one upload of the last message sent to CHAT, checked to be an image sent with `caption`. */
function lastImage(server: FakeOkServer, caption: string): FakeUpload & { bytes: Uint8Array } {
  const message = server.messages.filter((m) => m.chat_id === CHAT).at(-1);
  assert.ok(message, 'no message reached the chat');
  assert.equal(message.text, caption, 'the caption');
  assert.equal(message.attachments.length, 1);
  const attachment = message.attachments[0] as { type?: string; payload?: { token?: string } };
  assert.equal(attachment.type, 'IMAGE');
  const upload = [...server.uploads.values()].find((u) => u.token === attachment.payload?.token) ?? [...server.uploads.values()].at(-1);
  assert.ok(upload?.bytes, 'the fake server kept no bytes of the upload');
  assert.equal(upload.type, 'IMAGE', 'the upload URL was asked for an IMAGE');
  return upload as FakeUpload & { bytes: Uint8Array };
}

describe('Send Selection as Image', function () {
  this.timeout(60_000);
  const ok = useFakeOk();

  it('uploads the selected lines as a PNG with the snippet header as caption, and gives the clipboard back', async () => {
    const editor = await openPricing();
    await vscode.env.clipboard.writeText('what the user had copied');
    selectLines(editor, 6, 9);
    const res = await runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true });
    assert.equal(res.sent, 1);
    assert.equal(res.messageIds.length, 1);
    const four = lastImage(ok.server, 'image-fixtures/pricing.ts:6-9 (typescript)');
    assert.ok(four.bytes.length > 500, `a picture of four lines is only ${four.bytes.length} bytes`);
    assert.equal(four.size, four.bytes.length);
    assert.match(four.filename ?? '', /^pricing-6-9\.png$/);
    const small = pngSize(four.bytes);
    assert.ok(small.width >= 200, `width ${small.width}`);
    // the theme's syntax colours (keywords, strings, numbers), not only the greys of plain text
    // (the launcher lets the browser read the clipboard, where the editor put the coloured HTML)
    const coloured = colouredPixels(pngPixels(four.bytes));
    assert.ok(coloured > 200, `only ${coloured} coloured pixels: the syntax colours did not arrive`);
    assert.equal(await vscode.env.clipboard.readText(), 'what the user had copied', 'the clipboard was not restored');

    selectLines(editor, 1, 11);
    await runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true });
    const eleven = lastImage(ok.server, 'image-fixtures/pricing.ts:1-11 (typescript)');
    const big = pngSize(eleven.bytes);
    assert.ok(big.height > small.height * 2, `11 lines are ${big.height} px high, 4 lines ${small.height} px`);
    assert.deepEqual(ok.api.outboxItems(), [], 'nothing is left in the Outbox');
  });

  it('draws line numbers when asked (a wider picture of the same lines)', async () => {
    const editor = await openPricing();
    selectLines(editor, 7, 8);
    await runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true, lineNumbers: false });
    const without = pngSize(lastImage(ok.server, 'image-fixtures/pricing.ts:7-8 (typescript)').bytes);
    await runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true, lineNumbers: true });
    const withNumbers = pngSize(lastImage(ok.server, 'image-fixtures/pricing.ts:7-8 (typescript)').bytes);
    assert.equal(withNumbers.height, without.height);
    assert.ok(withNumbers.width > without.width, `with line numbers ${withNumbers.width} px, without ${without.width} px`);
  });

  it('a failed upload keeps the picture in the Outbox, and Retry sends it', async () => {
    const editor = await openPricing();
    selectLines(editor, 1, 4);
    ok.server.injectFault({ kind: 'status', status: 502 }, { method: 'POST', path: '/upload/' });
    const id = outboxIdOf(await rejection(runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true })));
    const [queued] = ok.api.outboxItems();
    assert.equal(queued.kind, 'file');
    assert.equal(queued.kind === 'file' ? queued.caption : undefined, 'image-fixtures/pricing.ts:1-4 (typescript)');
    assert.equal(ok.server.messages.length, 0);
    await runCommand('okChat.retrySend', { id });
    pngSize(lastImage(ok.server, 'image-fixtures/pricing.ts:1-4 (typescript)').bytes);
    assert.deepEqual(ok.api.outboxItems(), []);
  });

  it('refuses a selection of more lines than a picture shows, before drawing anything', async () => {
    const file = path.join(workspaceDir(), 'image-fixtures', 'long.ts');
    fs.writeFileSync(file, Array.from({ length: 600 }, (_, i) => `export const n${i} = ${i};`).join('\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    editor.selection = new vscode.Selection(0, 0, 599, 5);
    const e = await rejection(runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true }));
    assert.match(e.message, /600 lines; a picture shows at most 500/);
    assert.equal(ok.server.requests.length, 0);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Image: ')).length, 0, 'no preview opened');
  });

  it('refuses an empty selection with the message of Send Selection, without contacting OK', async () => {
    const editor = await openPricing();
    editor.selection = new vscode.Selection(2, 3, 2, 3);
    const asText = await rejection(runCommand('okChat.sendSelection', { chatId: CHAT }));
    const asImage = await rejection(runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true }));
    assert.equal(asImage.message, asText.message);
    assert.match(asImage.message, /selection is empty/);
    assert.equal(ok.server.requests.length, 0);
  });
});
