import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { Api } from './platform/okApi';
import { BuildStatusBar } from './buildNotifications/buildStatusBar';
import { BuildWatcher } from './buildNotifications/buildWatcher';
import { ChatStore } from './savedChats/chatStore';
import { registerCommands } from './commands/commandTable';
import { registerConversationSerializer } from './conversation/conversationSerializer';
import { Log } from './platform/logChannel';
import { openOutbox } from './outbox/outboxStorage';
import type { Services } from './services';
import { TokenStore } from './platform/tokenStore';
import { ChatIcons } from './views/chatIcons';
import { ChatNode, ChatTreeProvider } from './views/chatsTree';
import { UnreadTracker } from './unread/unreadTracker';
import { UnreadPoll } from './unread/unreadPoll';
import { coalescingRunner } from '../core/async/coalescingRunner';
import { openSentIds } from './outbox/sentIds';
import { OutboxRetries } from './outbox/outboxRetries';
import { GuardedMemento } from './platform/guardedMemento';
import { KnownPeople } from './people/knownPeople';
import { realTuning } from './platform/tuning';
import { extensionExports, testSeamBundle } from './extensionExports';
import type * as Seam from './testing/testSeam';
import type { TestSeam } from './testing/testSeam';

/**
 * Returns the extension's exports: nothing outside a test run, the test seam in `ExtensionMode.Test`
 * (see extensionExports.ts).
 */
export function activate(context: vscode.ExtensionContext): TestSeam | undefined {
  const started = performance.now();
  // First of all the chat view's data provider: VS Code may be showing the view already, and
  // until a provider is registered it says "There is no data provider registered…".
  // every global-state write survives the echo of an older one (see GuardedMemento)
  const globalState = new GuardedMemento(context.globalState);
  const chats = new ChatStore(globalState);
  const log = new Log();
  const { outbox, disposable: outboxDisposable } = openOutbox(globalState, context.globalStorageUri, log);
  const tree = new ChatTreeProvider(chats, outbox);
  const view = vscode.window.createTreeView('okChat.chats', { treeDataProvider: tree, showCollapseAll: false });
  // Core messages built in this bundle (ids, formatting) speak the user's language too.
  l10n.config({ contents: vscode.l10n.bundle ?? {} });
  const tokens = new TokenStore(context.secrets, log);
  const tuning = realTuning();
  const api = new Api(tokens, log, tuning);
  const unreadCounts = new UnreadTracker(globalState);
  openSentIds(globalState);
  const selectedChat = () => {
    const [node] = view.selection;
    return view.selection.length === 1 && node instanceof ChatNode ? node.chatId : undefined;
  };
  const people = new KnownPeople(globalState);
  const unread = new UnreadPoll({ tokens, chats, api, log, tuning, people }, unreadCounts);
  const icons = new ChatIcons(context.globalStorageUri, log);
  const s: Services = { context, log, tokens, chats, outbox, api, unread, tuning, icons, selectedChat, people };
  const retries = new OutboxRetries(s);
  tree.useIcons(icons);
  tree.useUnread(unreadCounts);
  tree.setVisible(view.visible);
  const buildStatus = new BuildStatusBar();
  const builds = new BuildWatcher(s, buildStatus);

  const updateContext = async () => {
    const hasToken = (await tokens.get()) !== undefined;
    // everything shown is read at one instant, after the only slow await
    const chatCount = chats.size;
    const pending = outbox.listed().length;
    const unreadTotal = unreadCounts.total(chats.all().map((c) => c.chatId));
    const parts = [pending ? vscode.l10n.t('{0} unsent messages', pending) : '', unreadTotal ? vscode.l10n.t('{0} unread', unreadTotal) : ''].filter(Boolean);
    view.badge = parts.length ? { value: pending + unreadTotal, tooltip: parts.join(' · ') } : undefined;
    await vscode.commands.executeCommand('setContext', 'okChat.state', hasToken ? 'ready' : 'noToken');
    await vscode.commands.executeCommand('setContext', 'okChat.chatCount', chatCount);
    await vscode.commands.executeCommand('setContext', 'okChat.outboxCount', pending);
    await vscode.commands.executeCommand('setContext', 'okChat.unreadCount', unreadTotal);
  };
  // one update at a time, and one more after the last change: an older, slower update (a token
  // read from SecretStorage) can no longer finish last and put back a stale badge
  const refreshContext = coalescingRunner(updateContext, (e: unknown) => log.error(`could not update the view state: ${String(e)}`));

  context.subscriptions.push(
    log,
    tokens,
    chats,
    outboxDisposable,
    retries,
    api,
    tree,
    view,
    icons,
    view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    // what F2 and Delete on the view act on: the selected row's kind (its context value)
    view.onDidChangeSelection((e) => {
      const only = e.selection.length === 1 ? e.selection[0] : undefined;
      void vscode.commands.executeCommand('setContext', 'okChat.selectedItem', only?.contextValue ?? '');
    }),
    buildStatus,
    builds,
    ...registerCommands(s),
    registerConversationSerializer(s),
    tokens.onDidChange(refreshContext),
    // another token may be another group: its people are another list
    tokens.onDidChange(() => (people.group = undefined)),
    chats.onDidChange(refreshContext),
    outbox.onDidChange(refreshContext),
    unreadCounts,
    unread,
    unreadCounts.onDidChange(refreshContext),
    // a chat just saved starts with nothing unread (its history is not counted)
    chats.onDidChange(() => void unreadCounts.follow(new Set(chats.all().map((c) => c.chatId))).catch((e: unknown) => log.error(`unread counts: ${String(e)}`))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okChat.apiBaseUrl')) {
        chats.refresh();
        unreadCounts.refresh();
        refreshContext();
      }
    }),
  );
  refreshContext();

  const activationMs = performance.now() - started;
  // written after activation: the log's channel is made on its first line
  setTimeout(() => log.info(`activated in ${activationMs.toFixed(2)} ms`), 0);
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  return extensionExports(testMode, () => testSeamBundle<typeof Seam>().makeTestSeam(s, { activationMs, tree, icons, view, buildStatus, builds, globalState, retries }));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
