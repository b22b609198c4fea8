// Job hosts for Outbox tests, over an Outbox kept in memory: one whose requests' bodies are
// recorded and answered by a function, and one whose requests go through a real client (the fake
// server's).
import { MemoryOutboxStore, Outbox, type ApiRequest, type CallOptions, type JobHost, type OkClient } from '../../src/core';

/** What every test host shares: an Outbox in memory, no files, no log. */
function baseHost(store: MemoryOutboxStore): Omit<JobHost, 'client' | 'call'> {
  return {
    outbox: new Outbox(store, { owner: 'w' }),
    readFile: () => Promise.resolve(new Uint8Array()),
    fileName: (l) => l,
    log: { debug: () => undefined, info: () => undefined },
  };
}

/** Every request's body is recorded and answered by `answer` (a throw becomes a rejection). */
export function recordingJobHost<Body>(answer: (body: Body) => unknown, extra: Partial<Pick<JobHost, 'keyboards' | 'maxLength'>> = {}) {
  const bodies: Body[] = [];
  const store = new MemoryOutboxStore();
  const host: JobHost = {
    ...baseHost(store),
    client: () => {
      throw new Error('no client here');
    },
    call: <T>(request: ApiRequest<T>) => {
      const body = request.body as Body;
      bodies.push(body);
      try {
        return Promise.resolve(answer(body) as T);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    ...extra,
  };
  return { host, bodies, store };
}

/** Requests go through `client` (with the send's signal, and `callOptions` such as onRetryWait). */
export function clientJobHost(client: () => OkClient, options: { callOptions?: () => CallOptions; extra?: Partial<Pick<JobHost, 'keyboards' | 'maxLength'>> } = {}) {
  const store = new MemoryOutboxStore();
  const host: JobHost = {
    ...baseHost(store),
    client,
    call: <T>(request: ApiRequest<T>, signal: AbortSignal) => client().call(request, { ...options.callOptions?.(), signal }),
    ...options.extra,
  };
  return { host, store };
}
