// What the conversation panel (its own bundle, dist/conversation/panel.js) takes from the
// extension bundle: the loaded core, calls to OK, the Outbox's send path and the log. Passed in,
// so that the state these hold (the client, the Outbox, the loaded core) exists once. Types only.
import type * as vscode from 'vscode';
import type { ApiRequest, OkMessage, SendOutcome } from '../../core';
import type { CoreModule } from '../platform/lazyCore';

export interface ConversationHost {
  readonly extensionUri: vscode.Uri;
  core(): CoreModule;
  call<T>(request: ApiRequest<T>, signal?: AbortSignal): Promise<T>;
  readonly log: { info(message: string): void; warn(message: string): void };
  hasToken(): Promise<boolean>;
  /** The token was set, changed or cleared. */
  onDidChangeToken(listener: () => void): vscode.Disposable;
  /** Sends text through the Outbox; on failure rejects with the id of the Outbox item kept. */
  send(chatId: string, text: string, replyTo: string | undefined): Promise<SendOutcome>;
  /**
   * Sends a file pasted, dropped or picked in the composer as an attachment, through the Outbox:
   * its bytes, the URI of a workspace file, or the URI of a file the user picked (`picked`). On failure rejects, with the Outbox item kept if any.
   */
  sendFile(chatId: string, file: { name: string; data?: Uint8Array; uri?: string; picked?: boolean }, caption: string | undefined): Promise<SendOutcome>;
  /**
   * Asks the user for files to send (the composer's attach button); `picked` on a later sendFile
   * marks one of these, which need not be in the workspace.
   */
  pickFiles(): Promise<vscode.Uri[] | undefined>;
  /** The time of the newest message the user had seen in the chat (its unread record), if it is saved. */
  seenAt(chatId: string): number | undefined;
  /** Retries an Outbox item (`okChat.retrySend`). */
  retry(outboxId: string): Promise<SendOutcome>;
  /** Tells OK the chat was seen and resets its unread count, quietly; `shownUpTo`: the newest message's time shown. */
  markSeen(chatId: string, shownUpTo: number): Promise<void>;
  /** Learns the senders' names of messages read (the people pickers name people with them). */
  learnPeople?(group: string | undefined, messages: readonly OkMessage[]): void;
  /** The chat's saved title, when it is saved. */
  title(chatId: string): string | undefined;
  /** How often a visible panel asks for new messages (ms). */
  pollMs(): number;
  /** In a test run that listens: told of every decision of a panel's reads (see ConversationTuning.onPoll). */
  pollDecided?(decision: PanelPollDecision): void;
  /** The message ids OK gave back to our sends (in any window, lately). */
  sentIds(): { has(id: string): boolean };
  /**
   * In a test run whose tests asked for it: their driver of the page, a script loaded before the
   * page's own, and which posted messages are its (they are the tests', not the panel's).
   */
  readonly driver?: { script: vscode.Uri; owns(raw: unknown): boolean };
}

/** A panel's decision about its next read: when it runs (undefined: none planned), seen while visible or not, or closed. */
export interface PanelPollDecision {
  readonly chatId: string;
  readonly at: number | undefined;
  readonly visible: boolean;
  readonly closed: boolean;
}

/** A failed send from the panel: the message, and the Outbox item to retry. */
export interface FailedSend {
  message: string;
  outboxId?: string;
}
