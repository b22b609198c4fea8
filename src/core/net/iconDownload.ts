/**
 * Chat icons from OK, for the editor's chat list: fetched only over https, only small images,
 * checked by their bytes (not by what the server says they are). Errors go to the log only.
 */
import { createHash } from 'node:crypto';

/** An icon larger than this is not shown (OK's chat icons are a few KB). */
export const MAX_ICON_BYTES = 256 * 1024;
/** The icon cache keeps at most this much on disk; the least recently used go first. */
export const MAX_ICON_CACHE_BYTES = 8 * 1024 * 1024;

export type IconType = 'png' | 'jpg' | 'gif' | 'webp';
export const ICON_TYPES: readonly IconType[] = ['png', 'jpg', 'gif', 'webp'];

/** Only https: an icon link must not make the editor talk plain http to anyone. */
export function isIconUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The cache file's name (without extension) for an icon URL. */
export function iconCacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}

/** The image type by its first bytes, or undefined when it is none of the four. */
export function sniffImage(bytes: Uint8Array): IconType | undefined {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  return undefined;
}

export interface FetchIconOptions {
  fetch?: typeof fetch;
  maxBytes?: number;
  timeoutMs?: number;
}

/** Downloads an icon; rejects with a sentence saying why it is not used. */
export async function fetchIcon(url: string, options: FetchIconOptions = {}): Promise<{ bytes: Uint8Array; type: IconType }> {
  const maxBytes = options.maxBytes ?? MAX_ICON_BYTES;
  if (!isIconUrl(url)) throw new Error('icons are loaded only over https');
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  // Redirects are followed here, not by fetch, so that none leads to plain http.
  let res = await doFetch(url, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
  for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.get('location'); hops++) {
    const next = new URL(res.headers.get('location') ?? '', url).href;
    await res.body?.cancel().catch(() => undefined);
    if (!isIconUrl(next)) throw new Error('icons are loaded only over https (the link redirects to plain http)');
    if (hops >= 3) throw new Error('the icon link redirects too often');
    url = next;
    res = await doFetch(url, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
  }
  try {
    if (!res.ok) throw new Error(`the icon server answered ${res.status}`);
    const declared = Number(res.headers.get('content-length'));
    if (declared > maxBytes) throw new Error(`the icon is larger than ${Math.round(maxBytes / 1024)} KB`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new Error(`the icon is larger than ${Math.round(maxBytes / 1024)} KB`);
        chunks.push(chunk);
      }
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.byteLength;
    }
    const type = sniffImage(bytes);
    if (!type) throw new Error('the icon is not a PNG, JPEG, GIF or WebP image');
    return { bytes, type };
  } finally {
    if (!res.bodyUsed) await res.body?.cancel().catch(() => undefined);
  }
}

/** Which cached files to delete so that the rest fit in `limit` bytes: the least recently used first. */
export function filesToEvict(files: ReadonlyArray<{ name: string; size: number; usedAt: number }>, limit = MAX_ICON_CACHE_BYTES): string[] {
  let total = files.reduce((n, f) => n + f.size, 0);
  const out: string[] = [];
  for (const f of [...files].sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= limit) break;
    out.push(f.name);
    total -= f.size;
  }
  return out;
}
