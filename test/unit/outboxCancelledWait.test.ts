// A send cancelled while the client waits to try again: what the Outbox keeps (over a real client
// and the fake server, with nothing of the VS Code layer).
import * as assert from 'node:assert/strict';
import { JobFailed, OkApiError, newJob, parseChatId, runJob } from '../../src/core';
import * as net from 'node:net';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { clientJobHost } from '../helpers/recordingJobHost';
import { rejection } from '../helpers/rejection';

/** A loopback port that was free a moment ago (a server listened on it and closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a send cancelled during the client\'s wait', () => {
  const ok = useFakeOkWithClient({ client: { retry: { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 10, maxRetries: 3 } }, chatTitle: 'Backend' });

  /**
   * Sends `text` through the client, pressing the send's Cancel as soon as the client starts to
   * wait: the failure, and the message the Outbox kept.
   */
  async function cancelledSend(text: string, kept: string) {
    let abort: AbortController | undefined;
    const { host, store } = clientJobHost(() => ok.client, { callOptions: () => ({ onRetryWait: () => abort?.abort() }) });
    const withProgress = <T>(task: (p: { report(): void }) => Promise<T>, controller: AbortController) => {
      abort = controller;
      return task({ report: () => undefined });
    };
    const job = newJob('text', [text], { chatId: parseChatId(ok.chatId) }, 'text');
    const e = await rejection(runJob(host, job, { withProgress }), JobFailed, 'the cancelled send');
    const [item] = store.load();
    assert.ok(item, kept);
    return { e, kept: item };
  }

  it('during the wait OK asked for (rate limit): OK refused it, so it stays in the Outbox, not sent, for OK\'s reason', async () => {
    ok.server.injectFault({ kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '30' } }, { method: 'POST' });
    const { e, kept } = await cancelledSend('hello', 'the message is kept in the Outbox');
    assert.ok(e.cause instanceof OkApiError && e.cause.kind === 'rate-limit', `failed with ${String(e.cause)}`);
    assert.equal(kept.sent, 0);
    assert.equal(kept.delivery, 'rejected', 'OK refused it: nothing was applied');
    assert.equal(kept.lastError, e.cause.userMessage);
    assert.match(kept.lastError ?? '', /30 s/);
    assert.equal(ok.server.messages.length, 0);
    assert.equal(ok.server.requests.filter((r) => r.method === 'POST').length, 1, 'no later attempt');
  });

  it('during a back-off after "could not reach OK": nothing reached OK, and the message stays in the Outbox, not sent, for that reason', async () => {
    // a port nothing listens on: every attempt is refused before a byte of it is sent
    await ok.newClient({ baseUrl: `http://127.0.0.1:${await closedPort()}/graph` });
    const { e, kept } = await cancelledSend('hello, kept', 'the message is kept in the Outbox: the user stopped the waiting, not the message');
    assert.ok(e.cause instanceof OkApiError && e.cause.kind === 'network', `failed with ${String(e.cause)}`);
    assert.deepEqual(kept.parts, ['hello, kept']);
    assert.equal(kept.sent, 0);
    assert.equal(kept.delivery, 'not-sent');
    assert.equal(kept.lastError, e.cause.userMessage);
    assert.notEqual(kept.autoRetry, true, 'the user stopped it: no retry on its own');
  });
});
