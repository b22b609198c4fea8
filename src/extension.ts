import * as vscode from 'vscode';
import { Api } from './vscode/api';
import { ChatStore } from './vscode/chatStore';
import { registerCommands } from './vscode/commands';
import { isCoreLoaded } from './vscode/core';
import { Log } from './vscode/log';
import { Outbox } from './vscode/outbox';
import type { Services } from './vscode/services';
import { TokenStore } from './vscode/token';
import { ChatTreeProvider } from './vscode/tree';

/** What the extension exposes to other extensions and to its integration tests. */
export interface OkChatApi {
  /** Milliseconds spent inside `activate`. */
  readonly activationMs: number;
  /** Whether the API core bundle has been loaded (it is loaded on first use, not on activation). */
  isCoreLoaded(): boolean;
}

export function activate(context: vscode.ExtensionContext): OkChatApi {
  const started = performance.now();
  const log = new Log();
  const tokens = new TokenStore(context.secrets, log);
  const chats = new ChatStore(context.globalState);
  const outbox = new Outbox(context.globalState);
  const api = new Api(tokens, log);
  const s: Services = { context, log, tokens, chats, outbox, api };
  const tree = new ChatTreeProvider(chats, outbox);
  const view = vscode.window.createTreeView('okChat.chats', { treeDataProvider: tree, showCollapseAll: false });

  const updateContext = async () => {
    const hasToken = (await tokens.get()) !== undefined;
    await vscode.commands.executeCommand('setContext', 'okChat.state', hasToken ? 'ready' : 'noToken');
    await vscode.commands.executeCommand('setContext', 'okChat.chatCount', chats.all().length);
    await vscode.commands.executeCommand('setContext', 'okChat.outboxCount', outbox.all().length);
    const pending = outbox.all().length;
    view.badge = pending ? { value: pending, tooltip: vscode.l10n.t('{0} unsent messages', pending) } : undefined;
  };
  const refreshContext = () => {
    updateContext().catch((e: unknown) => log.error(`could not update the view state: ${String(e)}`));
  };

  context.subscriptions.push(
    log,
    tokens,
    chats,
    outbox,
    api,
    tree,
    view,
    ...registerCommands(s),
    tokens.onDidChange(refreshContext),
    chats.onDidChange(refreshContext),
    outbox.onDidChange(refreshContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okChat.apiBaseUrl')) {
        chats.refresh();
        refreshContext();
      }
    }),
  );
  refreshContext();

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(2)} ms`);
  return { activationMs, isCoreLoaded };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
