import * as vscode from 'vscode';
import type { ApiRequest, FetchLike, LogSink, NetworkInfo, OkClient } from '../../core';
import { core } from './lazyCore';
import type { Log } from './logChannel';
import { RetryWaitDisplay } from './retryWaits';
import { apiBaseUrl } from './settings';
import type { TokenStore } from './tokenStore';
import type { Tuning } from './tuning';

/**
 * Every request goes through the extension host's global `fetch`, looked up per request (the
 * client asks it not to follow redirects: `redirect: 'manual'`, see transport.ts): VS Code
 * resolves the proxy for each one (`http.proxy`, and on the desktop the system's proxy settings
 * and PAC scripts, with Kerberos/NTLM or Basic sign-in to the proxy) and trusts the operating
 * system's certificates. OK Chat has no proxy code of its own.
 */
const vscodeFetch: FetchLike = (url, init) => globalThis.fetch(url, init);

const VSCODE_NETWORK: NetworkInfo = {
  settings: 'vscode',
  describe: () => {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy')?.trim();
    const support = http.get<string>('proxySupport') ?? 'override';
    return `VS Code's network stack (http.proxySupport: ${support}; ${proxy ? 'http.proxy is set' : 'no http.proxy: the system proxy or a PAC script, if any'})`;
  },
};

/** Creates the OK client on first use and re-creates it when the base URL changes. */
export class Api implements vscode.Disposable {
  private client?: OkClient;
  private clientKey?: string;
  private readonly subscription: vscode.Disposable;
  /** The core's log lines go to the "OK Chat" log at the same level. */
  private readonly logSink: LogSink = (level, message) => this.log[level](message);
  /** Where the retry waits of calls made with a signal are shown (see {@link showRetryWaits}). */
  private readonly waitDisplays = new WeakMap<AbortSignal, RetryWaitDisplay>();
  /** Whether OK refused link buttons: remembered until the window reloads (the extension host restarts). */
  readonly keyboards = { refused: false };
  private readonly reachedOk = new vscode.EventEmitter<void>();
  /** Fires when OK answered a call made through {@link call} (the Outbox's retries then come sooner). */
  readonly onDidReachOk = this.reachedOk.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly log: Log,
    private readonly tuning: Tuning,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okChat.apiBaseUrl')) this.reset();
    });
  }

  /** The client for the current settings (throws an InputError for an invalid base URL). */
  get(): OkClient {
    const baseUrl = apiBaseUrl();
    if (!this.client || this.clientKey !== baseUrl) {
      this.reset();
      const { OkClient } = core();
      this.client = new OkClient({
        baseUrl,
        fetch: vscodeFetch,
        network: VSCODE_NETWORK,
        token: () => this.tokens.get(),
        userAgent: `ok-chat-vscode/${vscode.version}`,
        log: this.logSink,
        onRetryWait: (wait, signal) => {
          if (signal) this.waitDisplays.get(signal)?.show(wait);
        },
      });
      this.clientKey = baseUrl;
      this.log.info(`API base URL: ${this.client.baseUrl}`);
      this.log.info(`Connection: ${this.client.connection}`);
    }
    return this.client;
  }

  async call<T>(request: ApiRequest<T>, signal?: AbortSignal): Promise<T> {
    const result = await this.get().call(request, { signal });
    this.reachedOk.fire();
    return result;
  }

  /**
   * Shows the waits between attempts of the calls made with `signal` (OK's `Retry-After`, say)
   * in `progress`, counting down, until disposed. Aborting `signal` ends a wait at once: the
   * client then rejects with a cancel that says which wait it ended (`OkApiError.cancelledWait`).
   */
  showRetryWaits(signal: AbortSignal, progress: vscode.Progress<{ message?: string }>): vscode.Disposable {
    const display = new RetryWaitDisplay(progress, (shown) => this.tuning.retryWaitShown?.(shown));
    this.waitDisplays.set(signal, display);
    return new vscode.Disposable(() => {
      if (this.waitDisplays.get(signal) === display) this.waitDisplays.delete(signal);
      display.dispose();
    });
  }

  /** A client bound to a token that is not stored yet (to check it before storing). */
  withToken(token: string): OkClient {
    const { OkClient } = core();
    return new OkClient({ baseUrl: apiBaseUrl(), fetch: vscodeFetch, network: VSCODE_NETWORK, token, retry: { maxRetries: 1 }, log: this.logSink });
  }

  private reset(): void {
    const old = this.client;
    this.client = undefined;
    this.clientKey = undefined;
    old?.close().catch(() => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.reachedOk.dispose();
    this.reset();
  }
}
