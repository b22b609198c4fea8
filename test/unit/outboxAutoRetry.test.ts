// The Outbox's own retries: which messages go again without being asked, and the waits between
// rounds (pure, core/outbox/autoRetry.ts), and what a failed send records for them (over a real
// client and the fake server).
import * as assert from 'node:assert/strict';
import { JobFailed, OkApiError, newJob, parseChatId, runJob, type OutboxItem } from '../../src/core';
import { roundOutcome } from '../../src/core/async/pollSchedule';
import { DEFAULT_AUTO_RETRY, nextRetry, passesLater, retriesOnItsOwn } from '../../src/core/outbox/autoRetry';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { clientJobHost } from '../helpers/recordingJobHost';
import { rejection } from '../helpers/rejection';

const error = (init: ConstructorParameters<typeof OkApiError>[0]) => new OkApiError(init);

describe('the Outbox\'s own retries: which failures pass later', () => {
  it('OK out of reach, OK or the network failing, and OK asking to slow down pass later', () => {
    assert.equal(passesLater(error({ kind: 'network', delivery: 'not-sent' })), true);
    assert.equal(passesLater(error({ kind: 'timeout', delivery: 'not-sent' })), true);
    assert.equal(passesLater(error({ kind: 'temporary', delivery: 'not-sent', httpStatus: 503 })), true);
    assert.equal(passesLater(error({ kind: 'rate-limit', delivery: 'rejected', retryAfterMs: 30_000 })), true);
  });

  it('a refusal a retry cannot fix, a cancel (also of the wait OK asked for), and anything else do not', () => {
    for (const kind of ['param', 'auth', 'permission', 'not-found', 'refused', 'user-token', 'redirect', 'bad-response', 'unknown'] as const) {
      assert.equal(passesLater(error({ kind, delivery: 'rejected' })), false, kind);
    }
    const limited = error({ kind: 'rate-limit', delivery: 'rejected', retryAfterMs: 30_000 });
    assert.equal(passesLater(error({ kind: 'cancelled', delivery: 'rejected', cancelledWait: { ms: 30_000, rateLimited: true, failure: limited } })), false);
    assert.equal(passesLater(new Error('boom')), false);
    assert.equal(passesLater(undefined), false);
  });

  it('a connection that fails for a reason a retry does not change (a rejected certificate, proxy credentials) does not pass', () => {
    assert.equal(passesLater(error({ kind: 'network', delivery: 'not-sent', connection: { certificate: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', host: 'api.ok.ru' } })), false);
    assert.equal(passesLater(error({ kind: 'network', delivery: 'not-sent', connection: { proxy: 'http://proxy:3128', proxyFailure: 'auth', proxyStatus: 407 } })), false);
    assert.equal(passesLater(error({ kind: 'network', delivery: 'not-sent', connection: { proxy: 'http://proxy:3128', proxyFailure: 'unreachable' } })), true);
  });

  it('only a message OK certainly does not have, marked so, and not being sent goes on its own', () => {
    const item = (over: Partial<OutboxItem>) => ({ autoRetry: true, delivery: 'not-sent' as const, state: undefined, ...over });
    assert.equal(retriesOnItsOwn(item({})), true);
    assert.equal(retriesOnItsOwn(item({ delivery: 'rejected' })), true);
    assert.equal(retriesOnItsOwn(item({ delivery: 'unknown' })), false, 'may have been sent: never on its own');
    assert.equal(retriesOnItsOwn(item({ autoRetry: undefined })), false, 'refused, cancelled, or kept by an older version');
    assert.equal(retriesOnItsOwn(item({ state: 'sending' })), false);
    assert.equal(retriesOnItsOwn(item({ state: 'waiting' })), false);
    assert.equal(retriesOnItsOwn(item({ delivery: undefined })), false);
  });
});

describe('the Outbox\'s own retries: the waits between rounds', () => {
  const t = { firstMs: 1000, maxMs: 10_000 };

  it('the first round after a failure waits firstMs; each failed round in a row doubles it, up to maxMs', () => {
    let state = { failures: 0 };
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = nextRetry(t, state, { kind: 'error' });
      waits.push(next.delayMs);
      state = next.state;
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('a round that sent everything starts over', () => {
    assert.deepEqual(nextRetry(t, { failures: 4 }, { kind: 'ok' }), { delayMs: 1000, state: { failures: 0 } });
  });

  it('waits at least what OK asked for, and never longer than maxMs', () => {
    assert.equal(nextRetry(t, { failures: 0 }, { kind: 'rate-limit', retryAfterMs: 5000 }).delayMs, 5000);
    assert.equal(nextRetry(t, { failures: 0 }, { kind: 'rate-limit', retryAfterMs: 3_600_000 }).delayMs, 10_000);
    assert.equal(nextRetry(t, { failures: 0 }, { kind: 'rate-limit' }).delayMs, 1000);
  });

  it('the real timings: 30 s, then doubled up to an hour', () => {
    assert.equal(nextRetry(DEFAULT_AUTO_RETRY, { failures: 0 }, { kind: 'error' }).delayMs, 30_000);
    assert.equal(nextRetry(DEFAULT_AUTO_RETRY, { failures: 20 }, { kind: 'error' }).delayMs, 3_600_000);
  });

  it('what a round came to (the one reading of a failure for every poll: unread counts, a conversation, the Outbox)', () => {
    assert.deepEqual(roundOutcome(undefined), { kind: 'ok' });
    assert.deepEqual(roundOutcome(error({ kind: 'rate-limit', delivery: 'rejected', retryAfterMs: 7000 })), { kind: 'rate-limit', retryAfterMs: 7000 });
    assert.deepEqual(roundOutcome(error({ kind: 'rate-limit', delivery: 'rejected' })), { kind: 'rate-limit' });
    assert.deepEqual(roundOutcome(error({ kind: 'network', delivery: 'not-sent' })), { kind: 'error' });
    assert.deepEqual(roundOutcome(error({ kind: 'auth', delivery: 'rejected', code: 102 })), { kind: 'auth' });
    assert.deepEqual(roundOutcome(error({ kind: 'user-token', delivery: 'rejected' })), { kind: 'auth' });
    // an OkApiError of another bundle is read by its fields
    assert.deepEqual(roundOutcome({ name: 'OkApiError', kind: 'rate-limit', retryAfterMs: 5000 }), { kind: 'rate-limit', retryAfterMs: 5000 });
    assert.deepEqual(roundOutcome(new Error('boom')), { kind: 'error' });
  });
});

describe('a failed send records whether the Outbox sends it again on its own', () => {
  const ok = useFakeOkWithClient({ client: { retry: { baseDelayMs: 5, maxDelayMs: 20, rateLimitDelayMs: 5, maxRetries: 1, maxRetryAfterMs: 1000 } }, chatTitle: 'Backend' });

  async function failedSend(): Promise<OutboxItem> {
    const { host, store } = clientJobHost(() => ok.client);
    const job = newJob('text', ['hello'], { chatId: parseChatId(ok.chatId) }, 'text');
    await rejection(runJob(host, job), JobFailed, 'the send');
    const [kept] = store.load();
    assert.ok(kept, 'kept in the Outbox');
    return kept;
  }

  it('OK asked to wait longer than the client waits: not sent, and sent again on its own later', async () => {
    ok.server.injectFault({ kind: 'retry-after', seconds: 3600 }, { method: 'POST' });
    const kept = await failedSend();
    assert.equal(kept.delivery, 'rejected');
    assert.equal(kept.autoRetry, true);
    assert.equal(retriesOnItsOwn(kept), true);
  });

  it('a 5xx to the POST (OK may have applied it): may have been sent, never on its own', async () => {
    ok.server.injectFault({ kind: 'status', status: 500 }, { method: 'POST' });
    const kept = await failedSend();
    assert.equal(kept.delivery, 'unknown');
    assert.equal(kept.autoRetry, undefined);
    assert.equal(retriesOnItsOwn(kept), false);
  });

  it('OK refused the content: not on its own (the same message would be refused again)', async () => {
    ok.server.injectFault({ kind: 'ok-error', code: 100, msg: 'PARAM : bad' }, { method: 'POST' });
    const kept = await failedSend();
    assert.equal(kept.delivery, 'rejected');
    assert.equal(kept.autoRetry, undefined);
  });
});
