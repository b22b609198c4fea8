import type { OkClient, CallOptions } from './client';
import { InputError, parseChatId } from './ids';
import { t } from './l10n';
import { getFileUploadUrl, sendUploaded, uploadToUrl } from './requests';
import type { SendResult, UploadType } from './schemas';

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
  mov: 'video/quicktime',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  pdf: 'application/pdf',
  zip: 'application/zip',
  txt: 'text/plain',
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
  if (size === 0) throw new InputError(t('{0} is empty: there is nothing to send.', fileName), 'file');
  if (size > max) throw new InputError(t('{0} is {1}; files larger than {2} are not sent.', fileName, formatBytes(size), formatBytes(max)), 'file');
}

/** The multipart/form-data body with the file in the field `file` (encoded by the platform's FormData). */
export async function encodeMultipart(fileName: string, bytes: Uint8Array, mimeType = mimeTypeFor(fileName)): Promise<{ data: Uint8Array; contentType: string }> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: mimeType }), fileName);
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { data: new Uint8Array(await encoded.arrayBuffer()), contentType };
}

export interface UploadProgress {
  (step: 'uploading' | 'sending'): void;
}

/**
 * Sends a file from disk: asks OK for an upload URL, uploads the file there (multipart, field
 * `file`), then sends a message with the file's token as attachment (and the caption as text).
 */
export async function uploadAndSend(
  client: OkClient,
  chat: string,
  file: { name: string; bytes: Uint8Array; type?: UploadType },
  options: CallOptions & { caption?: string; maxBytes?: number; onProgress?: UploadProgress } = {},
): Promise<SendResult> {
  const chatId = parseChatId(chat);
  checkUploadSize(file.name, file.bytes.byteLength, options.maxBytes);
  const type = file.type ?? uploadTypeFor(file.name);
  const target = await client.call(getFileUploadUrl(type), options);
  options.onProgress?.('uploading');
  const uploaded = await client.call(uploadToUrl(target.url, await encodeMultipart(file.name, file.bytes)), options);
  const token = uploaded.token ?? target.token;
  if (!token) throw new InputError(t('OK did not return a token for the uploaded file; it cannot be attached.'));
  options.onProgress?.('sending');
  return client.call(sendUploaded(chatId, type, token, options.caption), options);
}
