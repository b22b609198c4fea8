import * as vscode from 'vscode';
import type { ChatId } from '../../core/model/ids';
import { splitMessage } from '../../core/messages/messageText';
import type { OutboxItem } from '../../core/outbox/outboxItems';
import type { LinkButton } from '../../core/net/okRequests';
import { chatLabel } from '../savedChats/savedChat';
import { SendFailed, sendJob } from '../outbox/sendThroughOutbox';
import type { Services } from '../services';
import { maxMessageLength } from '../platform/settings';
import type { BuildStatusBar } from './buildStatusBar';
import { buildNotificationJob } from './buildFacts';

/** How long to wait for more builds ending before posting, so a burst becomes one message per chat. */
export const DEBOUNCE_MS = 1500;
/** The most link buttons under one message of a burst of builds (well under OK's limit). */
const MAX_BUILD_BUTTONS = 10;

/**
 * Build results on their way to the chats: those ending together (within the debounce) go as one
 * message per chat. Each waits in the Outbox (held), so a stop of VS Code does not lose it.
 */
export class BuildQueue implements vscode.Disposable {
  /** Per chat, the build results waiting for the debounce; their job is already in the Outbox (held). */
  private readonly pending = new Map<ChatId, { messages: string[]; buttons: LinkButton[]; at: Date; timer: ReturnType<typeof setTimeout>; job: OutboxItem }>();

  constructor(private readonly s: Services, private readonly status: BuildStatusBar) {}

  /** `at`: the build's end, the time the message shows; the status bar item shows the same. */
  enqueue(chat: ChatId, text: string, buttons: LinkButton[], at: Date): void {
    let entry = this.pending.get(chat);
    if (entry) {
      clearTimeout(entry.timer);
      entry.messages.push(text);
      entry.at = at;
      entry.timer = setTimeout(() => void this.flush(chat), this.s.tuning.buildDebounceMs ?? DEBOUNCE_MS);
    } else {
      entry = { messages: [text], buttons: [], at, timer: setTimeout(() => void this.flush(chat), this.s.tuning.buildDebounceMs ?? DEBOUNCE_MS), job: buildNotificationJob(this.s, chat, text) };
      this.pending.set(chat, entry);
    }
    // the builds of a burst share one message: each link once, within OK's limit of buttons
    const pending = entry;
    for (const b of buttons) if (!pending.buttons.some((k) => k.url === b.url) && pending.buttons.length < MAX_BUILD_BUTTONS) pending.buttons.push(b);
    if (pending.buttons.length && pending.job.kind === 'text') pending.job.buttons = [...pending.buttons];
    // stored at once: if VS Code stops before the debounce ends, the result is in the Outbox (not sent)
    entry.job.parts = splitMessage(entry.messages.join('\n\n'), maxMessageLength());
    void this.s.outbox.hold(entry.job).catch((e: unknown) => this.s.log.warn(`build notification not stored: ${String(e)}`));
    this.status.set({ kind: 'pending', chat: this.chatName(chat) });
  }

  chatName(chat: ChatId): string {
    const saved = this.s.chats.get(chat);
    return saved ? chatLabel(saved) : chat;
  }

  /** Posts what is queued for a chat as one message (split if long). */
  async flush(chat: ChatId): Promise<void> {
    const entry = this.pending.get(chat);
    if (!entry) return;
    this.pending.delete(chat);
    clearTimeout(entry.timer);
    const text = entry.messages.join('\n\n');
    // its parts were set as each build result joined it (see enqueue)
    const job = entry.job;
    // a stop of this run since (the test hook) left it in the Outbox: it is no longer this run's to send
    if (!this.s.outbox.isHeld(job.id)) {
      this.s.log.info(`build notification ${job.id} to ${chat} not sent by this run: it was stopped, the Outbox has it`);
      return;
    }
    try {
      await sendJob(this.s, job, { quiet: true });
      this.sent(chat, entry.at, text);
    } catch (e) {
      this.failed(chat, entry.at, e);
    }
  }

  /** The status bar (and the context key of the walkthrough) after a build message went. */
  sent(chat: ChatId, at: Date, text: string): void {
    this.status.set({ kind: 'sent', chat: this.chatName(chat), at, summary: text.split('\n')[0] });
    void vscode.commands.executeCommand('setContext', 'okChat.sentBuildNotification', true);
  }

  /** The log and the status bar after a build message could not be sent (the Outbox keeps it). */
  failed(chat: ChatId, at: Date, e: unknown): void {
    const message = e instanceof SendFailed ? e.message : e instanceof Error ? e.message : String(e);
    this.s.log.warn(`build notification to ${chat} not sent (kept in the Outbox): ${message}`);
    this.status.set({ kind: 'failed', chat: this.chatName(chat), at, error: message });
  }

  dispose(): void {
    // Whatever is still waiting for the debounce is kept in the Outbox, not dropped.
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      const job = { ...entry.job, state: undefined };
      job.lastError = vscode.l10n.t('VS Code closed before the build notification was sent.');
      job.delivery = 'not-sent';
      void this.s.outbox.put(job);
    }
    this.pending.clear();
  }
}
