import * as vscode from 'vscode';
import type { ChatId } from '../core/ids';
import type { SendResult, UploadTimings, UploadedFile } from '../core';
import { isOkApiError } from '../core/errors';
import { InputError } from '../core/ids';
import { core } from './core';
import { SendFailed } from './errors';
import { newOutboxId, type OutboxItem, type OutboxKind } from './outbox';
import type { Services } from './services';

export interface SendOutcome {
  /** How many messages OK accepted. */
  sent: number;
  /** The message ids OK gave (chat sends; OK does not always say one). */
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

/** For tests: upload waits, and how long an upload token is reused. */
export type UploadTimingOverrides = Partial<UploadTimings> & { tokenMaxAgeMs?: number };

let uploadTimings: UploadTimingOverrides | undefined;

/** For tests: shorter waits for OK to process uploaded files (undefined: OK's own timings). */
export function setUploadTimings(timings: UploadTimingOverrides | undefined): void {
  uploadTimings = timings;
}

function targetName(job: OutboxItem): string {
  return job.chatTitle ?? job.chatId ?? vscode.l10n.t('{0} users', job.userIds?.length ?? 0);
}

/**
 * Shows "sending a photo / video / audio…" in the chat while files are uploaded (OK has no
 * such action for other files). Best effort: a failure here never stops the send.
 */
async function showSending(s: Services, job: OutboxItem, signal: AbortSignal): Promise<void> {
  const c = core();
  const types = new Set(job.parts.map((p) => c.uploadTypeFor(vscode.Uri.parse(p).path)));
  const action = types.has('IMAGE') ? 'sending_photo' : types.has('VIDEO') ? 'sending_video' : types.has('AUDIO') ? 'sending_audio' : undefined;
  if (!action || !job.chatId) return;
  try {
    await s.api.call(c.requests.senderAction(job.chatId, action), signal);
  } catch (e) {
    s.log.debug(`${action} not shown: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Sends the files of a job as one message. Files OK already received (a retry, also from the
 * Outbox) are not uploaded again while their token is fresh; each token is kept on the job as
 * soon as OK gives it. If OK refuses the tokens, the next attempt uploads again.
 */
async function deliverFiles(
  s: Services,
  job: OutboxItem,
  signal: AbortSignal,
  progress: vscode.Progress<{ message?: string }> | undefined,
  checkpoint: () => Promise<void>,
  track: { messageRequested: boolean },
): Promise<SendResult> {
  const c = core();
  const client = s.api.get();
  const uploads: Array<UploadedFile | null> = job.parts.map((_, i) => job.uploads?.[i] ?? null);
  await showSending(s, job, signal);
  for (let i = 0; i < job.parts.length; i++) {
    const earlier = uploads[i];
    if (earlier && c.isUploadFresh(earlier, Date.now(), uploadTimings?.tokenMaxAgeMs)) continue;
    // Read again on every upload: the outbox keeps the file's location, not its bytes.
    const uri = vscode.Uri.parse(job.parts[i]);
    const base = uri.path.split('/').pop() || 'file';
    const name = job.parts.length === 1 ? (job.fileName ?? base) : base;
    const bytes = await vscode.workspace.fs.readFile(uri);
    progress?.report({ message: vscode.l10n.t('uploading {0} ({1})…', name, c.formatBytes(bytes.byteLength)) });
    uploads[i] = await c.uploadFile(client, { name, bytes }, { signal });
    job.uploads = [...uploads];
    await checkpoint();
  }
  // from here on OK may post the message; a failure before (while uploading) left nothing in the chat
  track.messageRequested = true;
  const processing = job.parts.length > 1 ? vscode.l10n.t('OK is processing the files…') : vscode.l10n.t('OK is processing the file…');
  try {
    return await c.sendUploadedFiles(client, job.chatId ?? '', uploads as UploadedFile[], {
      signal,
      caption: job.caption,
      timings: uploadTimings,
      onProgress: (step) => progress?.report({ message: step === 'processing' ? processing : vscode.l10n.t('sending…') }),
    });
  } catch (e) {
    if (isOkApiError(e) && e.kind === 'param' && !c.isNotReady(e)) {
      s.log.info(`OK refused the uploaded file(s) (${e.message}); a retry uploads them again`);
      job.uploads = undefined;
    }
    throw e;
  }
}

/** Sends the parts of a job that OK has not accepted yet. Updates `job.sent` as it goes. */
async function deliver(
  s: Services,
  job: OutboxItem,
  signal: AbortSignal,
  progress: vscode.Progress<{ message?: string; increment?: number }> | undefined,
  checkpoint: () => Promise<void>,
  track: { messageRequested: boolean },
): Promise<SendOutcome> {
  const { requests } = core();
  const outcome: SendOutcome = { sent: 0, messageIds: [] };
  const userOk = new Map<string, boolean>((job.userIds ?? []).map((u) => [u, true]));
  if (job.kind === 'file') {
    const res = await deliverFiles(s, job, signal, progress, checkpoint, track);
    if (res.message_id) outcome.messageIds.push(res.message_id);
    job.sent = job.parts.length;
    outcome.sent = 1;
    return outcome;
  }
  for (let i = job.sent; i < job.parts.length; i++) {
    if (job.parts.length > 1) progress?.report({ message: vscode.l10n.t('part {0} of {1}', i + 1, job.parts.length), increment: 100 / job.parts.length });
    const part = job.parts[i];
    track.messageRequested = true;
    if (job.kind === 'users') {
      const users = job.userIds ?? [];
      const res = await s.api.call(requests.sendToUsers(users, part), signal);
      users.forEach((u, k) => {
        if (res.success[k] !== true) userOk.set(u, false);
      });
    } else {
      const req = job.kind === 'image' ? requests.sendImageUrl(job.chatId ?? '', part) : requests.sendText(job.chatId ?? '', part);
      const res = await s.api.call(req, signal);
      if (res.message_id) outcome.messageIds.push(res.message_id);
    }
    job.sent = i + 1;
    outcome.sent += 1;
    // stored before the next part goes: a retry after a crash never sends this part again
    if (job.sent < job.parts.length) await checkpoint();
  }
  if (job.kind === 'users') {
    outcome.delivered = [...userOk].filter(([, ok]) => ok).map(([u]) => u);
    outcome.failed = [...userOk].filter(([, ok]) => !ok).map(([u]) => u);
  }
  return outcome;
}

/**
 * Sends a job with a cancellable progress notification, write-ahead: the job is stored in the
 * Outbox (state "sending") before the first request, stored again as each part is accepted
 * (each write is durable before the next request), and removed only once OK accepted the last
 * part. On failure the job (with what is still unsent) stays in the outbox and a
 * {@link SendFailed} is thrown. One attempt at a time per job: another is refused.
 */
export async function sendJob(s: Services, job: OutboxItem, options: { quiet?: boolean } = {}): Promise<SendOutcome> {
  const attempt = s.outbox.begin(job.id);
  if (!attempt) throw new InputError(vscode.l10n.t('This message is being sent right now. Wait for that attempt to end.'));
  const title = vscode.l10n.t('Sending to {0}…', targetName(job));
  const location = options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  const wasQueued = attempt.wasQueued;
  const before = { sent: job.sent, delivery: job.delivery };
  job.attempts++;
  job.state = 'sending';
  const track = { messageRequested: false };
  try {
    await s.outbox.record(attempt, job);
    const outcome = await vscode.window.withProgress({ location, title, cancellable: !options.quiet }, async (progress, token) => {
      const sub = token.onCancellationRequested(() => attempt.abort.abort());
      const waits = s.api.showRetryWaits(attempt.abort.signal, progress);
      try {
        return await deliver(s, job, attempt.abort.signal, progress, () => s.outbox.record(attempt, job), track);
      } finally {
        sub.dispose();
        waits.dispose();
      }
    });
    await s.outbox.finish(attempt);
    if (job.chatId) await s.chats.touch(job.chatId);
    s.log.info(`sent ${job.parts.length} part(s) to ${job.chatId ?? job.userIds?.join(',') ?? '?'}`);
    return outcome;
  } catch (caught) {
    const e = s.api.whyCancelled(attempt.abort.signal, caught);
    job.state = undefined;
    const cancelledBeforeAnything =
      isOkApiError(e) && e.kind === 'cancelled' && job.sent === 0 && e.delivery !== 'unknown' && !wasQueued && !job.uploads?.some((u) => u);
    if (cancelledBeforeAnything) {
      await s.outbox.finish(attempt);
      throw e;
    }
    job.lastError = isOkApiError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
    // a file message fails while uploading before OK is asked to post anything: not sent
    job.delivery = isOkApiError(e) && track.messageRequested ? e.delivery : isOkApiError(e) && e.delivery === 'rejected' ? 'rejected' : 'not-sent';
    // OK may still have what an earlier attempt sent: only accepting that part settles it
    if (before.delivery === 'unknown' && job.sent === before.sent) job.delivery = 'unknown';
    await s.outbox.record(attempt, job);
    throw new SendFailed(e, job);
  } finally {
    s.outbox.end(attempt);
  }
}

/** A short confirmation in the status bar. */
export function confirmSent(job: OutboxItem): void {
  const where = targetName(job);
  const text = job.parts.length > 1 ? vscode.l10n.t('Sent to {0} in {1} parts.', where, job.parts.length) : vscode.l10n.t('Sent to {0}.', where);
  vscode.window.setStatusBarMessage(`$(check) ${text}`, 5000);
}
