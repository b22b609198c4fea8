import { setTimeout as sleep } from 'node:timers/promises';
import type { OkClient } from './okClient';
import type { CallOptions } from './clientOptions';
import { OkApiError, isOkApiError, saysNotReady } from '../model/okApiError';
import { InputError, parseChatId } from '../model/ids';
import * as l10n from '@vscode/l10n';
import { getFileUploadUrl, sendAttachments, uploadToUrl } from './okRequests';
import { MAX_ATTACHMENTS, type SendResult, type UploadResult, type UploadType, type UploadUrl } from '../model/okSchemas';

/** The largest file OK Chat uploads (OK does not document a limit; this keeps memory use sane). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;
const VIDEO = /\.(mp4|mov|webm|mkv|avi|m4v)$/i;
const AUDIO = /\.(mp3|ogg|oga|wav|m4a|aac|flac|opus)$/i;

/** How OK should treat a file, from its name. */
export function uploadTypeFor(fileName: string): UploadType {
  if (IMAGE.test(fileName)) return 'IMAGE';
  if (VIDEO.test(fileName)) return 'VIDEO';
  if (AUDIO.test(fileName)) return 'AUDIO';
  return 'FILE';
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/opus',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
};

export function mimeTypeFor(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Refuses empty and oversized files before anything is sent. */
export function checkUploadSize(fileName: string, size: number, max = MAX_UPLOAD_BYTES): void {
  if (size === 0) throw new InputError(l10n.t('{0} is empty: there is nothing to send.', fileName), 'file');
  if (size > max) throw new InputError(l10n.t('{0} is {1}; files larger than {2} are not sent.', fileName, formatBytes(size), formatBytes(max)), 'file');
}

/** The multipart/form-data body with the file in the field `file` (encoded by the platform's FormData). */
export async function encodeMultipart(fileName: string, bytes: Uint8Array, mimeType = mimeTypeFor(fileName)): Promise<{ data: Uint8Array; contentType: string }> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: mimeType }), fileName);
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { data: new Uint8Array(await encoded.arrayBuffer()), contentType };
}

/**
 * How long to let OK process an uploaded file before it is sent, and how to retry while OK says
 * it is not ready. OK asks for "a couple of seconds"; one client of the real API waits 5 s + 1 s
 * per MB, at most 30 s, and retries up to 3 times with back-off.
 */
export interface UploadTimings {
  baseWaitMs: number;
  perMbWaitMs: number;
  maxWaitMs: number;
  /** Sends retried while OK says the attachment is not ready / still processing. */
  notReadyRetries: number;
  /** The first back-off; it doubles on each retry, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export const DEFAULT_UPLOAD_TIMINGS: Readonly<UploadTimings> = {
  baseWaitMs: 5_000,
  perMbWaitMs: 1_000,
  maxWaitMs: 30_000,
  notReadyRetries: 3,
  retryDelayMs: 2_000,
  maxRetryDelayMs: 10_000,
};

/**
 * How long an upload token is reused by a retry (from the Outbox too) before the file is
 * uploaded again. OK does not say how long its tokens live; an hour covers a retry after a
 * network problem, while re-uploading is always safe (it only costs the transfer) and a stale
 * token would fail on every retry.
 */
export const UPLOAD_TOKEN_MAX_AGE_MS = 60 * 60 * 1000;

/** A file OK has received: what is needed to send it (again) without uploading it again. */
export interface UploadedFile {
  name: string;
  type: UploadType;
  token: string;
  size: number;
  /** When the upload finished (ms since the epoch). */
  uploadedAt: number;
}

/** The wait before the first send of a file of `size` bytes: base + per MB, capped. */
export function processingWaitMs(size: number, timings: UploadTimings = DEFAULT_UPLOAD_TIMINGS): number {
  return Math.min(timings.maxWaitMs, Math.round(timings.baseWaitMs + (timings.perMbWaitMs * size) / (1024 * 1024)));
}

/**
 * Whether OK refused a send because an attachment is not processed yet: the hint may be in
 * `error_msg` or only in `error_data`, in several wordings (see `saysNotReady`).
 */
export function isNotReady(e: unknown): boolean {
  return isOkApiError(e) && (saysNotReady(e.okMessage) || saysNotReady(e.okData));
}

/**
 * Whether OK refused several files in one message as a bad parameter (not "not ready"): OK may
 * take only one FILE/VIDEO/AUDIO per message. Nothing was posted, so they may go one by one.
 */
export function isRefusedTogether(e: unknown, files: ReadonlyArray<Pick<UploadedFile, 'type'>>): boolean {
  return files.length > 1 && files.some((f) => f.type !== 'IMAGE') && isOkApiError(e) && e.kind === 'param' && e.delivery === 'rejected' && !isNotReady(e);
}

/** Whether an earlier upload's token may be used again instead of uploading the file again. */
export function isUploadFresh(file: Pick<UploadedFile, 'uploadedAt'> | undefined, now = Date.now(), maxAgeMs = UPLOAD_TOKEN_MAX_AGE_MS): boolean {
  return file !== undefined && now - file.uploadedAt >= 0 && now - file.uploadedAt < maxAgeMs;
}

/**
 * The attachment token. IMAGE: only from the upload answer (`photos` map, else a top-level
 * `token`); a token given with an IMAGE upload URL is not the one to send. FILE/VIDEO/AUDIO: the
 * one given with the upload URL, else whatever the upload answer holds.
 */
export function uploadToken(type: UploadType, target: UploadUrl, uploaded: UploadResult): string | undefined {
  const photo = Object.values(uploaded.photos ?? {}).find((p) => typeof p.token === 'string' && p.token)?.token;
  const fromAnswer = photo ?? (uploaded.token || undefined);
  return type === 'IMAGE' ? fromAnswer : ((target.token || undefined) ?? fromAnswer);
}

export type UploadStep = 'uploading' | 'processing' | 'sending';

export interface UploadProgress {
  (step: UploadStep, detail?: { name?: string; waitMs?: number; attempt?: number }): void;
}

export interface SendFilesOptions extends CallOptions {
  /** The message text; without one, the file names are sent beside the attachments. */
  caption?: string;
  /**
   * Set when the files go one per message (OK refused them in one, in an earlier attempt): how
   * many OK took already. They are not sent again.
   */
  filesSent?: number;
  /**
   * Told when the files start to go one per message (0), and after each one OK took (the count
   * so far, with OK's answer). Awaited before the next file goes: the Outbox stores it first.
   */
  onFileSent?(filesSent: number, result?: SendResult): Promise<void> | void;
  log?(message: string): void;
  timings?: Partial<UploadTimings>;
  onProgress?: UploadProgress;
  /** For tests: the clock. */
  now?: () => number;
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new OkApiError({ kind: 'cancelled', delivery: 'not-sent', action: 'sendFile' });
  }
}

/** Asks OK for an upload URL and uploads the file there (multipart, field `file`, its MIME type). */
export async function uploadFile(
  client: OkClient,
  file: { name: string; bytes: Uint8Array; type?: UploadType },
  options: CallOptions & { maxBytes?: number; now?: () => number } = {},
): Promise<UploadedFile> {
  checkUploadSize(file.name, file.bytes.byteLength, options.maxBytes);
  const type = file.type ?? uploadTypeFor(file.name);
  const target = await client.call(getFileUploadUrl(type), options);
  const uploaded = await client.call(uploadToUrl(target.url, await encodeMultipart(file.name, file.bytes)), options);
  const token = uploadToken(type, target, uploaded);
  if (!token) {
    // nothing was posted: a retry uploads again
    const summary = type === 'IMAGE' ? l10n.t('OK did not return the image\'s token after the upload, so it cannot be attached; nothing was sent. Try again.') : l10n.t('OK did not return a token for the uploaded file; it cannot be attached.');
    throw new OkApiError({ kind: 'bad-response', delivery: 'not-sent', action: 'uploadFile', field: 'token', summary, detail: `no token in the ${type} upload answer` });
  }
  return { name: file.name, type, token, size: file.bytes.byteLength, uploadedAt: (options.now ?? Date.now)() };
}

/**
 * Sends uploaded files as one message (one to five attachments). Waits first while OK may still
 * be processing them (less for files uploaded a while ago), then sends, retrying with back-off
 * as long as OK says an attachment is not ready. The tokens are reused: nothing is uploaded again.
 */
export async function sendUploadedFiles(client: OkClient, chat: string, files: readonly UploadedFile[], options: SendFilesOptions = {}): Promise<SendResult> {
  const timings = { ...DEFAULT_UPLOAD_TIMINGS, ...options.timings };
  const now = options.now ?? Date.now;
  const caption = options.caption?.trim() ? options.caption : undefined;
  const wait = Math.max(0, ...files.slice(options.filesSent ?? 0).map((f) => processingWaitMs(f.size, timings) - Math.max(0, now() - f.uploadedAt)));
  if (wait > 0) {
    options.onProgress?.('processing', { waitMs: wait });
    await pause(wait, options.signal);
  }
  if (options.filesSent === undefined) {
    try {
      return await sendWhenReady(client, sendAttachments(chat, files, caption ?? files.map((f) => f.name).join(', ')), timings, options);
    } catch (e) {
      if (!isRefusedTogether(e, files)) throw e;
      options.log?.(`OK refused ${files.length} files in one message (${e instanceof Error ? e.message : String(e)}); sending them one per message with the same tokens`);
    }
    await options.onFileSent?.(0);
  }
  // one per message, the caption with the first, each other file with its name
  let first: SendResult | undefined;
  for (let i = options.filesSent ?? 0; i < files.length; i++) {
    const text = i === 0 && caption ? caption : files[i].name;
    const result = await sendWhenReady(client, sendAttachments(chat, [files[i]], text), timings, options);
    first ??= result;
    await options.onFileSent?.(i + 1, result);
  }
  return first ?? {};
}

/** Sends, retrying with back-off as long as OK says an attachment is not ready. */
async function sendWhenReady(client: OkClient, request: ReturnType<typeof sendAttachments>, timings: UploadTimings, options: SendFilesOptions): Promise<SendResult> {
  for (let attempt = 0; ; attempt++) {
    options.onProgress?.('sending', { attempt });
    try {
      return await client.call(request, options);
    } catch (e) {
      if (!isNotReady(e) || attempt >= timings.notReadyRetries) throw e;
      const delay = Math.min(timings.maxRetryDelayMs, timings.retryDelayMs * 2 ** attempt);
      options.onProgress?.('processing', { waitMs: delay, attempt: attempt + 1 });
      await pause(delay, options.signal);
    }
  }
}

/**
 * Sends files from disk as one message: uploads each (see {@link uploadFile}), then sends them
 * together (see {@link sendUploadedFiles}); the caption, or else the file names, as its text.
 */
export async function uploadAndSend(
  client: OkClient,
  chat: string,
  file: { name: string; bytes: Uint8Array; type?: UploadType } | ReadonlyArray<{ name: string; bytes: Uint8Array; type?: UploadType }>,
  options: SendFilesOptions & { maxBytes?: number } = {},
): Promise<SendResult> {
  const chatId = parseChatId(chat);
  type LocalFile = { name: string; bytes: Uint8Array; type?: UploadType };
  const list: readonly LocalFile[] = 'bytes' in file ? [file] : file;
  if (list.length > MAX_ATTACHMENTS) throw new InputError(l10n.t('At most {0} files can go in one message.', MAX_ATTACHMENTS));
  for (const f of list) checkUploadSize(f.name, f.bytes.byteLength, options.maxBytes);
  const uploaded: UploadedFile[] = [];
  for (const f of list) {
    options.onProgress?.('uploading', { name: f.name });
    uploaded.push(await uploadFile(client, f, options));
  }
  return sendUploadedFiles(client, chatId, uploaded, options);
}

