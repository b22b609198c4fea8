import * as vscode from 'vscode';
import type { ApiRequest, LogSink, OkClient, RetryWait } from '../core';
import { isOkApiError } from '../core/errors';
import { core } from './core';
import type { Log } from './log';
import { RetryWaitDisplay, type ShownRetryWait } from './retryWaits';
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
  /** Where the retry waits of calls made with a signal are shown (see {@link showRetryWaits}). */
  private readonly waitDisplays = new WeakMap<AbortSignal, RetryWaitDisplay>();
  /** Signals aborted during a rate-limit wait, with that wait. */
  private readonly cancelledWaits = new WeakMap<AbortSignal, RetryWait>();
  /** For tests (ExtensionMode.Test only): told of every retry wait shown. */
  observeRetryWaits: ((shown: ShownRetryWait) => void) | undefined;

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
        onRetryWait: (wait, signal) => {
          if (signal) this.waitDisplays.get(signal)?.show(wait);
        },
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

  /**
   * Shows the waits between attempts of the calls made with `signal` (OK's `Retry-After`, say)
   * in `progress`, counting down, until disposed. Aborting `signal` ends a wait at once; see
   * {@link whyCancelled}.
   */
  showRetryWaits(signal: AbortSignal, progress: vscode.Progress<{ message?: string }>): vscode.Disposable {
    const display = new RetryWaitDisplay(progress, (shown) => this.observeRetryWaits?.(shown));
    this.waitDisplays.set(signal, display);
    const onAbort = (): void => {
      const wait = display.rateLimitWait();
      if (wait) this.cancelledWaits.set(signal, wait);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return new vscode.Disposable(() => {
      signal.removeEventListener('abort', onAbort);
      if (this.waitDisplays.get(signal) === display) this.waitDisplays.delete(signal);
      display.dispose();
    });
  }

  /**
   * A task cancelled while it waited because OK refused it for the rate limit was not cancelled
   * before anything: OK refused it, and it is not sent. Returns that refusal in place of the
   * cancellation; any other error as it is.
   */
  whyCancelled(signal: AbortSignal, e: unknown): unknown {
    const wait = this.cancelledWaits.get(signal);
    if (!wait || !isOkApiError(e) || e.kind !== 'cancelled' || e.delivery === 'unknown') return e;
    this.log.info(`${e.action ?? 'request'}: the wait of ${wait.ms} ms OK asked for was cancelled; not sent`);
    const { OkApiError } = core();
    return new OkApiError({ kind: 'rate-limit', delivery: 'not-sent', action: e.action });
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
