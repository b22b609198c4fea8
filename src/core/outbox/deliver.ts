import type { ApiRequest } from '../net/okRequests';
import * as requests from '../net/okRequests';
import type { OkClient } from '../net/okClient';
import type { ChatId } from '../model/ids';
import { InputError } from '../model/ids';
import { isOkApiError } from '../model/okApiError';
import * as l10n from '@vscode/l10n';
import type { FileOutboxItem, OutboxItem } from './outboxItems';
import type { Outbox } from './outboxQueue';
import {
  formatBytes,
  isNotReady,
  isUploadFresh,
  sendUploadedFiles,
  uploadFile,
  uploadTypeFor,
  type UploadTimings,
  type UploadedFile,
} from '../net/fileUpload';
import { sendImageByUrl } from '../net/imageByUrl';
import { postParts, sendTextParts, usersPost } from '../net/textParts';
import { passesLater } from './autoRetry';

/** What a send achieved. */
export interface SendOutcome {
  /** How many messages OK accepted. */
  sent: number;
  /** The message ids OK gave (chat sends; OK does not always say one). */
  messageIds: string[];
  /** For direct messages: which users got every part, and which did not. */
  delivered?: string[];
  failed?: string[];
}

/** For tests: upload waits, and how long an upload token is reused. */
export type UploadTimingOverrides = Partial<UploadTimings> & { tokenMaxAgeMs?: number };

export interface JobProgress {
  report(value: { message?: string; increment?: number }): void;
}

/** What a job needs from its host (the extension, or a test). */
export interface JobHost {
  readonly outbox: Outbox;
  client(): OkClient;
  call<T>(request: ApiRequest<T>, signal: AbortSignal): Promise<T>;
  /** The bytes of a file part (the Outbox keeps the file's location, not its bytes). */
  readFile(location: string): Promise<Uint8Array>;
  /** The file name of a file part's location. */
  fileName(location: string): string;
  log: { debug(message: string): void; info(message: string): void };
  uploadTimings?: UploadTimingOverrides;
  /** Told once a chat got a message (recently used chats). */
  sentTo?(chatId: ChatId): Promise<void>;
  /**
   * Whether OK refused link buttons (an inline keyboard) already: then they go as text links at
   * once. Set by the first refusal; kept as long as the host lives (in VS Code, until reload).
   */
  keyboards?: { refused: boolean };
  /** The longest message: links added as text past it go as a message of their own (default 4000). */
  maxLength?: number;
}

/** A send failed; the job (with what is still unsent) is kept in the Outbox. */
export class JobFailed extends Error {
  override readonly name = 'JobFailed';
  constructor(override readonly cause: unknown, readonly job: OutboxItem) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Works across bundles, where `instanceof` does not. */
export function isJobFailed(e: unknown): e is JobFailed {
  return e instanceof Error && e.name === 'JobFailed' && 'job' in e;
}

/**
 * Shows "sending a photo / video / audio…" in the chat while files are uploaded (OK has no
 * such action for other files). Best effort: a failure here never stops the send.
 */
async function showSending(host: JobHost, job: FileOutboxItem, signal: AbortSignal): Promise<void> {
  const types = new Set(job.parts.map((p) => uploadTypeFor(host.fileName(p))));
  const action = types.has('IMAGE') ? 'sending_photo' : types.has('VIDEO') ? 'sending_video' : types.has('AUDIO') ? 'sending_audio' : undefined;
  if (!action) return;
  try {
    await host.call(requests.senderAction(job.chatId, action), signal);
  } catch (e) {
    host.log.debug(`${action} not shown: ${e instanceof Error ? e.message : String(e)}`);
  }
}

interface Track {
  /** Whether OK was asked to post anything yet (before, a failure left nothing in the chat). */
  messageRequested: boolean;
}

/**
 * Sends the files of a job as one message. Files OK already received (a retry, also from the
 * Outbox) are not uploaded again while their token is fresh; each token is kept on the job as
 * soon as OK gives it. If OK refuses the tokens, the next attempt uploads again. If OK refuses
 * several files in one message, they go one per message with the same tokens, and the job
 * records (write-ahead) how many OK took: a retry posts only the rest.
 */
async function deliverFiles(host: JobHost, job: FileOutboxItem, signal: AbortSignal, progress: JobProgress | undefined, checkpoint: () => Promise<void>, track: Track): Promise<SendOutcome> {
  const client = host.client();
  const uploads: Array<UploadedFile | null> = job.parts.map((_, i) => job.uploads?.[i] ?? null);
  await showSending(host, job, signal);
  // files OK already took one per message are never uploaded (nor posted) again
  for (let i = job.filesSent ?? 0; i < job.parts.length; i++) {
    const earlier = uploads[i];
    if (earlier && isUploadFresh(earlier, Date.now(), host.uploadTimings?.tokenMaxAgeMs)) continue;
    // Read again on every upload: the outbox keeps the file's location, not its bytes.
    const base = host.fileName(job.parts[i]) || 'file';
    const name = job.parts.length === 1 ? (job.fileName ?? base) : base;
    const bytes = await host.readFile(job.parts[i]);
    progress?.report({ message: l10n.t('uploading {0} ({1})…', name, formatBytes(bytes.byteLength)) });
    uploads[i] = await uploadFile(client, { name, bytes }, { signal });
    job.uploads = [...uploads];
    await checkpoint();
  }
  // from here on OK may post the message; a failure before (while uploading) left nothing in the chat
  track.messageRequested = true;
  const processing = job.parts.length > 1 ? l10n.t('OK is processing the files…') : l10n.t('OK is processing the file…');
  const outcome: SendOutcome = { sent: 0, messageIds: [] };
  try {
    const res = await sendUploadedFiles(client, job.chatId, uploads as UploadedFile[], {
      signal,
      caption: job.caption,
      timings: host.uploadTimings,
      filesSent: job.filesSent,
      log: (message) => host.log.info(message),
      onProgress: (step) => progress?.report({ message: step === 'processing' ? processing : l10n.t('sending…') }),
      onFileSent: async (count, result) => {
        job.filesSent = count;
        if (count > 0) {
          outcome.sent += 1;
          if (result?.message_id) outcome.messageIds.push(result.message_id);
          if (job.parts.length > 1) progress?.report({ message: l10n.t('file {0} of {1}', count, job.parts.length), increment: 100 / job.parts.length });
        }
        // stored before the next file goes: a retry after a crash never posts this one again
        if (count < job.parts.length) await checkpoint();
      },
    });
    if (job.filesSent === undefined) {
      outcome.sent = 1;
      if (res.message_id) outcome.messageIds.push(res.message_id);
    }
    return outcome;
  } catch (e) {
    if (isOkApiError(e) && e.kind === 'param' && !isNotReady(e) && job.filesSent === undefined) {
      host.log.info(`OK refused the uploaded file(s) (${e.message}); a retry uploads them again`);
      job.uploads = undefined;
    } else if (isOkApiError(e) && e.kind === 'param' && !isNotReady(e) && job.filesSent !== undefined && job.uploads) {
      // one per message: the files OK did not take yet are uploaded again (still one per message); the ones it took are never sent again
      const taken = job.filesSent;
      host.log.info(`OK refused file ${taken + 1} of ${job.parts.length} (${e.message}); a retry uploads the rest again`);
      job.uploads = job.uploads.map((u, i) => (i < taken ? u : null));
    }
    throw e;
  }
}

/** Sends the parts of a job that OK has not accepted yet. Updates `job.sent` as it goes. */
async function deliver(host: JobHost, job: OutboxItem, signal: AbortSignal, progress: JobProgress | undefined, checkpoint: () => Promise<void>, track: Track): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, messageIds: [] };
  if (job.kind === 'file') {
    const files = await deliverFiles(host, job, signal, progress, checkpoint, track);
    job.sent = job.parts.length;
    return files;
  }
  const partProgress = (i: number) => {
    if (job.parts.length > 1) progress?.report({ message: l10n.t('part {0} of {1}', i + 1, job.parts.length), increment: 100 / job.parts.length });
    track.messageRequested = true;
  };
  // stored before the next part goes: a retry after a crash never sends this part again
  const partSent = async (i: number) => {
    job.sent = i + 1;
    outcome.sent += 1;
    if (job.sent < job.parts.length) await checkpoint();
  };
  const partOptions = {
    maxLength: host.maxLength,
    keyboards: host.keyboards,
    from: job.sent,
    onPart: partProgress,
    onPartSent: partSent,
    log: (message: string) => host.log.info(message),
  };
  const call = <T>(request: ApiRequest<T>) => host.call(request, signal);
  if (job.kind === 'text') {
    const onMessage = (id: string | undefined) => {
      if (id) outcome.messageIds.push(id);
    };
    await sendTextParts(call, job.chatId, job.parts, { ...partOptions, buttons: job.buttons, replyTo: job.replyTo, onMessage });
    return outcome;
  }
  if (job.kind === 'users') {
    // a user OK did not deliver a part to gets none of the later ones; once nobody is left, the job ends
    const to = usersPost(call, job.userIds);
    await postParts(to.post, job.parts, { ...partOptions, buttons: job.buttons, finished: to.finished });
    return { ...outcome, delivered: to.delivered(), failed: to.failed() };
  }
  for (let i = job.sent; i < job.parts.length; i++) {
    partProgress(i);
    const res = await sendImageByUrl(call, job.chatId, job.parts[i], (m) => host.log.info(m));
    if (res.message_id) outcome.messageIds.push(res.message_id);
    await partSent(i);
  }
  return outcome;
}

export interface RunJobOptions {
  /**
   * Runs the delivery inside the host's progress UI (a cancel there aborts `abort`). Without
   * it the delivery runs as is.
   */
  withProgress?<T>(task: (progress: JobProgress) => Promise<T>, abort: AbortController): Promise<T>;
}

/**
 * What an attempt's failure is for the Outbox. A cancel during the client's wait before its next
 * attempt is no cancel before anything: the attempt before failed (OK's rate limit refused the
 * message, or OK could not be reached) and the user stopped the waiting, not the message. It stays
 * in the Outbox for that attempt's reason (not retried on its own: the user stopped it).
 */
function failureOf(e: unknown): unknown {
  return isOkApiError(e) && e.cancelledWait ? e.cancelledWait.failure : e;
}

/**
 * Sends a job write-ahead: the job is stored in the Outbox (state "sending") before the first
 * request, stored again as each part is accepted (each write is durable before the next
 * request), and removed only once OK accepted the last part. On failure the job (with what is
 * still unsent, and whether OK may have it) stays in the Outbox and a {@link JobFailed} is
 * thrown. One attempt at a time per job: another is refused.
 */
export async function runJob(host: JobHost, job: OutboxItem, options: RunJobOptions = {}): Promise<SendOutcome> {
  const { outbox } = host;
  const attempt = outbox.begin(job.id);
  if (!attempt) throw new InputError(l10n.t('This message is being sent right now. Wait for that attempt to end.'));
  const wasQueued = attempt.wasQueued;
  const before = { sent: job.sent, delivery: job.delivery };
  job.attempts++;
  job.state = 'sending';
  const track: Track = { messageRequested: false };
  try {
    await outbox.record(attempt, job);
    const task = (progress?: JobProgress) => deliver(host, job, attempt.abort.signal, progress, () => outbox.record(attempt, job), track);
    const outcome = options.withProgress ? await options.withProgress(task, attempt.abort) : await task();
    await outbox.finish(attempt);
    // the chat's "last used" is not worth keeping the sender waiting for
    if (job.kind !== 'users') void host.sentTo?.(job.chatId).catch((e: unknown) => host.log.info(`last use of ${job.chatId} not stored: ${e instanceof Error ? e.message : String(e)}`));
    host.log.info(`sent ${job.parts.length} part(s) to ${job.kind === 'users' ? job.userIds.join(',') : job.chatId}`);
    return outcome;
  } catch (caught) {
    const e = failureOf(caught);
    job.state = undefined;
    const cancelledBeforeAnything =
      isOkApiError(e) && e.kind === 'cancelled' && job.sent === 0 && e.delivery !== 'unknown' && !wasQueued && !(job.kind === 'file' && job.uploads?.some((u) => u));
    if (cancelledBeforeAnything) {
      await outbox.finish(attempt);
      throw e;
    }
    job.lastError = isOkApiError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
    // a file message fails while uploading before OK is asked to post anything: not sent
    job.delivery = isOkApiError(e) && track.messageRequested ? e.delivery : isOkApiError(e) && e.delivery === 'rejected' ? 'rejected' : 'not-sent';
    // OK may still have what an earlier attempt sent: only OK accepting that part settles it
    if (before.delivery === 'unknown' && job.sent === before.sent) job.delivery = 'unknown';
    // a cancel (also of OK's wait) is the user's: what is caught, not what the wait came after
    job.autoRetry = job.delivery !== 'unknown' && passesLater(caught) ? true : undefined;
    await outbox.record(attempt, job);
    throw new JobFailed(e, job);
  } finally {
    outbox.end(attempt);
  }
}
