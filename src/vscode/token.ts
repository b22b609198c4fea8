import * as vscode from 'vscode';
import type { Log } from './log';
import { apiOrigin } from './settings';

/**
 * The access token lives only in SecretStorage, one per API origin (so a sandbox token and the
 * real one never mix). It is never written to settings, logs or messages.
 */
export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith('okChat.token')) this.changed.fire();
    });
  }

  private key(): string {
    return `okChat.token:${apiOrigin()}`;
  }

  async get(): Promise<string | undefined> {
    const token = await this.secrets.get(this.key());
    this.log.addSecret(token);
    return token || undefined;
  }

  async set(token: string): Promise<void> {
    this.log.addSecret(token);
    await this.secrets.store(this.key(), token);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.key());
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
