import * as vscode from 'vscode';
import type { ApiRequest, OkClient } from '../core';
import { core } from './core';
import type { Log } from './log';
import { apiBaseUrl } from './settings';
import type { TokenStore } from './token';

/** Creates the OK client on first use and re-creates it when the base URL setting changes. */
export class Api implements vscode.Disposable {
  private client?: OkClient;
  private clientBaseUrl?: string;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly tokens: TokenStore, private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okChat.apiBaseUrl')) this.reset();
    });
  }

  /** The client for the current settings (throws an InputError for an invalid base URL). */
  get(): OkClient {
    const baseUrl = apiBaseUrl();
    if (!this.client || this.clientBaseUrl !== baseUrl) {
      this.reset();
      const { OkClient } = core();
      this.client = new OkClient({
        baseUrl,
        token: () => this.tokens.get(),
        userAgent: `ok-chat-vscode/${vscode.version}`,
        log: (level, message) => this.log[level === 'trace' ? 'trace' : level](message),
      });
      this.clientBaseUrl = baseUrl;
      this.log.info(`API base URL: ${this.client.baseUrl}`);
    }
    return this.client;
  }

  call<T>(request: ApiRequest<T>, signal?: AbortSignal): Promise<T> {
    return this.get().call(request, { signal });
  }

  /** A client bound to a token that is not stored yet (to check it before storing). */
  withToken(token: string): OkClient {
    const { OkClient } = core();
    return new OkClient({ baseUrl: apiBaseUrl(), token, retry: { maxRetries: 1 }, log: (level, m) => this.log[level === 'trace' ? 'trace' : level](m) });
  }

  private reset(): void {
    const old = this.client;
    this.client = undefined;
    this.clientBaseUrl = undefined;
    old?.close().catch(() => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.reset();
  }
}
