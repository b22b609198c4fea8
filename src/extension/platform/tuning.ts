import type * as vscode from 'vscode';
import type { UploadTimingOverrides } from '../outbox/sendThroughOutbox';
import type { ShownRetryWait } from './retryWaits';
import type { UnreadPollTimings } from '../unread/unreadPoll';
import type { PanelPollDecision } from '../conversation/conversationHost';
import type { AutoRetryTimings } from '../../core/outbox/autoRetry';

/**
 * Timings and scripted answers that only the extension's own tests change. The test seam (made
 * only in `ExtensionMode.Test`) writes them; the code reads them from `Services.tuning`. Outside
 * a test run the object stays empty and every field's default (OK's real timings, real dialogs)
 * applies.
 */
export interface Tuning {
  /** shorter waits for OK to process uploaded files, a shorter upload-token reuse */
  upload?: UploadTimingOverrides;
  /**
   * answers Retry's "may have been sent" confirmation in place of the dialog: the title of the
   * button pressed, or undefined for a dismissed dialog (`question` is what the dialog would ask,
   * `buttons` its buttons in order, the first the one Enter presses)
   */
  retryConfirmation?: (question: string, buttons: readonly string[]) => string | undefined;
  /** shorter waits of the Outbox's own retries, or none at all (`off`; see outbox/outboxRetries.ts) */
  outboxRetry?: OutboxRetryTuning;
  /**
   * answers a command's modal confirmation (Remove from List, Remove Member…) in place of the
   * dialog: the title of the button pressed, or undefined for a dismissed dialog
   */
  confirmation?: (question: string) => string | undefined;
  /** told of every wait between attempts shown in a send's progress */
  retryWaitShown?: (shown: ShownRetryWait) => void;
  /** shorter unread poll timings, a window taken as focused (the poll reads them at each scheduling) */
  unreadPoll?: UnreadPollTimings;
  /** told of every quick pick (once an item is active) and input box (as it is shown) a command shows (see commands/prompts.ts) */
  promptShown?: (prompt: ShownPrompt) => void;
  /** how long build results wait for others of the same burst before they are sent as one message (ms); default 1.5 s */
  buildDebounceMs?: number;
  /** how long a second of a build rule's `startedAfterSeconds` lasts (ms); default 1000 */
  buildSecondMs?: number;
  /** the conversation panel (see conversation/conversationSeam.ts) */
  conversation?: ConversationTuning;
}

export type OutboxRetryTuning = Partial<AutoRetryTimings> & { off?: boolean };

/** A prompt a command showed: its kind and its title (else its placeholder, else its prompt line). */
export interface ShownPrompt {
  readonly kind: 'quickPick' | 'inputBox';
  readonly title: string;
}

export interface ConversationTuning {
  /** How often a visible panel reads new messages (ms); default 15 s. */
  pollMs?: number;
  /** The tests' driver of the page: a script loaded before the page's own (ExtensionMode.Test only). */
  driver?: vscode.Uri;
  /** told of every decision of a panel about its next read */
  onPoll?: (decision: PanelPollDecision) => void;
  /** Answers the composer's attach button in place of the open dialog (ExtensionMode.Test only). */
  pickFiles?: () => vscode.Uri[] | undefined;
}

export function realTuning(): Tuning {
  return {};
}
