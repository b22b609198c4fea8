// Restricted Mode: settings that shape what is sent on the user's behalf (the snippet header, the
// length of parts) count only from the user's own settings. The suite's workspace settings
// (suites.json) set a phishing header and a tiny part length.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, okConfig, runCommand, setUserSetting, useFakeOk, workspaceDir } from '../suite/extensionSetup';

const GREET = 'def greet(name):\n    return f"Привет, {name}"\n';

async function selectAll(): Promise<void> {
  const file = path.join(workspaceDir(), 'greet.py');
  fs.writeFileSync(file, GREET);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
  editor.selection = new vscode.Selection(0, 0, 2, 0);
}

describe('restricted mode: workspace settings do not shape what is sent', function () {
  this.timeout(60_000);
  const ok = useFakeOk();

  it('the workspace declares a phishing snippetHeader and maxMessageLength 100 (the premise)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const file = path.join(workspaceDir(), '.vscode', 'settings.json');
    const declared = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.match(String(declared['okChat.snippetHeader']), /evil\.example/);
    assert.equal(declared['okChat.maxMessageLength'], 100);
  });

  it('a snippet goes with the default header, not the workspace\'s', async () => {
    await selectAll();
    await runCommand('okChat.sendSelection', { chatId: CHAT });
    const [sent] = ok.server.messages.map((m) => m.text ?? '');
    assert.equal(sent, `greet.py:1-2 (python)\n${GREET}`);
    assert.doesNotMatch(sent, /evil\.example/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a snippet goes with the user\'s own header when the user set one', async () => {
    await setUserSetting('snippetHeader', 'Мой код: {path}');
    await selectAll();
    await runCommand('okChat.sendSelection', { chatId: CHAT });
    assert.deepEqual(ok.server.messages.map((m) => m.text), [`Мой код: greet.py\n${GREET}`]);
    assert.equal(okConfig().inspect('snippetHeader')?.globalValue, 'Мой код: {path}');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a text of 300 characters goes as one message: the workspace\'s maxMessageLength is ignored', async () => {
    const text = 'слово '.repeat(50).trim();
    const res = await runCommand('okChat.sendText', { chatId: CHAT, text });
    assert.equal(res.messageIds.length, 1);
    assert.deepEqual(ok.server.messages.map((m) => m.text), [text]);
  });
});
