import * as vscode from 'vscode';
import type { ApiRequest, JobHost, OutboxItem, SendOutcome } from '../../core';
import { core } from '../platform/lazyCore';
import { isOkApiError } from '../../core/model/okApiError';
import type { Services } from '../services';
import { maxMessageLength } from '../platform/settings';
import { sentIds } from './sentIds';

export type { SendOutcome, UploadTimingOverrides } from '../../core';

/** A send failed; its text is kept in the outbox under `item.id`. */
export class SendFailed extends Error {
  override readonly name = 'SendFailed';
  constructor(override readonly cause: unknown, readonly item: OutboxItem) {
    super(isOkApiError(cause) ? cause.userMessage : cause instanceof Error ? cause.message : String(cause));
  }
}

function host(s: Services): JobHost {
  return {
    outbox: s.outbox,
    client: () => s.api.get(),
    call: <T>(request: ApiRequest<T>, signal: AbortSignal) => s.api.call(request, signal),
    readFile: (location) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse(location))),
    fileName: (location) => vscode.Uri.parse(location).path.split('/').pop() ?? '',
    log: s.log,
    uploadTimings: s.tuning.upload,
    sentTo: (chatId) => s.chats.touch(chatId),
    keyboards: s.api.keyboards,
    maxLength: maxMessageLength(),
  };
}

/**
 * Sends a job through the write-ahead Outbox (see the core's `runJob`) with a cancellable
 * progress notification (in the status bar when `quiet`). On failure the job stays in the
 * Outbox and a {@link SendFailed} is thrown.
 */
export async function sendJob(s: Services, job: OutboxItem, options: { quiet?: boolean } = {}): Promise<SendOutcome> {
  const c = core();
  const title = vscode.l10n.t('Sending to {0}…', c.jobTarget(job));
  const location = options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  try {
    const outcome = await c.runJob(host(s), job, {
      withProgress: async (task, abort) =>
        await vscode.window.withProgress({ location, title, cancellable: !options.quiet }, async (progress, token) => {
          const sub = token.onCancellationRequested(() => abort.abort());
          const waits = s.api.showRetryWaits(abort.signal, progress);
          try {
            return await task(progress);
          } finally {
            sub.dispose();
            waits.dispose();
          }
        }),
    });
    // the ids OK gave: our messages even where OK shows them with another sender. Not awaited: the
    // store reads them back at once, and the send's outcome never waits on this bookkeeping.
    sentIds()
      .add(outcome.messageIds)
      .catch((e: unknown) => s.log.info(`could not keep the sent message ids: ${String(e)}`));
    return outcome;
  } catch (e) {
    if (c.isJobFailed(e)) throw new SendFailed(e.cause, e.job);
    throw e;
  }
}

/**
 * Says a send went: in the status bar, and (unless `offerOpen` is false: a send from the
 * conversation itself) in a notification with "Open", which opens the chat's conversation (its
 * newest messages). Direct messages have no conversation to open.
 */
export function confirmSent(job: OutboxItem, options: { offerOpen?: boolean } = {}): void {
  const where = core().jobTarget(job);
  const text = job.parts.length > 1 ? vscode.l10n.t('Sent to {0} in {1} parts.', where, job.parts.length) : vscode.l10n.t('Sent to {0}.', where);
  vscode.window.setStatusBarMessage(`$(check) ${text}`, 5000);
  if (job.kind !== 'users' && options.offerOpen !== false) offerOpen(text, job.chatId);
}

/** A notification saying what was sent, with "Open": the chat's conversation. */
export function offerOpen(text: string, chatId: string): void {
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(text, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('okChat.openConversation', { chatId });
  });
}
