/**
 * The parts of undici the core uses, loaded from their own modules instead of undici's
 * index: the index pulls in fetch, WebSocket, caches and mocks, which doubles the size of
 * the core bundle and the time to load it (measured by `npm run bench`). The public types
 * still come from undici's own declarations. The undici version is pinned by the lockfile,
 * and the client tests exercise these paths.
 */
import type { Agent as AgentType, Dispatcher } from 'undici';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AgentImpl = require('undici/lib/dispatcher/agent.js') as typeof AgentType;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apiRequest = require('undici/lib/api/api-request.js') as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

export type { Dispatcher };
export const Agent = AgentImpl;
export type Agent = AgentType;

/** `dispatcher.request(...)` without needing undici's index to install it on the prototype. */
export function httpRequest(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}
