import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { withTestOnlyHooks } from './testOnlyHooks';
import { Api } from './platform/okApi';
import type { ShownRetryWait } from './platform/retryWaits';
import { BuildStatusBar } from './buildNotifications/buildStatusBar';
import { BuildWatcher, type EndedBuild } from './buildNotifications/buildWatcher';
import { ChatStore } from './savedChats/chatStore';
import type { SavedChat } from './savedChats/savedChat';
import { registerCommands } from './commands/commandTable';
import { registerConversationSerializer } from './conversation/conversationSerializer';
import { conversationSeam } from './conversation/conversationSeam';
import { isCoreLoaded, unloadCore } from './platform/lazyCore';
import { Log } from './platform/logChannel';
import type { OutboxItem } from '../core/outbox/outboxItems';
import { openOutbox } from './outbox/outboxStorage';
import { answerRetryConfirmation } from './commands/outboxActions';
import { forgetKeyboardRefusal, setUploadTimings, type UploadTimingOverrides } from './outbox/sendThroughOutbox';
import type { Services } from './services';
import { TokenStore } from './platform/tokenStore';
import { ChatIcons } from './views/chatIcons';
import { ChatTreeProvider } from './views/chatsTree';
import { UnreadTracker } from './unread/unreadTracker';
import { UnreadPoll, type UnreadPollTimings } from './unread/unreadPoll';
import { coalescingRunner } from '../core/async/coalescingRunner';
import { openSentIds } from './outbox/sentIds';
import { GuardedMemento } from './platform/guardedMemento';
import { realTuning } from './platform/tuning';

/** What the extension exposes to other extensions and to its integration tests. */
export interface OkChatApi {
  /** Milliseconds spent inside `activate`. */
  readonly activationMs: number;
  /** Whether the API core bundle has been loaded (it is loaded on first use, not on activation). */
  isCoreLoaded(): boolean;
  /** For tests: copies of the saved chats (of the current API origin) and of the outbox. */
  savedChats(): SavedChat[];
  outboxItems(): OutboxItem[];
  /** For tests: every Outbox record as stored (what a restart would find), also those of sends running now (written ahead of their first request). */
  outboxRecords(): OutboxItem[];
  /**
   * For tests, in place of killing the extension host mid-send and starting it again: running
   * sends are cut off (nothing they do afterwards is stored) and the Outbox is read back from
   * what was stored, as on start. Resolves to how many records were found in flight.
   */
  restartOutbox(): Promise<number>;
  /**
   * For tests: answers the "may have been sent" confirmation of Retry (a string: that button;
   * undefined: dismissed) instead of showing it; null shows it again. Returns the questions asked so far.
   */
  answerRetryConfirmation(answer: string | undefined | null): string[];
  /** For tests: the folder of the extension's log file ("OK Chat.log"). */
  readonly logUri: vscode.Uri;
  /**
   * Feeds a finished build to the build-notification rules as if a task had ended (for tests:
   * in Restricted Mode VS Code runs no tasks, so this is how the trust check is exercised).
   * Present only in `ExtensionMode.Test`: otherwise any extension could make OK Chat post fake
   * builds to the user's chats.
   */
  readonly reportBuildEnd?: (build: EndedBuild) => void;
  /**
   * For tests, present only in `ExtensionMode.Test`: every wait between attempts shown in a
   * send's progress so far ("OK asked to wait — retrying in 42 s…", once per second shown).
   */
  readonly retryWaitsShown?: () => ShownRetryWait[];
  /**
   * For tests (present only in `ExtensionMode.Test`): forgets the loaded API core, so that the
   * next client (after a change of `okChat.apiBaseUrl`) loads it again, as the first call to OK does.
   */
  readonly unloadCore?: () => void;
  /**
   * For tests (ExtensionMode.Test only): has the tests' driver of the page (test/webview/conversationDriver.ts)
   * act in an open conversation's page as the user would, or say what it shows; its answer.
   */
  readonly conversationAct?: (chatId: string, action: string, target?: string, text?: string, data?: string) => Promise<unknown>;
  /** For tests: how often a visible conversation asks for new messages (undefined: 15 s). */
  readonly setConversationPollMs?: (ms: number | undefined) => void;
  /** For tests: the driver of the conversation page (a browser script in the extension's folder), loaded by pages made from now on. */
  readonly setConversationDriver?: (file: string | undefined) => void;
  /** For tests: forgets that OK refused link buttons, as a reload does. */
  readonly forgetKeyboardRefusal?: () => void;
  /** For tests: shorter waits for OK to process uploaded files, a shorter token reuse (undefined restores OK's timings). */
  setUploadTimings(timings: UploadTimingOverrides | undefined): void;
  /** For tests: the Chats view's badge (unsent messages plus unread ones). */
  viewBadge(): vscode.ViewBadge | undefined;
  /** For tests: what the build-notification status bar item shows. */
  buildStatus(): BuildStatusBar['shown'];
  /** For tests: the chat icon cache and the Chats view's data (the items VS Code shows). */
  readonly icons: ChatIcons;
  readonly tree: ChatTreeProvider;
  /** For tests (present only in `ExtensionMode.Test`): shorter unread poll timings, a window taken as focused. */
  readonly setUnreadPollTimings?: (timings: UnreadPollTimings | undefined) => void;
}

export function activate(context: vscode.ExtensionContext): OkChatApi {
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
  const api = new Api(tokens, log);
  const unreadCounts = new UnreadTracker(globalState);
  openSentIds(globalState);
  const unread = new UnreadPoll({ tokens, chats, api, log }, unreadCounts);
  const s: Services = { context, log, tokens, chats, outbox, api, unread, tuning: realTuning() };
  const icons = new ChatIcons(context.globalStorageUri, log);
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
    api,
    tree,
    view,
    icons,
    view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    buildStatus,
    builds,
    ...registerCommands(s),
    registerConversationSerializer(s),
    tokens.onDidChange(refreshContext),
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
  const waitsShown: ShownRetryWait[] = [];
  if (testMode) api.observeRetryWaits = (shown) => waitsShown.push(shown);
  return withTestOnlyHooks(
    {
      activationMs,
      isCoreLoaded,
      savedChats: () => structuredClone([...chats.all()]),
      outboxItems: () => structuredClone(outbox.listed()),
      outboxRecords: () => outbox.stored(),
      // test hooks that would let another extension resend messages: only in a test run
      restartOutbox: () => (testMode ? outbox.restart() : Promise.resolve(0)),
      answerRetryConfirmation: (answer: string | undefined | null) => (testMode ? answerRetryConfirmation(answer) : []),
      logUri: context.logUri,
      setUploadTimings,
      buildStatus: () => buildStatus.shown,
      viewBadge: () => (view.badge ? { ...view.badge } : undefined),
      icons,
      tree,
    },
    { reportBuildEnd: (build: EndedBuild) => builds.handle(build), retryWaitsShown: () => structuredClone(waitsShown), unloadCore, forgetKeyboardRefusal, setUnreadPollTimings: (t: UnreadPollTimings | undefined) => unread.setTimings(t), ...conversationSeam(s) },
    testMode,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
