// A job host for Outbox tests: every request's body is recorded and answered by `answer`
// (a throw becomes a rejection), over an Outbox kept in memory.
import { MemoryOutboxStore, Outbox, type ApiRequest, type JobHost } from '../../src/core';

export function recordingJobHost<Body>(answer: (body: Body) => unknown, extra: Partial<Pick<JobHost, 'keyboards' | 'maxLength'>> = {}) {
  const bodies: Body[] = [];
  const store = new MemoryOutboxStore();
  const host: JobHost = {
    outbox: new Outbox(store, { owner: 'w' }),
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
    readFile: () => Promise.resolve(new Uint8Array()),
    fileName: (l) => l,
    log: { debug: () => undefined, info: () => undefined },
    ...extra,
  };
  return { host, bodies, store };
}
