/**
 * The transport of the `ok-chat` CLI (and of tests outside VS Code): undici's `request` over its
 * `EnvHttpProxyAgent`, which reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Our own code only adds
 * what undici lacks: loopback targets always go direct, NO_PROXY entries that are IP addresses or
 * CIDR ranges, only http(s) proxies (with a clear error naming the variable), extra CAs, and telling
 * a failed CONNECT apart from a failure at OK (see `proxyClient`).
 *
 * Not exported from the core's index: the extension uses VS Code's `fetch` and does not ship undici.
 * undici's parts are loaded from their own modules, not from its index (which pulls in fetch,
 * WebSocket, caches and mocks and doubles the time to load the CLI).
 */
import { readFileSync } from 'node:fs';
import type { SecureContext } from 'node:tls';
import type { Agent as AgentType, Dispatcher, EnvHttpProxyAgent as EnvAgentType, Pool as PoolType } from 'undici';
import { InputError } from '../model/ids';
import { ProxyConnectError, errorCodes, proxyFailureReason } from './connectionProblems';
import {
  alwaysDirect,
  envProxies,
  isIpNoProxyEntry,
  matchesNoProxy,
  parseProxyUrl,
  proxyInUse,
  type Env,
  type EnvProxy,
  type ProxyInUse,
} from './proxySettings';
import type { FetchLike, NetworkInfo, TransportResponse } from './transport';
import { bareHost } from './baseUrls';

/* eslint-disable @typescript-eslint/no-require-imports */
/** node:tls is needed only for https and extra CAs (undici loads it itself on the first https connection). */
const tls = (): typeof import('node:tls') => require('node:tls') as typeof import('node:tls');
type ApiRequest = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
/** Loaded by the first transport, not with this module: `ok-chat --version`, `--help` and `--dry-run` never need them. */
let core: { Agent: typeof AgentType; Pool: typeof PoolType; apiRequest: ApiRequest } | undefined;
const undiciCore = () =>
  (core ??= {
    Agent: require('undici/lib/dispatcher/agent.js') as typeof AgentType,
    Pool: require('undici/lib/dispatcher/pool.js') as typeof PoolType,
    apiRequest: require('undici/lib/api/api-request.js') as ApiRequest,
  });
type ApiConnect = (this: Dispatcher, options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
/** Loaded on first use: only users behind a proxy pay for them. */
const proxyModules = (): { EnvHttpProxyAgent: typeof EnvAgentType; apiConnect: ApiConnect } => ({
  EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof EnvAgentType,
  apiConnect: require('undici/lib/api/api-connect.js') as ApiConnect,
});
/* eslint-enable @typescript-eslint/no-require-imports */

export type CaInput = string | Buffer | ReadonlyArray<string | Buffer>;

export interface NodeTransportOptions {
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read (default `process.env`). */
  env?: Env;
  /** Proxy loopback targets too (normally they always go direct); tests put a proxy before a local server. */
  proxyLoopback?: boolean;
  /** Verify TLS certificates (default true). */
  strictSSL?: boolean;
  /** Extra CA certificates (PEM) to trust on top of Node's, e.g. a corporate root CA. */
  ca?: CaInput;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  keepAliveMaxTimeoutMs?: number;
  /** An undici dispatcher to use instead (tests: a MockAgent); the options above are then ignored. */
  dispatcher?: Dispatcher;
}

export interface NodeTransport {
  fetch: FetchLike;
  network: NetworkInfo;
}

/**
 * The CA list for TLS, or undefined to keep Node's default store. Node's default store is its
 * bundled roots plus NODE_EXTRA_CA_CERTS (read once at startup). Passing `ca` to TLS *replaces*
 * that store, so extra CAs are added to `tls.rootCertificates` and to the NODE_EXTRA_CA_CERTS
 * file(s) — Node's and `env`'s, if that one differs — instead of being passed alone.
 */
export function combineCa(ca: CaInput | undefined, env: Env = process.env): { ca?: Array<string | Buffer>; notes: string[] } {
  const given = ca === undefined ? [] : typeof ca === 'string' || Buffer.isBuffer(ca) ? [ca] : [...ca];
  const nodeFile = process.env.NODE_EXTRA_CA_CERTS || undefined;
  const envFile = env.NODE_EXTRA_CA_CERTS || undefined;
  const notes: string[] = [];
  if (given.length === 0 && (!envFile || envFile === nodeFile)) {
    if (nodeFile) notes.push(`NODE_EXTRA_CA_CERTS ${nodeFile} (loaded by Node)`);
    return { notes };
  }
  const list: Array<string | Buffer> = [...tls().rootCertificates];
  for (const file of new Set([nodeFile, envFile].filter((f): f is string => !!f))) {
    try {
      list.push(readFileSync(file, 'utf8'));
      notes.push(`NODE_EXTRA_CA_CERTS ${file}`);
    } catch (e) {
      notes.push(`NODE_EXTRA_CA_CERTS ${file} could not be read (${(e as { code?: string }).code ?? 'error'})`);
    }
  }
  list.push(...given);
  if (given.length) notes.push(`${given.length} extra CA certificate${given.length === 1 ? '' : 's'}`);
  return { ca: list, notes };
}

type Connectable = Dispatcher & { connect(options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> };

/**
 * The client to the proxy. undici's ProxyAgent calls `connect` on it; without undici's index that
 * method is missing, so it is provided here, and it turns every failure of the CONNECT step into a
 * ProxyConnectError (also a non-200 answer, which undici would report as an "aborted" request).
 */
function proxyClient(origin: URL, options: object, headersTimeout: number): Dispatcher {
  const pool = new (undiciCore().Pool)(origin, { ...(options as PoolType.Options), headersTimeout, bodyTimeout: headersTimeout }) as unknown as Connectable;
  const { apiConnect } = proxyModules();
  pool.connect = async (opts: Dispatcher.ConnectOptions) => {
    let data: Dispatcher.ConnectData;
    try {
      data = await apiConnect.call(pool, opts);
    } catch (e) {
      if (errorCodes(e).includes('UND_ERR_ABORTED')) throw e;
      throw new ProxyConnectError(proxyFailureReason(e), undefined, { cause: e });
    }
    if (data.statusCode !== 200) {
      data.socket.on('error', () => undefined).destroy();
      throw new ProxyConnectError(data.statusCode === 407 ? 'auth' : 'refused', data.statusCode);
    }
    return data;
  };
  return pool;
}

/** undici's own NO_PROXY rule for names (`host`, `.domain`, `*.domain`, `:port`), mirrored for the log and messages only. */
function undiciBypasses(target: URL, entries: readonly string[]): boolean {
  const host = bareHost(target.hostname);
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  if (entries.length === 1 && entries[0] === '*') return true;
  return entries.some((entry) => {
    const m = /^(.+):(\d+)$/.exec(entry);
    const name = (m ? m[1] : entry).replace(/^\*?\./, '');
    if (m && Number(m[2]) !== port) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/** Wraps undici's answer as the part of a fetch `Response` the client reads. */
function asResponse(res: Dispatcher.ResponseData): TransportResponse {
  return {
    status: res.statusCode,
    headers: {
      get(name) {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    body: res.body as AsyncIterable<Uint8Array>,
  };
}

/** Builds the CLI's transport. See the module comment for the rules. */
export function createNodeTransport(opts: NodeTransportOptions = {}): NodeTransport {
  const { Agent, apiRequest } = undiciCore();
  const request = (dispatcher: Dispatcher, url: string, init: Parameters<FetchLike>[1]) => {
    const u = new URL(url);
    return apiRequest
      .call(dispatcher, { origin: u.origin, path: u.pathname + u.search, method: init.method, headers: init.headers, body: init.body, signal: init.signal })
      .then(asResponse);
  };
  if (opts.dispatcher) {
    const dispatcher = opts.dispatcher;
    return { fetch: (url, init) => request(dispatcher, url, init), network: { describe: () => 'custom dispatcher', settings: 'env' } };
  }

  const env = opts.env ?? process.env;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const keepAlive = { keepAliveTimeout: opts.keepAliveTimeoutMs ?? 10_000, keepAliveMaxTimeout: opts.keepAliveMaxTimeoutMs ?? 60_000 };
  const { ca, notes } = combineCa(opts.ca, env);
  const tlsOptions: { timeout: number; ca?: Array<string | Buffer>; secureContext?: SecureContext; rejectUnauthorized?: boolean } = { timeout: connectTimeoutMs };
  if (ca) {
    // Parsing a few hundred CA certificates takes ~100 ms: do it once, not on every connection.
    tlsOptions.secureContext = tls().createSecureContext({ ca });
    tlsOptions.ca = ca;
  }
  if (opts.strictSSL === false) tlsOptions.rejectUnauthorized = false;
  const tlsNotes = [...(opts.strictSSL === false ? ['certificate checks off'] : []), ...notes];
  const tail = tlsNotes.length ? `; ${tlsNotes.join('; ')}` : '';

  const proxies = envProxies(env);
  const ipEntries = proxies.noProxy.filter(isIpNoProxyEntry);
  // undici matches names; a trailing dot (`ok.ru.`) would keep it from matching.
  const nameEntries = proxies.noProxy.filter((e) => !isIpNoProxyEntry(e)).map((e) => e.replace(/\.$/, ''));
  const inUse = new Map<EnvProxy, ProxyInUse>();

  /** The proxy a request to `url` goes through (validated: a bad proxy is an InputError naming its variable), or undefined. */
  const proxyFor = (url: URL): ProxyInUse | undefined => {
    const chosen = url.protocol === 'https:' ? proxies.https : proxies.http;
    if (!chosen || alwaysDirect(url, opts.proxyLoopback) || matchesNoProxy(url, ipEntries) || undiciBypasses(url, nameEntries)) return undefined;
    let p = inUse.get(chosen);
    if (!p) {
      p = proxyInUse(chosen); // throws for a socks:// or malformed proxy
      inUse.set(chosen, p);
    }
    return p;
  };

  const direct = new Agent({ ...keepAlive, connect: tlsOptions });
  let viaEnv: EnvAgentType | undefined;
  const envAgent = (): EnvAgentType => {
    if (!viaEnv) {
      const { EnvHttpProxyAgent } = proxyModules();
      const href = (p?: EnvProxy) => (p ? parseProxyUrl(p.url, p.envName).href : '');
      viaEnv = new EnvHttpProxyAgent({
        // Given explicitly ('' for none), so that `env` is used rather than process.env.
        httpProxy: href(proxies.http),
        httpsProxy: href(proxies.https),
        noProxy: nameEntries.join(','),
        ...keepAlive,
        connect: tlsOptions,
        requestTls: tlsOptions,
        proxyTls: tlsOptions,
        clientFactory: (origin: URL, options: object) => proxyClient(origin, options, connectTimeoutMs),
      });
    }
    return viaEnv;
  };

  const target = (url: URL): string => {
    const chosen = url.protocol === 'https:' ? proxies.https : proxies.http;
    if (!chosen) return 'direct';
    const configured = `proxy ${proxyInUse(chosen).display} from ${chosen.envName}`;
    if (alwaysDirect(url, opts.proxyLoopback)) return `direct (${url.hostname} is a loopback address; ${configured} not used)`;
    if (matchesNoProxy(url, ipEntries) || undiciBypasses(url, nameEntries)) return `direct (NO_PROXY matches ${url.host}; ${configured} not used)`;
    return `through ${configured.replace(/ from /, ' (from ')})`;
  };

  const network: NetworkInfo = {
    settings: 'env',
    describe: (url) => target(url) + tail,
    proxyFor,
    close: async () => {
      await Promise.all([direct.close(), viaEnv?.close()]);
    },
  };
  return {
    fetch: (url, init) => {
      const u = new URL(url);
      let dispatcher: Dispatcher;
      try {
        dispatcher = proxyFor(u) ? envAgent() : direct;
      } catch (e) {
        return Promise.reject(e instanceof InputError ? e : new InputError(String(e)));
      }
      return request(dispatcher, url, init);
    },
    network,
  };
}
