/**
 * How the OK client reaches the network: a `fetch`-shaped function. The extension passes the
 * extension host's global `fetch` (so VS Code's proxy support applies to every request), the CLI
 * passes undici with its proxy agent (see `nodeTransport.ts`). The client keeps everything else
 * on top of it: timeouts, the answer size cap, retries, delivery classification and redaction.
 */
import type { ProxyInUse } from './proxySettings';

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborted by the caller, or by the client's own timeouts. */
  signal: AbortSignal;
  /**
   * `manual` (the client always sets it): a redirect comes back as the 3xx answer itself and is never followed (OK's
   * API does not redirect; following one would send the body, and the token if the Location kept
   * the query, to another host). A fetch follows redirects unless told so; undici's `request`
   * never follows them.
   */
  redirect?: 'manual';
}

/**
 * The part of a fetch `Response` the client reads. A real `Response` fits; `body` may also be any
 * async iterable of bytes (a Node stream).
 */
export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
}

/** A `fetch`-shaped function: `globalThis.fetch` is one. */
export type FetchLike = (url: string, init: TransportInit) => Promise<TransportResponse>;

/** Where the proxy of a failed request came from, for the words of the error. */
export type ProxySettingsSource = 'vscode' | 'env';

/** What the client knows about its transport, for the log and for error messages. */
export interface NetworkInfo {
  /** One line for the log about requests to `target`, credentials redacted: `direct`, `through proxy http://u:***@p:3128 (from HTTPS_PROXY)`… */
  describe(target: URL): string;
  /** Whose settings decide the proxy: VS Code's (`http.proxy`…) or the environment (HTTPS_PROXY…). */
  settings: ProxySettingsSource;
  /** The proxy a request to this URL goes through, when the transport knows it. */
  proxyFor?(url: URL): ProxyInUse | undefined;
  /** Releases connections (keep-alive pools). */
  close?(): Promise<void>;
}
