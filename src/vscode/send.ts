import * as vscode from 'vscode';
import type { ChatId } from '../core/ids';
import { isOkApiError } from '../core/errors';
import { core } from './core';
import { SendFailed } from './errors';
import { newOutboxId, type OutboxItem, type OutboxKind } from './outbox';
import type { Services } from './services';

export interface SendOutcome {
  /** Message ids OK gave, one per part (chat sends). */
  messageIds: string[];
  /** For direct messages: which users got every part, and which did not. */
  delivered?: string[];
  failed?: string[];
}

export function newJob(
  kind: OutboxKind,
  parts: string[],
  target: { chatId?: ChatId; chatTitle?: string; userIds?: string[]; fileName?: string; caption?: string },
  source: string,
): OutboxItem {
  const now = Date.now();
  return { id: newOutboxId(), kind, parts, sent: 0, createdAt: now, updatedAt: now, attempts: 0, source, ...target };
}

function targetName(job: OutboxItem): string {
  return job.chatTitle ?? job.chatId ?? vscode.l10n.t('{0} users', job.userIds?.length ?? 0);
}

/** Sends the parts of a job that OK has not accepted yet. Updates `job.sent` as it goes. */
async function deliver(s: Services, job: OutboxItem, signal: AbortSignal, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<SendOutcome> {
  const { requests } = core();
  const outcome: SendOutcome = { messageIds: [] };
  const userOk = new Map<string, boolean>((job.userIds ?? []).map((u) => [u, true]));
  for (let i = job.sent; i < job.parts.length; i++) {
    if (job.parts.length > 1) progress?.report({ message: vscode.l10n.t('part {0} of {1}', i + 1, job.parts.length), increment: 100 / job.parts.length });
    const part = job.parts[i];
    if (job.kind === 'file') {
      // Read again on every attempt: the outbox keeps the file's location, not its bytes.
      const uri = vscode.Uri.parse(part);
      const name = job.fileName ?? uri.path.split('/').pop() ?? 'file';
      const bytes = await vscode.workspace.fs.readFile(uri);
      progress?.report({ message: vscode.l10n.t('uploading {0} ({1})…', name, core().formatBytes(bytes.byteLength)) });
      const res = await core().uploadAndSend(s.api.get(), job.chatId ?? '', { name, bytes }, {
        signal,
        caption: job.caption,
        onProgress: (step) => {
          if (step === 'sending') progress?.report({ message: vscode.l10n.t('sending…') });
        },
      });
      outcome.messageIds.push(res.message_id);
    } else if (job.kind === 'users') {
      const users = job.userIds ?? [];
      const res = await s.api.call(requests.sendToUsers(users, part), signal);
      users.forEach((u, k) => {
        if (res.success[k] !== true) userOk.set(u, false);
      });
    } else {
      const req = job.kind === 'image' ? requests.sendImageUrl(job.chatId ?? '', part) : requests.sendText(job.chatId ?? '', part);
      const res = await s.api.call(req, signal);
      outcome.messageIds.push(res.message_id);
    }
    job.sent = i + 1;
  }
  if (job.kind === 'users') {
    outcome.delivered = [...userOk].filter(([, ok]) => ok).map(([u]) => u);
    outcome.failed = [...userOk].filter(([, ok]) => !ok).map(([u]) => u);
  }
  return outcome;
}

/**
 * Sends a job with a cancellable progress notification. On failure the job (with what is
 * still unsent) goes to the outbox and a {@link SendFailed} is thrown; on success it leaves
 * the outbox if it was there.
 */
export async function sendJob(s: Services, job: OutboxItem, options: { quiet?: boolean } = {}): Promise<SendOutcome> {
  const title = vscode.l10n.t('Sending to {0}…', targetName(job));
  const location = options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  const wasQueued = s.outbox.get(job.id) !== undefined;
  job.attempts++;
  try {
    const outcome = await vscode.window.withProgress({ location, title, cancellable: !options.quiet }, async (progress, token) => {
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      try {
        return await deliver(s, job, ac.signal, progress);
      } finally {
        sub.dispose();
      }
    });
    if (wasQueued) await s.outbox.remove(job.id);
    if (job.chatId) await s.chats.touch(job.chatId);
    s.log.info(`sent ${job.parts.length} part(s) to ${job.chatId ?? job.userIds?.join(',') ?? '?'}`);
    return outcome;
  } catch (e) {
    const cancelledBeforeAnything = isOkApiError(e) && e.kind === 'cancelled' && job.sent === 0 && e.delivery !== 'unknown' && !wasQueued;
    if (cancelledBeforeAnything) throw e;
    job.lastError = isOkApiError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
    job.delivery = isOkApiError(e) ? e.delivery : 'not-sent';
    await s.outbox.put(job);
    throw new SendFailed(e, job);
  }
}

/** A short confirmation in the status bar. */
export function confirmSent(job: OutboxItem): void {
  const where = targetName(job);
  const text = job.parts.length > 1 ? vscode.l10n.t('Sent to {0} in {1} parts.', where, job.parts.length) : vscode.l10n.t('Sent to {0}.', where);
  vscode.window.setStatusBarMessage(`$(check) ${text}`, 5000);
}
