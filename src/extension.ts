import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okChat.showLog', () => undefined),
  );
}

export function deactivate(): void {
  // nothing to clean up
}
