import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fetchIcon, filesToEvict, iconCacheKey, ICON_TYPES, isIconUrl, MAX_ICON_CACHE_BYTES } from '../../core/net/iconDownload';
import type { Log } from '../platform/logChannel';

/**
 * Chat icons from OK, cached in the extension's global storage (`icons/`), so the chat list shows
 * them without asking OK's CDN on every start. Only https links are fetched; a failed or refused
 * icon is not asked for again in this session, and the chat keeps the generic icon.
 */
export class ChatIcons implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an icon finished downloading (the tree redraws). */
  readonly onDidChange = this.changed.event;
  private readonly dir: string;
  private readonly loading = new Map<string, Promise<vscode.Uri | undefined>>();
  /** The links not used in this session, with why (for the log and for Change Chat Icon). */
  private readonly refused = new Map<string, string>();

  /** The extension host's fetch (it follows VS Code's proxy settings); tests put one that trusts a test CA. */
  fetchImpl: typeof fetch = (...args) => fetch(...args);

  constructor(
    storage: vscode.Uri,
    private readonly log: Log,
    private readonly limitBytes = MAX_ICON_CACHE_BYTES,
  ) {
    this.dir = path.join(storage.fsPath, 'icons');
  }

  /** The cache folder. */
  get folder(): string {
    return this.dir;
  }

  /** Why a link's icon was not used in this session, if it was not. */
  whyRefused(url: string): string | undefined {
    return this.refused.get(url);
  }

  /** Forgets which links were refused in this session (for tests). */
  forgetRefused(): void {
    this.refused.clear();
  }

  private cached(url: string): string | undefined {
    const key = iconCacheKey(url);
    for (const ext of ICON_TYPES) {
      const file = path.join(this.dir, `${key}.${ext}`);
      if (fs.existsSync(file)) return file;
    }
    return undefined;
  }

  /** The icon's file when it is cached; otherwise undefined, and it is fetched in the background. */
  get(url: string | undefined): vscode.Uri | undefined {
    if (!url || this.refused.has(url)) return undefined;
    if (!isIconUrl(url)) {
      this.refuse(url, 'icons are loaded only over https');
      return undefined;
    }
    const file = this.cached(url);
    if (file) return vscode.Uri.file(file);
    void this.load(url);
    return undefined;
  }

  /** Fetches an icon into the cache (once at a time per link); resolves to its file, or undefined. */
  load(url: string): Promise<vscode.Uri | undefined> {
    let running = this.loading.get(url);
    if (!running) {
      running = this.download(url).finally(() => this.loading.delete(url));
      this.loading.set(url, running);
    }
    return running;
  }

  private async download(url: string): Promise<vscode.Uri | undefined> {
    const existing = this.cached(url);
    if (existing) return vscode.Uri.file(existing);
    try {
      const { bytes, type } = await fetchIcon(url, { fetch: this.fetchImpl });
      await fs.promises.mkdir(this.dir, { recursive: true });
      const file = path.join(this.dir, `${iconCacheKey(url)}.${type}`);
      const partial = `${file}.${process.pid}.part`;
      await fs.promises.writeFile(partial, bytes);
      await fs.promises.rename(partial, file);
      await this.evict(file);
      this.changed.fire();
      return vscode.Uri.file(file);
    } catch (e) {
      this.refuse(url, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  /** Not asked for again in this session; the log says why (once per link). */
  private refuse(url: string, why: string): void {
    this.refused.set(url, why);
    // the link is OK's public CDN address of the icon, not a secret
    this.log.warn(`chat icon ${url} not used: ${why}`);
  }

  /** Keeps the cache under its size limit, deleting the least recently written icons (never `keep`). */
  private async evict(keep: string): Promise<void> {
    const names = await fs.promises.readdir(this.dir);
    const files: Array<{ name: string; size: number; usedAt: number }> = [];
    for (const name of names) {
      const full = path.join(this.dir, name);
      const st = await fs.promises.stat(full).catch(() => undefined);
      if (st?.isFile()) files.push({ name: full, size: st.size, usedAt: full === keep ? Number.MAX_SAFE_INTEGER : st.mtimeMs });
    }
    for (const name of filesToEvict(files, this.limitBytes)) await fs.promises.rm(name, { force: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
