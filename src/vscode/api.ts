import * as vscode from 'vscode';
import type { ApiRequest, LogSink, OkClient } from '../core';
import { core } from './core';
import type { Log } from './log';
import { NETWORK_SETTINGS, apiBaseUrl, networkSettings } from './settings';
import type { TokenStore } from './token';

/**
 * Creates the OK client on first use and re-creates it when the base URL or VS Code's proxy
 * settings (`http.proxy`, `http.noProxy`, `http.proxyStrictSSL`) change. HTTPS_PROXY, NO_PROXY and
 * NODE_EXTRA_CA_CERTS come from the environment VS Code was started with.
 */
export class Api implements vscode.Disposable {
  private client?: OkClient;
  private clientKey?: string;
  private readonly subscription: vscode.Disposable;
  /** The core's log lines go to the "OK Chat" log at the same level. */
  private readonly logSink: LogSink = (level, message) => this.log[level](message);

  constructor(private readonly tokens: TokenStore, private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okChat.apiBaseUrl') || NETWORK_SETTINGS.some((s) => e.affectsConfiguration(s))) this.reset();
    });
  }

  /** The client for the current settings (throws an InputError for an invalid base URL or proxy). */
  get(): OkClient {
    const baseUrl = apiBaseUrl();
    const network = networkSettings();
    const key = JSON.stringify([baseUrl, network]);
    if (!this.client || this.clientKey !== key) {
      this.reset();
      const { OkClient } = core();
      this.client = new OkClient({
        baseUrl,
        ...network,
        token: () => this.tokens.get(),
        userAgent: `ok-chat-vscode/${vscode.version}`,
        log: this.logSink,
      });
      this.clientKey = key;
      this.log.info(`API base URL: ${this.client.baseUrl}`);
      // Credentials in the proxy URL are already replaced by *** in this line.
      this.log.info(`Connection: ${this.client.connection}`);
    }
    return this.client;
  }

  call<T>(request: ApiRequest<T>, signal?: AbortSignal): Promise<T> {
    return this.get().call(request, { signal });
  }

  /** A client bound to a token that is not stored yet (to check it before storing). */
  withToken(token: string): OkClient {
    const { OkClient } = core();
    return new OkClient({ baseUrl: apiBaseUrl(), ...networkSettings(), token, retry: { maxRetries: 1 }, log: this.logSink });
  }

  private reset(): void {
    const old = this.client;
    this.client = undefined;
    this.clientKey = undefined;
    old?.close().catch(() => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.reset();
  }
}
