import * as assert from 'node:assert/strict';
import { OkClient, requests, type OkClientOptions } from '../../src/core';
import { FakeOkServer } from '../fake-server/server';
import { rejection } from '../helpers/rejection';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 10, maxRetries: 3 };

describe('OkClient hard limits', () => {
  let server: FakeOkServer;
  let client: OkClient;
  let chatId: string;

  const makeClient = (extra: Partial<OkClientOptions> = {}) => new OkClient({ token: server.token, baseUrl: server.baseUrl, retry: FAST_RETRY, ...extra });

  before(async () => {
    server = await FakeOkServer.start();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    chatId = server.addChat({ title: 'Backend' }).chat_id;
    client = makeClient();
  });
  afterEach(async () => {
    await client.close();
  });

  describe('answer size', () => {
    it('a GET with an answer over 1 MiB fails cleanly, without reading it all', async () => {
      server.injectFault({ kind: 'oversized', bytes: 64 * 1024 * 1024, chunked: true }, { method: 'GET' });
      const before = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      const e = await rejection(client.call(requests.getMeInfo()));
      assert.equal(e.kind, 'bad-response');
      assert.equal(e.delivery, 'rejected');
      assert.match(e.message, /larger than 1048576 bytes/);
      assert.ok(performance.now() - started < 5000);
      assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024, 'the 64 MB answer was not kept');
    });

    it('an announced Content-Length over the limit is not read at all', async () => {
      server.injectFault({ kind: 'oversized', bytes: 256 * 1024 * 1024 }, { method: 'GET' });
      const e = await rejection(client.call(requests.getMeInfo()));
      assert.match(e.message, /268435456 bytes announced/);
    });

    it('a send with an oversized answer is "may have been sent", and not repeated', async () => {
      server.injectFault({ kind: 'oversized', bytes: 2 * 1024 * 1024, chunked: true, afterHandling: true }, { method: 'POST' });
      const e = await rejection(client.call(requests.sendText(chatId, 'hello')));
      assert.equal(e.delivery, 'unknown');
      assert.equal(server.messages.length, 1, 'OK applied it once');
      assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
    });

    it('the limit is configurable', async () => {
      await client.close();
      client = makeClient({ maxResponseBytes: 10 });
      const e = await rejection(client.call(requests.getMeInfo()));
      assert.match(e.message, /larger than 10 bytes/);
    });
  });

  describe('overall deadline', () => {
    it('a slow-loris answer to a send stops at the overall deadline, as "may have been sent"', async () => {
      await client.close();
      client = makeClient({ timeouts: { totalMs: 800, bodyMs: 30_000, headersMs: 30_000 } });
      server.injectFault({ kind: 'slow-body', everyMs: 100, chunks: 100, afterHandling: true }, { method: 'POST' });
      const started = performance.now();
      const e = await rejection(client.call(requests.sendText(chatId, 'hello')));
      const took = performance.now() - started;
      assert.equal(e.kind, 'timeout');
      assert.equal(e.delivery, 'unknown');
      assert.ok(took >= 700 && took < 3000, `took ${took} ms`);
      assert.equal(server.messages.length, 1);
    });

    it('a GET past the deadline is retried, each attempt with its own deadline', async () => {
      await client.close();
      client = makeClient({ timeouts: { totalMs: 500 } });
      server.injectFault({ kind: 'slow-body', everyMs: 100, chunks: 50 }, { method: 'GET' });
      const info = await client.call(requests.getMeInfo());
      assert.match(info.group_id, /^group:/);
      assert.equal(server.requests.length, 2);
    });

    it('the caller cancelling is still told as cancelled, not as the deadline', async () => {
      server.injectFault({ kind: 'slow-body', everyMs: 100, chunks: 100 }, { method: 'POST' });
      const e = await rejection(client.call(requests.sendText(chatId, 'hello'), { signal: AbortSignal.timeout(300) }));
      assert.equal(e.kind, 'cancelled');
    });
  });

  describe('Retry-After', () => {
    const tooMany = (seconds: number) => ({ kind: 'status' as const, status: 429, body: '{}', headers: { 'retry-after': String(seconds) } });

    it('is honoured above maxDelayMs', async () => {
      server.injectFault(tooMany(1), { method: 'POST' });
      const waits: number[] = [];
      await client.call(requests.sendText(chatId, 'hello'), { onRetryWait: (w) => waits.push(w.ms) });
      const posts = server.requests.filter((r) => r.method === 'POST');
      assert.equal(posts.length, 2);
      assert.ok(posts[1].time - posts[0].time >= 950, `retried after ${posts[1].time - posts[0].time} ms`);
      assert.deepEqual(waits, [1000]);
      assert.equal(server.messages.length, 1);
    });

    it('a wait over maxRetryAfterMs is not waited for: the error says how long', async () => {
      await client.close();
      client = makeClient({ retry: { ...FAST_RETRY, maxRetryAfterMs: 2000 } });
      server.injectFault(tooMany(60), { method: 'POST' });
      const e = await rejection(client.call(requests.sendText(chatId, 'hello')));
      assert.equal(e.kind, 'rate-limit');
      assert.equal(e.retryAfterMs, 60_000);
      assert.equal(server.requests.length, 1);
    });

    it('the wait can be cancelled', async () => {
      server.injectFault(tooMany(30), { method: 'POST' });
      const controller = new AbortController();
      const started = performance.now();
      const e = await rejection(client.call(requests.sendText(chatId, 'hello'), { signal: controller.signal, onRetryWait: () => setTimeout(() => controller.abort(), 50) }));
      assert.equal(e.kind, 'cancelled');
      assert.ok(performance.now() - started < 2000);
      assert.equal(server.messages.length, 0);
    });
  });
});
