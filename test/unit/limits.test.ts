import * as assert from 'node:assert/strict';
import { InputError, MAX_MESSAGE_PARTS, OkApiError, describeUnknownTemplateVariables, parseChatId, requests, splitMessage, unknownTemplateVariables } from '../../src/core';
import { parseRules } from '../../src/core/notify/buildRules';
const { MAX_CHAT_TITLE_LENGTH } = requests;
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, rateLimitDelayMs: 10, maxRetries: 3 };

describe('OkClient hard limits', () => {
  const ok = useFakeOkWithClient({ client: { retry: FAST_RETRY }, chatTitle: 'Backend' });

  describe('answer size', () => {
    it('a GET with an answer over 1 MiB fails cleanly, without reading it all', async () => {
      ok.server.injectFault({ kind: 'oversized', bytes: 64 * 1024 * 1024, chunked: true }, { method: 'GET' });
      const before = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
      assert.equal(e.kind, 'bad-response');
      assert.equal(e.delivery, 'rejected');
      assert.match(e.message, /larger than 1048576 bytes/);
      assert.ok(performance.now() - started < 5000);
      assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024, 'the 64 MB answer was not kept');
    });

    it('an announced Content-Length over the limit is not read at all', async () => {
      ok.server.injectFault({ kind: 'oversized', bytes: 256 * 1024 * 1024 }, { method: 'GET' });
      const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
      assert.match(e.message, /268435456 bytes announced/);
    });

    it('a send with an oversized answer is "may have been sent", and not repeated', async () => {
      ok.server.injectFault({ kind: 'oversized', bytes: 2 * 1024 * 1024, chunked: true, afterHandling: true }, { method: 'POST' });
      const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'hello')), OkApiError);
      assert.equal(e.delivery, 'unknown');
      assert.equal(ok.server.messages.length, 1, 'OK applied it once');
      assert.equal(ok.server.requests.filter((r) => r.method === 'POST').length, 1);
    });

    it('the limit is configurable', async () => {
      await ok.newClient({ maxResponseBytes: 10 });
      const e = await rejection(ok.client.call(requests.getMeInfo()), OkApiError);
      assert.match(e.message, /larger than 10 bytes/);
    });
  });

  describe('overall deadline', () => {
    it('a slow-loris answer to a send stops at the overall deadline, as "may have been sent"', async () => {
      await ok.newClient({ timeouts: { totalMs: 800, bodyMs: 30_000, headersMs: 30_000 } });
      ok.server.injectFault({ kind: 'slow', byteEveryMs: 100, afterHandling: true }, { method: 'POST' });
      const started = performance.now();
      const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'hello')), OkApiError);
      const took = performance.now() - started;
      assert.equal(e.kind, 'timeout');
      assert.equal(e.delivery, 'unknown');
      assert.ok(took >= 700 && took < 3000, `took ${took} ms`);
      assert.equal(ok.server.messages.length, 1);
    });

    it('a GET past the deadline is retried, each attempt with its own deadline', async () => {
      await ok.newClient({ timeouts: { totalMs: 500 } });
      ok.server.injectFault({ kind: 'slow', byteEveryMs: 100 }, { method: 'GET' });
      const info = await ok.client.call(requests.getMeInfo());
      assert.match(info.group_id, /^group:/);
      assert.equal(ok.server.requests.length, 2);
    });

    it('the caller cancelling is still told as cancelled, not as the deadline', async () => {
      ok.server.injectFault({ kind: 'slow', byteEveryMs: 100 }, { method: 'POST' });
      const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'hello'), { signal: AbortSignal.timeout(300) }), OkApiError);
      assert.equal(e.kind, 'cancelled');
    });
  });

  describe('Retry-After', () => {
    const tooMany = (seconds: number) => ({ kind: 'status' as const, status: 429, body: '{}', headers: { 'retry-after': String(seconds) } });

    it('is honoured above maxDelayMs', async () => {
      ok.server.injectFault(tooMany(1), { method: 'POST' });
      const waits: number[] = [];
      await ok.client.call(requests.sendText(ok.chatId, 'hello'), { onRetryWait: (w) => waits.push(w.ms) });
      const posts = ok.server.requests.filter((r) => r.method === 'POST');
      assert.equal(posts.length, 2);
      assert.ok(posts[1].time - posts[0].time >= 950, `retried after ${posts[1].time - posts[0].time} ms`);
      assert.deepEqual(waits, [1000]);
      assert.equal(ok.server.messages.length, 1);
    });

    it('a wait over maxRetryAfterMs is not waited for: the error says how long', async () => {
      await ok.newClient({ retry: { ...FAST_RETRY, maxRetryAfterMs: 2000 } });
      ok.server.injectFault(tooMany(60), { method: 'POST' });
      const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'hello')), OkApiError);
      assert.equal(e.kind, 'rate-limit');
      assert.equal(e.retryAfterMs, 60_000);
      assert.equal(ok.server.requests.length, 1);
    });

    it('the wait can be cancelled', async () => {
      ok.server.injectFault(tooMany(30), { method: 'POST' });
      const controller = new AbortController();
      const started = performance.now();
      const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'hello'), { signal: controller.signal, onRetryWait: () => setTimeout(() => controller.abort(), 50) }), OkApiError);
      assert.equal(e.kind, 'cancelled');
      assert.ok(performance.now() - started < 2000);
      assert.equal(ok.server.messages.length, 0);
      // the client says which wait was cancelled and what the attempt before it came to
      assert.equal(e.cancelledWait?.rateLimited, true);
      assert.equal(e.cancelledWait?.ms, 30_000);
      assert.equal(e.cancelledWait?.failure.kind, 'rate-limit');
      assert.equal(e.cancelledWait?.failure.retryAfterMs, 30_000);
      assert.equal(e.delivery, 'rejected', 'OK refused the attempt: nothing was applied');
    });

    it('a cancel during a back-off wait (not OK\'s) says so too, not rate-limited', async () => {
      ok.server.injectFault({ kind: 'status', status: 503, body: '{}' }, { method: 'GET' });
      const controller = new AbortController();
      const e = await rejection(ok.client.call(requests.getMeInfo(), { signal: controller.signal, onRetryWait: () => controller.abort() }), OkApiError);
      assert.equal(e.kind, 'cancelled');
      assert.equal(e.cancelledWait?.rateLimited, false);
      assert.equal(e.cancelledWait?.failure.kind, 'temporary');
      assert.equal(ok.server.requests.length, 1, 'no later attempt');
    });

    it('a cancel while a request is on its way is no cancelled wait', async () => {
      ok.server.injectFault({ kind: 'slow', byteEveryMs: 100 }, { method: 'POST' });
      const e = await rejection(ok.client.call(requests.sendText(ok.chatId, 'hello'), { signal: AbortSignal.timeout(200) }));
      assert.equal(e.kind, 'cancelled');
      assert.equal(e.cancelledWait, undefined);
    });

    it('a host\'s onRetryWait hears every call\'s waits with that call\'s signal; a call\'s own listener wins', async () => {
      const heard: Array<{ ms: number; rateLimited: boolean; attempt: number; signal: AbortSignal | undefined }> = [];
      await ok.newClient({ onRetryWait: (w, signal) => heard.push({ ...w, signal }) });
      const task = new AbortController();
      ok.server.injectFault(tooMany(1), { method: 'POST' });
      await ok.client.call(requests.sendText(ok.chatId, 'one'), { signal: task.signal });
      assert.equal(heard.length, 1);
      assert.deepEqual({ ...heard[0], signal: undefined }, { ms: 1000, rateLimited: true, attempt: 1, signal: undefined });
      assert.equal(heard[0].signal, task.signal, 'the wait is told with the signal of the call that waits');

      const own: number[] = [];
      ok.server.injectFault(tooMany(1), { method: 'POST' });
      await ok.client.call(requests.sendText(ok.chatId, 'two'), { onRetryWait: (w) => own.push(w.ms) });
      assert.deepEqual(own, [1000]);
      assert.equal(heard.length, 1, 'the call had its own listener');
      assert.deepEqual(ok.server.messages.map((m) => m.text), ['one', 'two']);
    });
  });
});

describe('input limits', () => {
  const ok = useFakeOkWithClient({ client: { retry: FAST_RETRY }, chatTitle: 'Backend' });

  it('a message over 50 parts is refused at once, before any request: send it as a file', () => {
    // a bound far above the time it takes (a few ms) and far below cutting 20 MB into parts of 20
    const started = performance.now();
    assert.throws(() => splitMessage('x'.repeat(20_000_000), 20), (e: Error) => e instanceof InputError && e.reason === 'too-long' && /Send it as a file/.test(e.message));
    // Just under the total but with short lines: the parts are counted while cutting, and cutting stops at 51.
    assert.throws(() => splitMessage('ab\n'.repeat(1600), 100), /more than 50 messages/);
    assert.ok(performance.now() - started < 10_000, `took ${performance.now() - started} ms`);
    assert.equal(MAX_MESSAGE_PARTS, 50);
  });

  it('splits 50 parts of a long single line in linear time', () => {
    const text = 'y'.repeat(50 * 3990);
    const started = performance.now();
    const parts = splitMessage(text, 4000);
    assert.equal(parts.length, 50);
    assert.equal(parts.map((p) => p.replace(/^\(\d+\/50\) /, '')).join(''), text);
    // a few ms when linear; cutting again from the start for every part is minutes
    assert.ok(performance.now() - started < 10_000, `took ${performance.now() - started} ms`);
  });

  it('a text of only zero-width or invisible characters is empty', () => {
    for (const text of ['\u200b\u200b', '\u200d\ufeff \u2060', '\u00ad\u200e', '\u3164']) {
      assert.throws(() => splitMessage(text), (e: Error) => e instanceof InputError && e.reason === 'empty', JSON.stringify(text));
      assert.throws(() => requests.sendText(ok.chatId, text), (e: Error) => e instanceof InputError && e.reason === 'empty');
    }
    assert.deepEqual(splitMessage('a\u200b'), ['a\u200b']);
    assert.deepEqual(splitMessage('👍'), ['👍']);
  });

  it('a chat title is at most 200 characters, and not only invisible ones', () => {
    assert.throws(() => requests.renameChat(ok.chatId, 'я'.repeat(100_000)), (e: Error) => e instanceof InputError && e.reason === 'too-long' && /100000 characters, at most 200/.test(e.message));
    assert.throws(() => requests.renameChat(ok.chatId, '\u200b'), (e: Error) => e instanceof InputError && e.reason === 'empty');
    assert.equal(MAX_CHAT_TITLE_LENGTH, 200);
    requests.renameChat(ok.chatId, '👍'.repeat(200)); // counted in characters, not UTF-16 units
  });

  it('the same user written three ways gets one message, and the answer has one entry per id given', async () => {
    const res = await ok.client.call(requests.sendToUsers(['1', 'user:1', ' 1 '], 'hello'));
    const [req] = ok.server.requests;
    assert.deepEqual((req.body as { recipient: { user_ids: string[] } }).recipient.user_ids, ['1']);
    assert.equal(res.success.length, 3);
    assert.equal(new Set(res.success).size, 1);
  });

  it('more than 100 users in one request is refused; OkClient.sendToUsers sends batches of 100 and merges per user', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => String(100000000000 + i));
    assert.throws(() => requests.sendToUsers(ids, 'hi'), (e: Error) => e instanceof InputError && e.reason === 'too-many');
    const res = await ok.client.sendToUsers([...ids, ...ids.map((id) => `user:${id}`)], 'hi');
    const sizes = ok.server.requests.map((r) => (r.body as { recipient: { user_ids: string[] } }).recipient.user_ids.length);
    assert.deepEqual(sizes, [100, 100, 50]);
    assert.equal(res.delivered.length + res.failed.length, 250);
    assert.deepEqual([...res.delivered, ...res.failed].sort(), [...ids].sort());
    assert.equal(res.error, undefined);
  });

  it('a failed batch stops the rest and says who may have it', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(200000000000 + i));
    ok.server.injectFault({ kind: 'reset', afterHandling: true }, { method: 'POST' });
    const res = await ok.client.sendToUsers(ids, 'hi');
    assert.equal(res.unknown.length, 100);
    assert.equal(res.notSent.length, 50);
    assert.equal(res.error?.delivery, 'unknown');
    assert.equal(ok.server.requests.length, 1);
  });
});

describe('template variables and pasted links', () => {
  it('an unknown template variable is named, with the close known one', () => {
    assert.deepEqual(unknownTemplateVariables('{icon} {nme} {Status} {zzzzzz} {nme}'), [{ name: 'nme', suggestion: 'name' }, { name: 'Status', suggestion: 'status' }, { name: 'zzzzzz' }]);
    assert.deepEqual(unknownTemplateVariables('{icon} {name} {output}'), []);
    assert.match(describeUnknownTemplateVariables('{nme}') ?? '', /^unknown template variable \{nme\} \(did you mean \{name\}\?\), sent as written/);
  });

  it('a build rule with a typo in its template is warned about, and still applies (the extension logs these)', () => {
    const { rules, problems } = parseRules([{ chat: 'chat:C3ecb9d02a600', template: '{icon} {nme}' }]);
    assert.equal(rules.length, 1);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /template: unknown template variable \{nme\} \(did you mean \{name\}\?\)/);
  });

  it('a link with a broken %-escape is a clear input error, not "URI malformed"', () => {
    assert.throws(() => parseChatId('https://ok.ru/messages/%E0%A4%A'), (e: Error) => e instanceof InputError && e.reason === 'broken-link' && /damaged/.test(e.message));
    // The id is still found when it is there.
    assert.equal(parseChatId('https://ok.ru/messages/C3ecb9d02a600?x=%E0%A4%A'), 'chat:C3ecb9d02a600');
  });
});
