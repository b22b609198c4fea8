import * as vscode from 'vscode';
import type { Log } from './logChannel';
import { apiOrigin } from './settings';

/**
 * The access token lives only in SecretStorage, one per API origin (so a sandbox token and the
 * real one never mix). It is never written to settings, logs or messages.
 */
export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /**
   * The token last read or written, by key: every request needs it, and each read of
   * SecretStorage is a round trip to VS Code's main process (tens of milliseconds on a busy
   * machine). Forgotten on any change of the stored tokens (another window may set or sign out).
   */
  private readonly known = new Map<string, string | undefined>();
  /** Counts the changes seen, so that a read that a change overtook is not kept. */
  private changes = 0;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log) {
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith('okChat.token')) return;
      this.changes++;
      this.known.delete(e.key);
      this.changed.fire();
    });
  }

  private key(): string {
    return `okChat.token:${apiOrigin()}`;
  }

  async get(): Promise<string | undefined> {
    const key = this.key();
    if (this.known.has(key)) return this.known.get(key);
    const changes = this.changes;
    const token = (await this.secrets.get(key)) || undefined;
    this.log.addSecret(token);
    // a change while reading (set, clear, another window) may make what was read stale
    if (changes === this.changes && !this.known.has(key)) this.known.set(key, token);
    return token;
  }

  async set(token: string): Promise<void> {
    const key = this.key();
    this.log.addSecret(token);
    this.changes++;
    this.known.delete(key);
    await this.secrets.store(key, token);
    this.known.set(key, token);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    const key = this.key();
    this.changes++;
    this.known.delete(key);
    await this.secrets.delete(key);
    this.known.set(key, undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
