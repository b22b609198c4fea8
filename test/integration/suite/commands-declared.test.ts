import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, okChatApi } from './extensionSetup';

interface Contributes {
  commands: { command: string }[];
  views: Record<string, { id: string }[]>;
  menus: Record<string, { command: string }[]>;
  viewsWelcome: { view: string; contents: string }[];
}

function contributes(): Contributes {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  return (ext.packageJSON as { contributes: Contributes }).contributes;
}

describe('commands', () => {
  before(async () => {
    await okChatApi();
  });

  it('every command declared in package.json is registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = contributes().commands.map((c) => c.command);
    assert.ok(declared.length >= 20, `only ${declared.length} commands declared`);
    assert.deepEqual(
      declared.filter((c) => !registered.has(c)),
      [],
      'declared but not registered',
    );
  });

  it('every registered okChat.* command is declared (view commands aside)', async () => {
    const c = contributes();
    const declared = new Set(c.commands.map((x) => x.command));
    // VS Code registers <viewId>.focus, <viewId>.resetViewLocation, … for every view
    const viewIds = Object.values(c.views).flat().map((v) => v.id);
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('okChat.') && !viewIds.some((v) => id.startsWith(`${v}.`)));
    assert.ok(registered.length >= declared.size, `only ${registered.length} okChat commands registered`);
    assert.deepEqual(
      registered.filter((id) => !declared.has(id)),
      [],
      'registered but not declared in contributes.commands',
    );
  });

  it('every command used in menus and in viewsWelcome links is declared', () => {
    const c = contributes();
    const declared = new Set(c.commands.map((x) => x.command));
    const inMenus = Object.entries(c.menus).flatMap(([menu, items]) => items.map((i) => ({ where: menu, command: i.command })));
    const inWelcome = c.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)/g)].map((m) => ({ where: `viewsWelcome ${w.view}`, command: m[1] })));
    assert.ok(inMenus.length > 10, 'no menu entries found');
    assert.ok(inWelcome.length >= 3, 'no command links found in viewsWelcome');
    assert.deepEqual(
      [...inMenus, ...inWelcome].filter((x) => !declared.has(x.command)),
      [],
      'used but not declared',
    );
  });
});
