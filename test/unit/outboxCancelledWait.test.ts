// A send cancelled while the client waits to try again: what the Outbox keeps (over a real client
// and the fake server, with nothing of the VS Code layer).
import * as assert from 'node:assert/strict';
import { MemoryOutboxStore, OkApiError, Outbox, isJobFailed, newJob, parseChatId, runJob, type ApiRequest, type JobHost } from '../../src/core';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';

describe('a send cancelled during the client\'s wait', () => {
  const ok = useFakeOkWithClient({ client: { retry: { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 10, maxRetries: 3 } }, chatTitle: 'Backend' });

  /** A host whose calls go through the client; the send's Cancel is pressed as soon as the client starts to wait. */
  function cancellingHost() {
    const store = new MemoryOutboxStore();
    let abort: AbortController | undefined;
    const host: JobHost = {
      outbox: new Outbox(store, { owner: 'w' }),
      client: () => ok.client,
      call: <T>(request: ApiRequest<T>, signal: AbortSignal) => ok.client.call(request, { signal, onRetryWait: () => abort?.abort() }),
      readFile: () => Promise.resolve(new Uint8Array()),
      fileName: (l) => l,
      log: { debug: () => undefined, info: () => undefined },
    };
    const withProgress = <T>(task: (p: { report(): void }) => Promise<T>, controller: AbortController) => {
      abort = controller;
      return task({ report: () => undefined });
    };
    return { host, store, withProgress };
  }

  it('during the wait OK asked for (rate limit): OK refused it, so it stays in the Outbox, not sent, for OK\'s reason', async () => {
    ok.server.injectFault({ kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '30' } }, { method: 'POST' });
    const { host, store, withProgress } = cancellingHost();
    const job = newJob('text', ['hello'], { chatId: parseChatId(ok.chatId) }, 'text');
    const e = await runJob(host, job, { withProgress }).then(
      () => assert.fail('the send was cancelled'),
      (caught: unknown) => caught,
    );
    assert.ok(isJobFailed(e), `failed with ${String(e)}`);
    assert.ok(e.cause instanceof OkApiError && e.cause.kind === 'rate-limit', `failed with ${String(e.cause)}`);
    const [kept] = store.load();
    assert.ok(kept, 'the message is kept in the Outbox');
    assert.equal(kept.sent, 0);
    assert.equal(kept.delivery, 'rejected', 'OK refused it: nothing was applied');
    assert.equal(kept.lastError, e.cause.userMessage);
    assert.match(kept.lastError ?? '', /30 s/);
    assert.equal(ok.server.messages.length, 0);
    assert.equal(ok.server.requests.filter((r) => r.method === 'POST').length, 1, 'no later attempt');
  });
});
