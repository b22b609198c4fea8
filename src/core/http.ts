/**
 * The parts of undici the core uses, loaded from their own modules instead of undici's
 * index: the index pulls in fetch, WebSocket, caches and mocks, which doubles the size of
 * the core bundle and the time to load it (measured by `npm run bench`). The public types
 * still come from undici's own declarations. The undici version is pinned by the lockfile,
 * and the client tests exercise these paths.
 */
import type { Agent as AgentType, Dispatcher, Pool as PoolType, ProxyAgent as ProxyAgentType } from 'undici';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AgentImpl = require('undici/lib/dispatcher/agent.js') as typeof AgentType;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PoolImpl = require('undici/lib/dispatcher/pool.js') as typeof PoolType;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apiRequest = require('undici/lib/api/api-request.js') as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

export type { Dispatcher };
export const Agent = AgentImpl;
export type Agent = AgentType;
export type ProxyAgent = ProxyAgentType;
export const Pool = PoolImpl;
export type Pool = PoolType;
export type PoolOptions = PoolType.Options;

/** `dispatcher.request(...)` without needing undici's index to install it on the prototype. */
export function httpRequest(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}

type ApiConnect = (this: Dispatcher, options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
let proxyModules: { ProxyAgent: typeof ProxyAgentType; apiConnect: ApiConnect } | undefined;

/** undici's ProxyAgent, loaded on first use: only users behind a proxy pay for it. */
function loadProxyModules(): NonNullable<typeof proxyModules> {
  proxyModules ??= {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ProxyAgent: require('undici/lib/dispatcher/proxy-agent.js') as typeof ProxyAgentType,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    apiConnect: require('undici/lib/api/api-connect.js') as ApiConnect,
  };
  return proxyModules;
}

export function newProxyAgent(options: ProxyAgentType.Options): ProxyAgentType {
  const { ProxyAgent } = loadProxyModules();
  return new ProxyAgent(options);
}

/**
 * `dispatcher.connect(...)` (an HTTP CONNECT tunnel). undici's ProxyAgent calls `connect` on its
 * client to the proxy, a method that only undici's index installs; the proxy module passes a
 * client that has it (see `proxy.ts`).
 */
export function httpConnect(dispatcher: Dispatcher, options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> {
  return loadProxyModules().apiConnect.call(dispatcher, options);
}
