import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'ok-chat.ok-chat';

describe('smoke', () => {
  it('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers the okChat.showLog command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('okChat.showLog'), 'okChat.showLog is not registered');
  });
});
