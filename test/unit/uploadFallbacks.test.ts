// Where OK refuses an upload or a send, or answers in a way the reference reports from one
// client only ("Uploads" in docs/ok-graph-api.md): the fallbacks, against the fake OK server over
// real HTTP (its upload behaviours set per test).
import * as assert from 'node:assert/strict';
import {
  MemoryOutboxStore,
  OkApiError,
  Outbox,
  isJobFailed,
  newJob,
  parseChatId,
  requests,
  runJob,
  uploadAndSend,
  type ApiRequest,
  type FileOutboxItem,
  type JobHost,
} from '../../src/core';
import type { RecordedRequest } from '../fake-ok/server';
import { FAST_RETRY, useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

/** OK's upload timings scaled down. */
const FAST = { baseWaitMs: 20, perMbWaitMs: 0, maxWaitMs: 50, retryDelayMs: 5, maxRetryDelayMs: 20 };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const bytes = (text: string) => new TextEncoder().encode(text);

/** Awaits a send that must fail with a JobFailed (the job kept in the Outbox), and returns it. */
async function jobFailure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    assert.ok(isJobFailed(e), `expected JobFailed, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the send to fail');
}

type Posted = { text?: string; attachment?: { type: string; payload: { token?: string; url?: string } }; attachments?: Array<{ type: string; payload: { token: string } }> };

describe('uploads where OK refuses or answers unusually (fake OK server)', function () {
  this.timeout(10_000);
  const ok = useFakeOkWithClient({ client: { retry: FAST_RETRY } });
  const posts = (): Posted[] => ok.server.requestsTo('POST', `/me/messages/${ok.chatId}`).map((r) => (JSON.parse(r.rawBody) as { message: Posted }).message);

  /** A job host over the test's client; files by location. */
  const jobHost = (files: Record<string, Uint8Array>, store = new MemoryOutboxStore()): JobHost => ({
    outbox: new Outbox(store, { owner: 'w' }),
    client: () => ok.client,
    call: <T>(request: ApiRequest<T>, signal: AbortSignal) => ok.client.call(request, { signal }),
    readFile: (location) => Promise.resolve(files[location] ?? new Uint8Array()),
    fileName: (location) => location,
    log: { debug: () => undefined, info: () => undefined },
    uploadTimings: FAST,
  });

  describe('IMAGE tokens', () => {
    it('an IMAGE goes with the upload answer\'s token; without one it is "OK did not return the image\'s token", not sent, and the token given with the URL is never sent', async () => {
      ok.server.uploadBehaviour = { imageTokenWithUrl: true, imageUpload: 'empty-body' };
      const e = await rejection(uploadAndSend(ok.client, ok.chatId, { name: 'chart.png', bytes: PNG }, { timings: FAST }), OkApiError);
      assert.ok(e instanceof OkApiError, String(e));
      assert.match(e.userMessage, /did not return the image's token/);
      assert.equal(e.delivery, 'not-sent');
      assert.equal(ok.server.uploadCount, 1);
      assert.deepEqual(posts(), [], 'nothing was posted with the token given with the URL');
    });

    it('a numeric file_id beside the IMAGE upload URL is read, not a bad answer', async () => {
      ok.server.uploadBehaviour = { imageFileId: 'number' };
      await uploadAndSend(ok.client, ok.chatId, { name: 'chart.png', bytes: PNG }, { timings: FAST });
      assert.equal(ok.server.messages.length, 1);
    });
  });

  describe('"not ready"', () => {
    it('said only in error_data, or in Russian: the send is retried with the same token', async () => {
      ok.server.notReadySends = 3;
      ok.server.uploadBehaviour = {
        notReadyWording: [{ msg: 'Invalid attachment', data: 'attachment.not.ready' }, { msg: 'Вложение ещё обрабатывается' }, { msg: 'Invalid parameter attachment', data: { error: 'File is processing, try later' } }],
      };
      await uploadAndSend(ok.client, ok.chatId, { name: 'report.pdf', bytes: bytes('%PDF-1.4\n') }, { timings: FAST });
      assert.equal(ok.server.uploadCount, 1);
      assert.equal(posts().length, 4);
      assert.equal(ok.server.messages.length, 1);
    });
  });

  describe('several files OK refuses in one message', () => {
    it('go one per message with the same tokens (nothing uploaded again), the caption with the first', async () => {
      ok.server.uploadBehaviour = { oneFilePerMessage: true };
      const files = [
        { name: 'report.pdf', bytes: bytes('%PDF-1.4\n') },
        { name: 'build.log', bytes: bytes('ok\n') },
        { name: 'dump.zip', bytes: bytes('PK\u0003\u0004') },
      ];
      await uploadAndSend(ok.client, ok.chatId, files, { caption: 'Сборка 42', timings: FAST });
      assert.equal(ok.server.uploadCount, 3);
      const tokens = [...ok.server.uploads.keys()];
      const sent = posts();
      assert.equal(sent[0].attachments?.length, 3, 'first all in one message');
      assert.deepEqual(
        sent.slice(1).map((m) => [m.text, m.attachment?.payload.token]),
        [
          ['Сборка 42', tokens[0]],
          ['build.log', tokens[1]],
          ['dump.zip', tokens[2]],
        ],
      );
      assert.equal(ok.server.messages.length, 3);
    });

    it('through the Outbox: each file posted is recorded before the next, and a Retry after a failure in the middle posts only the rest', async () => {
      ok.server.uploadBehaviour = { oneFilePerMessage: true };
      const store = new MemoryOutboxStore();
      const host = jobHost({ 'a.pdf': bytes('%PDF-1.4\n'), 'b.log': bytes('log\n'), 'c.zip': bytes('PK\u0003\u0004') }, store);
      const job = newJob('file', ['a.pdf', 'b.log', 'c.zip'], { chatId: parseChatId(ok.chatId), fileName: 'a.pdf, b.log, c.zip', caption: 'Логи' }, 'file');
      // OK refuses the third message post (the second file alone): permission, nothing posted
      let posted = 0;
      ok.server.onRequest = (r: RecordedRequest) => {
        if (r.method === 'POST' && r.path.endsWith(`/me/messages/${ok.chatId}`) && ++posted === 3) ok.server.injectFault({ kind: 'ok-error', code: 10, msg: 'Not allowed right now' });
      };
      await jobFailure(runJob(host, job));
      ok.server.onRequest = undefined;
      assert.deepEqual(ok.server.messages.map((m) => m.text), ['Логи']);
      const [kept] = store.load() as FileOutboxItem[];
      assert.equal(kept.filesSent, 1, 'the file OK took is recorded');
      assert.equal(kept.uploads?.filter(Boolean).length, 3, 'the tokens are kept');
      await runJob(host, kept);
      assert.deepEqual(ok.server.messages.map((m) => m.text), ['Логи', 'b.log', 'c.zip']);
      assert.equal(ok.server.uploadCount, 3, 'nothing uploaded again');
      assert.equal(posts().length, 5, 'one refused together, then a, b (refused), and on Retry b, c');
      assert.deepEqual(store.load(), []);
    });
    it('a file refused alone as a bad parameter: a Retry uploads the files not taken yet again and still posts them one per message', async () => {
      ok.server.uploadBehaviour = { oneFilePerMessage: true };
      const store = new MemoryOutboxStore();
      const host = jobHost({ 'a.pdf': bytes('%PDF-1.4\n'), 'b.log': bytes('log\n'), 'c.zip': bytes('PK\u0003\u0004') }, store);
      const job = newJob('file', ['a.pdf', 'b.log', 'c.zip'], { chatId: parseChatId(ok.chatId) }, 'file');
      let posted = 0;
      ok.server.onRequest = (r: RecordedRequest) => {
        if (r.method === 'POST' && r.path.endsWith(`/me/messages/${ok.chatId}`) && ++posted === 3) ok.server.injectFault({ kind: 'ok-error', code: 100, msg: 'Invalid parameter attachment.payload.token' });
      };
      await jobFailure(runJob(host, job));
      ok.server.onRequest = undefined;
      const [kept] = store.load() as FileOutboxItem[];
      assert.deepEqual([kept.filesSent, kept.uploads?.map(Boolean)], [1, [true, false, false]]);
      await runJob(host, kept);
      assert.deepEqual(ok.server.messages.map((m) => m.text), ['a.pdf', 'b.log', 'c.zip']);
      assert.equal(ok.server.uploadCount, 5, 'b and c uploaded again, a never');
      assert.equal(posts().filter((m) => m.attachments).length, 1, 'never together again');
    });
  });

  describe('an image by URL', () => {
    it('refused without text goes once more with the URL\'s last segment as its caption', async () => {
      ok.server.uploadBehaviour = { attachmentNeedsText: true };
      const host = jobHost({});
      const url = 'https://st.mycdn.me/res/build%20graph.png';
      await runJob(host, newJob('image', [url], { chatId: parseChatId(ok.chatId) }, 'image'));
      assert.deepEqual(
        posts().map((m) => m.text),
        [undefined, 'build graph.png'],
      );
      assert.deepEqual(ok.server.messages[0]?.attachments, [{ type: 'IMAGE', payload: { url } }]);
    });

    it('refused with its caption too: only once more, then kept as refused', async () => {
      ok.server.injectFault({ kind: 'ok-error', code: 100, msg: 'Invalid parameter attachment' }, { method: 'POST', path: '/me/messages/', times: 2 });
      const e = await jobFailure(runJob(jobHost({}), newJob('image', ['https://example.com/a.png'], { chatId: parseChatId(ok.chatId) }, 'image')));
      assert.equal(e.job.delivery, 'rejected');
      assert.equal(posts().length, 2);
    });
  });

  describe('upload URLs on plain http', () => {
    const form = { data: new Uint8Array(), contentType: 'multipart/form-data' };
    it('on OK\'s own host go to https, their query kept', () => {
      const req = requests.uploadToUrl('http://pu.mycdn.me/uploadImage?apiToken=abc%2Bdef&photoIds=123', form);
      assert.equal(req.url, 'https://pu.mycdn.me/uploadImage?apiToken=abc%2Bdef&photoIds=123');
    });
    it('on another host are refused, naming the host and without the signed query', () => {
      const e = (() => {
        try {
          requests.uploadToUrl('http://upload.example.com/u/1?apiToken=secret1', form);
        } catch (err) {
          return err as Error;
        }
        return undefined;
      })();
      assert.ok(e);
      assert.match(e.message, /upload\.example\.com/);
      assert.match(e.message, /https/);
      assert.doesNotMatch(e.message, /secret1/);
    });
  });
});
