// The fake OK server's uploads: upload URLs, the multipart POST (checked strictly), upload tokens.
import * as assert from 'node:assert/strict';
import { SEED_CHAT_IDS, type FakeUpload } from '../fake-ok/server';
import { get, okError, read, restartFakeOk, send, srv, uploadFile, useFreshFakeOk, type Res } from '../helpers/fakeOkHttp';

const CHAT = SEED_CHAT_IDS[0]; // chat:C3ecb9d02a600, "Backend"

describe('FakeOkServer uploads', () => {
  useFreshFakeOk();

  describe('upload', () => {
    it('upload URL → multipart POST → token usable as attachment', async () => {
      const token = await uploadFile('FILE');
      const up = srv().uploads.get(token);
      assert.equal(up?.size, 10);
      assert.equal(up?.filename, 'a.txt');
      const res = await send(CHAT, { message: { text: 'log', attachment: { type: 'FILE', payload: { token } } } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(srv().messages[0].attachments, [{ type: 'FILE', payload: { token } }]);
    });

    it('unknown token, a type mismatch, a missing file field or bad type → 100', async () => {
      okError(await send(CHAT, { message: { attachment: { type: 'FILE', payload: { token: 'nope' } } } }), 100);
      const token = await uploadFile('IMAGE');
      okError(await send(CHAT, { message: { attachment: { type: 'FILE', payload: { token } } } }), 100);
      const noField = await uploadFile('FILE', 'document');
      assert.equal((JSON.parse(noField) as { error_code: number }).error_code, 100);
      okError(await get('/me/fileUploadUrl', { type: 'PDF' }), 100);
      okError(await get('/me/fileUploadUrl'), 100);
    });

    /** POSTs this form (or raw body) to a fresh FILE upload URL; returns the answer and the upload's record. */
    async function postUpload(body: FormData | string, contentType?: string): Promise<{ res: Res; upload: FakeUpload | undefined }> {
      const { url: upUrl, token } = (await get('/me/fileUploadUrl', { type: 'FILE' })).json as { url: string; token: string };
      const res = await read(await fetch(upUrl, { method: 'POST', body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) }));
      return { res, upload: srv().uploads.get(token) };
    }
    const fileBlob = (bytes: number) => new Blob([Buffer.alloc(bytes, 0x61)], { type: 'text/plain' });

    it('the upload server keeps the file\'s size, name and type (a multi-byte name too)', async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('Привет')], { type: 'text/plain;charset=utf-8' }), 'отчёт "v2".txt');
      const { res, upload } = await postUpload(form);
      assert.equal(res.status, 200, res.text);
      assert.equal(upload?.uploaded, true);
      assert.equal(upload?.size, Buffer.byteLength('Привет'));
      assert.equal(upload?.filename, 'отчёт "v2".txt');
      assert.equal(upload?.contentType, 'text/plain;charset=utf-8');
    });

    it('the upload server refuses anything but one non-empty file in the field "file", within the size limit', async () => {
      const forms: Array<[string, (f: FormData) => void, RegExp]> = [
        ['a text field named file', (f) => f.append('file', 'hello'), /a file \(with a file name\) is required/],
        ['two files', (f) => (f.append('file', fileBlob(3), 'a.txt'), f.append('file', fileBlob(3), 'b.txt')), /Only one file per upload/],
        ['an extra field', (f) => (f.append('file', fileBlob(3), 'a.txt'), f.append('caption', 'hi')), /Unknown parameter caption/],
        ['an empty file', (f) => f.append('file', fileBlob(0), 'a.txt'), /the file is empty/],
        ['no field', () => undefined, /Missing required parameter file/],
      ];
      for (const [what, fill, message] of forms) {
        const form = new FormData();
        fill(form);
        const { res, upload } = await postUpload(form);
        assert.match(okError(res, 100), message, what);
        assert.equal(upload?.uploaded, false, what);
      }
      assert.match(okError((await postUpload('file=a.txt', 'application/x-www-form-urlencoded')).res, 100), /must be multipart\/form-data/);
      assert.match(okError((await postUpload('--x\r\nbroken', 'multipart/form-data; boundary=x')).res, 100), /Malformed multipart body/);
      assert.match(okError((await postUpload('--x--', 'multipart/form-data; charset=utf-8')).res, 100), /boundary/);

      await restartFakeOk({ maxUploadBytes: 5 });
      const fits = new FormData();
      fits.append('file', fileBlob(5), 'a.txt');
      assert.equal((await postUpload(fits)).res.status, 200);
      const big = new FormData();
      big.append('file', fileBlob(6), 'a.txt');
      const { res, upload } = await postUpload(big);
      assert.match(okError(res, 100), /too large \(6 > 5 bytes\)/);
      assert.equal(upload?.uploaded, false);
    });

    it('a token that was issued but never uploaded is refused', async () => {
      const u = (await get('/me/fileUploadUrl', { type: 'FILE' })).json as { token: string };
      okError(await send(CHAT, { message: { attachment: { type: 'FILE', payload: { token: u.token } } } }), 100);
    });

    it('an IMAGE sent with the token given with its URL is refused; the upload answer\'s is taken', async () => {
      const u = (await get('/me/fileUploadUrl', { type: 'IMAGE' })).json as { url: string; token: string };
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('png')], { type: 'image/png' }), 'a.png');
      const answer = (await read(await fetch(u.url, { method: 'POST', body: form }))).json as { token: string };
      assert.match(okError(await send(CHAT, { message: { text: 'a', attachment: { type: 'IMAGE', payload: { token: u.token } } } }), 100), /unknown token/);
      assert.equal((await send(CHAT, { message: { text: 'a', attachment: { type: 'IMAGE', payload: { token: answer.token } } } })).status, 200);
    });
  });

  describe('the dialects\' upload behaviours', () => {
    const twoFiles = async () => [await uploadFile('FILE'), await uploadFile('FILE')].map((token) => ({ type: 'FILE', payload: { token } }));

    it('"not ready" in each wording in turn, in error_msg or in error_data', async () => {
      await restartFakeOk({ notReadySends: 2, uploads: { notReadyWording: [{ msg: 'Invalid attachment', data: 'attachment.not.ready' }, { msg: 'Вложение ещё обрабатывается' }] } });
      const token = await uploadFile('FILE');
      const body = { message: { text: 'x', attachment: { type: 'FILE', payload: { token } } } };
      assert.deepEqual((await send(CHAT, body)).json, { error_code: 100, error_msg: 'PARAM : Invalid attachment', error_data: 'attachment.not.ready' });
      assert.equal(okError(await send(CHAT, body), 100), 'PARAM : Вложение ещё обрабатывается');
      assert.equal((await send(CHAT, body)).status, 200);
    });

    it('several files in one message, or an attachment without text, refused when the dialect says so', async () => {
      await restartFakeOk({ uploads: { oneFilePerMessage: true, attachmentNeedsText: true } });
      assert.match(okError(await send(CHAT, { message: { text: 'x', attachments: await twoFiles() } }), 100), /one file per message/);
      assert.match(okError(await send(CHAT, { message: { attachment: { type: 'IMAGE', payload: { url: 'https://x.test/a.png' } } } }), 100), /message\.text/);
      assert.equal(srv().messages.length, 0);
      await restartFakeOk();
      assert.equal((await send(CHAT, { message: { attachments: await twoFiles() } })).status, 200);
    });
  });
});
