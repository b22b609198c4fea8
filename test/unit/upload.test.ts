import * as assert from 'node:assert/strict';
import { InputError, MAX_UPLOAD_BYTES, OkApiError, OkClient, checkUploadSize, mimeTypeFor, requests, uploadAndSend, uploadTypeFor } from '../../src/core';
import { FakeOkServer } from '../fake-server/server';

describe('file upload', () => {
  let server: FakeOkServer;
  let client: OkClient;
  let chatId: string;

  before(async () => {
    server = await FakeOkServer.start();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    chatId = server.addChat({ title: 'Files' }).chat_id;
    client = new OkClient({ token: server.token, baseUrl: server.baseUrl, retry: { maxRetries: 0 } });
  });
  afterEach(async () => {
    await client.close();
  });

  it('asks for an upload URL, uploads the bytes as multipart field "file", then sends the token with the caption', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    const steps: string[] = [];
    const res = await uploadAndSend(client, chatId, { name: 'screen shot.png', bytes }, { caption: 'Скриншот', onProgress: (s) => steps.push(s) });
    assert.match(String(res.message_id), /^mid:/);
    assert.deepEqual(steps, ['uploading', 'sending']);
    const [askUrl, upload, send] = server.requests;
    assert.equal(askUrl.path, '/graph/me/fileUploadUrl');
    assert.equal(askUrl.query.type, 'IMAGE');
    assert.match(upload.path, /^\/upload\//);
    assert.equal(upload.query.access_token, undefined, 'the token must not go to the upload server');
    assert.match(String(upload.headers['content-type']), /^multipart\/form-data; boundary=/);
    const stored = [...server.uploads.values()][0] as { size?: number; filename?: string; contentType?: string };
    assert.equal(stored.size, bytes.length);
    assert.equal(stored.filename, 'screen shot.png');
    assert.equal(stored.contentType, 'image/png');
    const body = JSON.parse(send.rawBody) as { message: { text: string; attachment: { type: string; payload: { token: string } } } };
    assert.equal(body.message.text, 'Скриншот');
    assert.equal(body.message.attachment.type, 'IMAGE');
    assert.equal(body.message.attachment.payload.token, [...server.uploads.keys()][0]);
    assert.equal(server.messages.length, 1);
  });

  it('sends other files as FILE without a caption', async () => {
    await uploadAndSend(client, chatId, { name: 'build.log.gz', bytes: new Uint8Array([1, 2, 3]) });
    const body = JSON.parse(server.requests[2].rawBody) as { message: Record<string, unknown> };
    assert.deepEqual(Object.keys(body.message), ['attachment']);
    assert.equal((body.message.attachment as { type: string }).type, 'FILE');
  });

  it('refuses empty and oversized files before contacting OK', async () => {
    await assert.rejects(uploadAndSend(client, chatId, { name: 'empty.bin', bytes: new Uint8Array() }), /empty/);
    await assert.rejects(uploadAndSend(client, chatId, { name: 'big.bin', bytes: new Uint8Array(11) }, { maxBytes: 10 }), /larger than/);
    assert.equal(server.requests.length, 0);
    assert.throws(() => checkUploadSize('x.iso', MAX_UPLOAD_BYTES + 1), InputError);
  });

  it('reports an upload server failure as a typed error and sends no message', async () => {
    server.injectFault({ kind: 'status', status: 503 }, { method: 'POST', path: '/upload/' });
    await assert.rejects(uploadAndSend(client, chatId, { name: 'a.txt', bytes: new Uint8Array([65]) }), (e: unknown) => e instanceof OkApiError && e.kind === 'temporary');
    assert.equal(server.messages.length, 0);
  });

  it('refuses an upload address that is not https (except on this machine)', () => {
    assert.throws(() => requests.uploadToUrl('http://upload.example.com/u/1', { data: new Uint8Array(), contentType: 'x' }), /not https/);
    assert.throws(() => requests.uploadToUrl('not a url', { data: new Uint8Array(), contentType: 'x' }), /not a URL/);
    assert.equal(requests.uploadToUrl('https://upload.example.com/u/1', { data: new Uint8Array(), contentType: 'x' }).url, 'https://upload.example.com/u/1');
  });

  it('chooses the OK type and MIME type from the file name', () => {
    assert.equal(uploadTypeFor('a.PNG'), 'IMAGE');
    assert.equal(uploadTypeFor('clip.mp4'), 'VIDEO');
    assert.equal(uploadTypeFor('voice.ogg'), 'AUDIO');
    assert.equal(uploadTypeFor('report.pdf'), 'FILE');
    assert.equal(mimeTypeFor('a.jpeg'), 'image/jpeg');
    assert.equal(mimeTypeFor('noext'), 'application/octet-stream');
  });
});
