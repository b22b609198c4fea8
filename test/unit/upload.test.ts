import * as assert from 'node:assert/strict';
import {
  DEFAULT_UPLOAD_TIMINGS,
  InputError,
  MAX_UPLOAD_BYTES,
  OkApiError,
  UPLOAD_TOKEN_MAX_AGE_MS,
  checkUploadSize,
  isNotReady,
  isUploadFresh,
  mimeTypeFor,
  processingWaitMs,
  requests,
  sendUploadedFiles,
  uploadAndSend,
  uploadFile,
  uploadToken,
  uploadTypeFor,
} from '../../src/core';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

describe('file upload', () => {
  const ok = useFakeOkWithClient({ client: { retry: { maxRetries: 0 } }, chatTitle: 'Files' });
  let steps: string[];
  /** OK's timings scaled down 100 times. */
  const FAST = { baseWaitMs: 50, perMbWaitMs: 10, maxWaitMs: 300, retryDelayMs: 20, maxRetryDelayMs: 100 };

  beforeEach(() => {
    steps = [];
  });

  it('asks for an upload URL, uploads the bytes as multipart field "file", then sends the token with the caption', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    const res = await uploadAndSend(ok.client, ok.chatId, { name: 'screen shot.png', bytes }, { caption: 'Скриншот', timings: FAST, onProgress: (s) => steps.push(s) });
    assert.match(String(res.message_id), /^mid:/);
    assert.deepEqual(steps, ['uploading', 'processing', 'sending']);
    const [askUrl, upload, send] = ok.server.requests;
    assert.equal(askUrl.path, '/graph/me/fileUploadUrl');
    assert.equal(askUrl.query.type, 'IMAGE');
    assert.match(upload.path, /^\/upload\//);
    assert.equal(upload.query.access_token, undefined, 'the token must not go to the upload server');
    assert.match(String(upload.headers['content-type']), /^multipart\/form-data; boundary=/);
    const stored = [...ok.server.uploads.values()][0] as { size?: number; filename?: string; contentType?: string };
    assert.equal(stored.size, bytes.length);
    assert.equal(stored.filename, 'screen shot.png');
    assert.equal(stored.contentType, 'image/png');
    const body = JSON.parse(send.rawBody) as { message: { text: string; attachment: { type: string; payload: { token: string } } } };
    assert.equal(body.message.text, 'Скриншот');
    assert.equal(body.message.attachment.type, 'IMAGE');
    assert.equal(body.message.attachment.payload.token, [...ok.server.uploads.keys()][0]);
    assert.equal(ok.server.messages.length, 1);
  });

  it('sends other files as FILE, with the file name as text when there is no caption', async () => {
    await uploadAndSend(ok.client, ok.chatId, { name: 'build.log.gz', bytes: new Uint8Array([1, 2, 3]) }, { timings: FAST });
    const body = JSON.parse(ok.server.requests[2].rawBody) as { message: Record<string, unknown> };
    assert.deepEqual(Object.keys(body.message), ['text', 'attachment']);
    assert.equal(body.message.text, 'build.log.gz');
    assert.equal((body.message.attachment as { type: string }).type, 'FILE');
    assert.equal(ok.server.uploads.get((body.message.attachment as { payload: { token: string } }).payload.token)?.contentType, 'application/gzip');
  });

  it('refuses empty and oversized files before contacting OK', async () => {
    await assert.rejects(uploadAndSend(ok.client, ok.chatId, { name: 'empty.bin', bytes: new Uint8Array() }), /empty/);
    await assert.rejects(uploadAndSend(ok.client, ok.chatId, { name: 'big.bin', bytes: new Uint8Array(11) }, { maxBytes: 10 }), /larger than/);
    assert.equal(ok.server.requests.length, 0);
    assert.throws(() => checkUploadSize('x.iso', MAX_UPLOAD_BYTES + 1), InputError);
  });

  it('reports an upload ok.server failure as a typed error and sends no message', async () => {
    ok.server.injectFault({ kind: 'status', status: 503 }, { method: 'POST', path: '/upload/' });
    await assert.rejects(uploadAndSend(ok.client, ok.chatId, { name: 'a.txt', bytes: new Uint8Array([65]) }, { timings: FAST }), (e: unknown) => e instanceof OkApiError && e.kind === 'temporary');
    assert.equal(ok.server.messages.length, 0);
  });

  it('refuses an upload address that is not https (except on this machine)', () => {
    assert.throws(() => requests.uploadToUrl('http://upload.example.com/u/1', { data: new Uint8Array(), contentType: 'x' }), /not https/);
    assert.throws(() => requests.uploadToUrl('not a url', { data: new Uint8Array(), contentType: 'x' }), /not a URL/);
    assert.equal(requests.uploadToUrl('https://upload.example.com/u/1', { data: new Uint8Array(), contentType: 'x' }).url, 'https://upload.example.com/u/1');
  });

  it('waits 5 s + 1 s per MB before the first send, at most 30 s', () => {
    assert.equal(processingWaitMs(0), 5000);
    assert.equal(processingWaitMs(10 * 1024 * 1024), 15_000);
    assert.equal(processingWaitMs(100 * 1024 * 1024), 30_000);
    assert.deepEqual(
      { base: DEFAULT_UPLOAD_TIMINGS.baseWaitMs, perMb: DEFAULT_UPLOAD_TIMINGS.perMbWaitMs, max: DEFAULT_UPLOAD_TIMINGS.maxWaitMs, retries: DEFAULT_UPLOAD_TIMINGS.notReadyRetries },
      { base: 5000, perMb: 1000, max: 30_000, retries: 3 },
    );
  });

  it('finds the token where OK puts it: photos map or top-level token for IMAGE, the upload URL for files', () => {
    const target = { url: 'https://u.example/1', token: 'from-url' };
    assert.equal(uploadToken('IMAGE', { url: 'x' }, { photos: { '123456789012345678': { token: 'from-photos' } } }), 'from-photos');
    assert.equal(uploadToken('IMAGE', target, { photos: { '1': { token: 'from-photos' } }, token: 'top' }), 'from-photos');
    assert.equal(uploadToken('IMAGE', { url: 'x' }, { token: 'top' }), 'top');
    assert.equal(uploadToken('IMAGE', target, {}), undefined, 'a token given with an IMAGE upload URL is not the one to send');
    assert.equal(uploadToken('FILE', target, { token: 'top' }), 'from-url');
    assert.equal(uploadToken('VIDEO', { url: 'x' }, { token: 'top' }), 'top');
    assert.equal(uploadToken('AUDIO', { url: 'x' }, {}), undefined);
  });

  it('tells "not ready" apart from other refusals, and old tokens from fresh ones', () => {
    const err = (msg: string) => new OkApiError({ kind: 'param', delivery: 'rejected', code: 100, okMessage: msg });
    assert.ok(isNotReady(err('PARAM : Attachment is not ready')));
    assert.ok(isNotReady(err('errors.process.attachment.file.not.processed')));
    assert.ok(isNotReady(err('File is still processing')));
    assert.ok(!isNotReady(err('PARAM : Invalid token')));
    assert.ok(!isNotReady(new Error('not ready')));
    const now = 10 * UPLOAD_TOKEN_MAX_AGE_MS;
    assert.ok(isUploadFresh({ uploadedAt: now - 1000 }, now));
    assert.ok(!isUploadFresh({ uploadedAt: now - UPLOAD_TOKEN_MAX_AGE_MS }, now));
    assert.ok(!isUploadFresh({ uploadedAt: now + 60_000 }, now), 'a token from the future (clock change) is not trusted');
    assert.ok(!isUploadFresh(undefined, now));
  });

  it('waits only what is left of the processing time for a file uploaded a while ago', async () => {
    const uploaded = await uploadFile(ok.client, { name: 'a.png', bytes: new Uint8Array([1, 2, 3]) });
    const waits: number[] = [];
    const timings = { baseWaitMs: 400, perMbWaitMs: 0 };
    let clock = uploaded.uploadedAt + 300;
    await sendUploadedFiles(ok.client, ok.chatId, [uploaded], { timings, now: () => clock, onProgress: (step, d) => step === 'processing' && waits.push(d?.waitMs ?? -1) });
    assert.deepEqual(waits, [100]);
    clock += 1000;
    waits.length = 0;
    await sendUploadedFiles(ok.client, ok.chatId, [uploaded], { timings, now: () => clock, onProgress: (step, d) => step === 'processing' && waits.push(d?.waitMs ?? -1) });
    assert.deepEqual(waits, [], 'no wait once the processing time is over');
  });

  it('retries the send with back-off while OK says "not ready", then gives up with OK\'s error; never uploads again', async () => {
    ok.server.notReadySends = 10;
    const waits: number[] = [];
    const e = await rejection(
      // A clock that stands still: the first wait is the whole processing time, however long the upload took.
      uploadAndSend(ok.client, ok.chatId, { name: 'a.png', bytes: new Uint8Array([1]) }, { timings: FAST, now: () => 1_000_000, onProgress: (step, d) => step === 'processing' && waits.push(d?.waitMs ?? -1) }), OkApiError,
    );
    assert.ok(isNotReady(e), String(e));
    assert.equal(ok.server.uploadCount, 1);
    assert.equal(ok.server.requestsTo('POST', '/me/messages/').length, 1 + DEFAULT_UPLOAD_TIMINGS.notReadyRetries);
    assert.deepEqual(waits, [50, 20, 40, 80]);
    assert.equal(ok.server.messages.length, 0);
  });

  it('sends up to five files as one message with an "attachments" array, and refuses more', async () => {
    const files = [1, 2, 3].map((i) => ({ name: `shot-${i}.png`, bytes: new Uint8Array([i]) }));
    await uploadAndSend(ok.client, ok.chatId, files, { timings: FAST });
    assert.equal(ok.server.uploadCount, 3);
    assert.equal(ok.server.messages.length, 1);
    assert.equal(ok.server.messages[0].attachments.length, 3);
    assert.equal(ok.server.messages[0].text, 'shot-1.png, shot-2.png, shot-3.png');
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: new Uint8Array([i + 1]) }));
    await assert.rejects(uploadAndSend(ok.client, ok.chatId, six), /At most 5 files/);
    assert.throws(() => requests.sendAttachments(ok.chatId, []), /at least one file/);
    const one = requests.sendAttachments(ok.chatId, [{ type: 'FILE', token: 't' }]);
    assert.deepEqual(one.body, { recipient: { chat_id: ok.chatId }, message: { attachment: { type: 'FILE', payload: { token: 't' } } } });
  });

  it('chooses the OK type and MIME type from the file name', () => {
    for (const [name, mime] of [
      ['clip.mkv', 'video/x-matroska'],
      ['clip.avi', 'video/x-msvideo'],
      ['clip.m4v', 'video/x-m4v'],
      ['voice.oga', 'audio/ogg'],
      ['voice.opus', 'audio/opus'],
      ['song.flac', 'audio/flac'],
      ['song.aac', 'audio/aac'],
      ['report.pdf', 'application/pdf'],
    ]) {
      assert.equal(mimeTypeFor(name), mime, name);
      assert.equal(uploadTypeFor(name), mime.startsWith('video/') ? 'VIDEO' : mime.startsWith('audio/') ? 'AUDIO' : 'FILE', name);
    }
    assert.equal(uploadTypeFor('a.PNG'), 'IMAGE');
    assert.equal(uploadTypeFor('clip.mp4'), 'VIDEO');
    assert.equal(uploadTypeFor('voice.ogg'), 'AUDIO');
    assert.equal(uploadTypeFor('report.pdf'), 'FILE');
    assert.equal(mimeTypeFor('a.jpeg'), 'image/jpeg');
    assert.equal(mimeTypeFor('noext'), 'application/octet-stream');
  });
});
