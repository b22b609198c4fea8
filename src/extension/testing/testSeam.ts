import * as vscode from 'vscode';
import type { BuildStatusBar } from '../buildNotifications/buildStatusBar';
import type { BuildWatcher, EndedBuild } from '../buildNotifications/buildWatcher';
import { conversationSeam } from '../conversation/conversationSeam';
import type { OutboxItem } from '../../core/outbox/outboxItems';
import { CORE_BUNDLE, isCoreLoaded } from '../platform/lazyCore';
import type { ShownRetryWait } from '../platform/retryWaits';
import type { OutboxRetryTuning, ShownPrompt } from '../platform/tuning';
import type { GuardedMemento } from '../platform/guardedMemento';
import type { SavedChat } from '../savedChats/savedChat';
import type { Services } from '../services';
import type { UploadTimingOverrides } from '../outbox/sendThroughOutbox';
import type { UnreadPollTimings } from '../unread/unreadPoll';
import type { ChatIcons } from '../views/chatIcons';
import type { ChatTreeProvider } from '../views/chatsTree';
import type { OutboxRetries } from '../outbox/outboxRetries';

/** What `activate` owns besides {@link Services}, and the seam reads. */
export interface ActivationParts {
  readonly activationMs: number;
  readonly tree: ChatTreeProvider;
  readonly icons: ChatIcons;
  readonly view: vscode.TreeView<unknown>;
  readonly buildStatus: BuildStatusBar;
  readonly builds: BuildWatcher;
  readonly globalState: GuardedMemento;
  readonly retries: OutboxRetries;
}

/**
 * The one thing the integration tests touch: `activate` returns it only in `ExtensionMode.Test`
 * (see extensionExports.ts). It reads and drives the extension through {@link Services}; the
 * timings and scripted answers it sets go to `Services.tuning`.
 */
export interface TestSeamMembers {
  /** Milliseconds spent inside `activate`. */
  readonly activationMs: number;
  /** Whether the API core bundle has been loaded (it is loaded on first use, not on activation). */
  isCoreLoaded(): boolean;
  /** Forgets the loaded API core, so that the next call to OK loads it again, as on a fresh start. */
  unloadCore(): void;
  /** Copies of the saved chats (of the current API origin). */
  savedChats(): SavedChat[];
  /** Copies of the Outbox's messages, as the Outbox view lists them. */
  outboxItems(): OutboxItem[];
  /** Every Outbox record as stored (what a restart would find), also those of sends running now (written ahead of their first request). */
  outboxRecords(): OutboxItem[];
  /**
   * In place of killing the extension host mid-send and starting it again: running sends are cut
   * off (nothing they do afterwards is stored) and the Outbox is read back from what was stored,
   * as on start. Resolves to how many records were found in flight.
   */
  restartOutbox(): Promise<number>;
  /**
   * Answers the "may have been sent" confirmation of Retry (a string: that button; undefined:
   * dismissed) instead of showing it; null shows it again. Returns the questions asked so far,
   * each followed by its buttons in order (the first the one Enter presses): "question [A | B | C]".
   */
  answerRetryConfirmation(answer: string | undefined | null): string[];
  /** The folder of the extension's log file ("OK Chat.log"). */
  readonly logUri: vscode.Uri;
  /**
   * Feeds a finished build to the build-notification rules as if a task had ended (in Restricted
   * Mode VS Code runs no tasks, so this is how the trust check is exercised).
   */
  reportBuildEnd(build: EndedBuild): void;
  /** Every wait between attempts shown in a send's progress so far ("OK asked to wait — retrying in 42 s…", once per second shown). */
  retryWaitsShown(): ShownRetryWait[];
  /**
   * Answers the commands' modal confirmations (Remove from List, Remove Member) with this button
   * (undefined: dismissed; null: the real dialogs again); returns the questions asked so far.
   */
  answerConfirmation(answer: string | undefined | null): string[];
  /** Every quick pick and input box a command showed so far, in order (each is told as it is shown, before any answer). */
  promptsShown(): ShownPrompt[];
  /** Resolves when every global-state write made so far has been answered and checked (see GuardedMemento.settled). */
  globalStateSettled(): Promise<void>;
  /** Forgets that OK refused link buttons, as a reload does. */
  forgetKeyboardRefusal(): void;
  /** Shorter waits for OK to process uploaded files, a shorter token reuse (undefined restores OK's timings). */
  setUploadTimings(timings: UploadTimingOverrides | undefined): void;
  /** Shorter waits of the Outbox's own retries, or none (`{ off: true }`; undefined restores the real ones); the next round is scheduled again. */
  setOutboxRetryTimings(timings: OutboxRetryTuning | undefined): void;
  /** Shorter unread poll timings, a window taken as focused (undefined restores the real ones); the next round is scheduled again. */
  setUnreadPollTimings(timings: UnreadPollTimings | undefined): void;
  /** A shorter wait of build results for the others of their burst (undefined restores 1.5 s); builds already waiting keep theirs. */
  setBuildDebounce(ms: number | undefined): void;
  /** A shorter second for build rules' `startedAfterSeconds` (ms; undefined restores 1000); tasks already running keep theirs. */
  setBuildSecond(ms: number | undefined): void;
  /** What the build watcher keeps while tasks run: how many tasks have "started" timers or messages, whether it listens to diagnostics (neither once every task ended). */
  buildWatch(): { startedRuns: number; diagnosticsListening: boolean };
  /** The Chats view's badge (unsent messages plus unread ones). */
  viewBadge(): vscode.ViewBadge | undefined;
  /** What the build-notification status bar item shows. */
  buildStatus(): BuildStatusBar['shown'];
  /** The chat icon cache and the Chats view's data (the items VS Code shows). */
  readonly icons: ChatIcons;
  readonly tree: ChatTreeProvider;
}

/** The seam with the conversations' test members. */
export type TestSeam = TestSeamMembers & ReturnType<typeof conversationSeam>;

export function makeTestSeam(s: Services, parts: ActivationParts): TestSeam {
  const { tuning } = s;
  const waitsShown: ShownRetryWait[] = [];
  tuning.retryWaitShown = (shown) => waitsShown.push(shown);
  const prompts: ShownPrompt[] = [];
  tuning.promptShown = (prompt) => prompts.push(prompt);
  const questionsAsked: string[] = [];
  const confirmations: string[] = [];
  return {
    activationMs: parts.activationMs,
    isCoreLoaded,
    unloadCore: () => {
      // the core is loaded again when it is no longer in Node's module cache (see lazyCore.ts)
      delete require.cache[CORE_BUNDLE];
    },
    savedChats: () => structuredClone([...s.chats.all()]),
    outboxItems: () => structuredClone(s.outbox.listed()),
    outboxRecords: () => s.outbox.stored(),
    restartOutbox: () => s.outbox.restart(),
    answerRetryConfirmation: (answer) => {
      if (answer === null) delete tuning.retryConfirmation;
      else
        tuning.retryConfirmation = (question, buttons) => {
          questionsAsked.push(`${question} [${buttons.join(' | ')}]`);
          return answer;
        };
      return [...questionsAsked];
    },
    answerConfirmation: (answer) => {
      if (answer === null) delete tuning.confirmation;
      else
        tuning.confirmation = (question) => {
          confirmations.push(question);
          return answer;
        };
      return [...confirmations];
    },
    logUri: s.context.logUri,
    reportBuildEnd: (build) => parts.builds.handle(build),
    retryWaitsShown: () => structuredClone(waitsShown),
    promptsShown: () => structuredClone(prompts),
    globalStateSettled: () => parts.globalState.settled(),
    forgetKeyboardRefusal: () => {
      s.api.keyboards.refused = false;
    },
    setUploadTimings: (timings) => {
      tuning.upload = timings;
    },
    setBuildDebounce: (ms) => {
      if (ms === undefined) delete tuning.buildDebounceMs;
      else tuning.buildDebounceMs = ms;
    },
    setBuildSecond: (ms) => {
      if (ms === undefined) delete tuning.buildSecondMs;
      else tuning.buildSecondMs = ms;
    },
    buildWatch: () => ({ startedRuns: parts.builds.started.running, diagnosticsListening: parts.builds.problems.listening }),
    setOutboxRetryTimings: (timings) => {
      tuning.outboxRetry = timings;
      parts.retries.retuned();
    },
    setUnreadPollTimings: (timings) => {
      tuning.unreadPoll = timings;
      s.unread.retuned();
    },
    viewBadge: () => (parts.view.badge ? { ...parts.view.badge } : undefined),
    buildStatus: () => parts.buildStatus.shown,
    icons: parts.icons,
    tree: parts.tree,
    ...conversationSeam(s),
  };
}
