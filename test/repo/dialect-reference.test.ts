// The fake server's answer styles (DIALECTS) agree with the API reference: every answer shape the
// reference reports for sends, chat_control, sender_action, uploads and errors is served by some
// dialect, and every shape a dialect serves is one the reference reports.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIALECTS, type Dialect, type PostAnswer } from '../fake-ok/server';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/ok-graph-api.md');
const SHARED = path.join(ROOT, '../shared/docs/ok-graph-api.md');

const dialects: Dialect[] = Object.values(DIALECTS);
const some = (served: (d: Dialect) => boolean) => dialects.some(served);

/** A statement of the reference (quoted as it is written there) and how a dialect serves it. */
const CLAIMS: Array<{ quote: string; served: (d: Dialect) => boolean }> = [
  { quote: 'a send answers `{"message_id": "mid:..."}` [3p]', served: (d) => d.send.includes('message_id') },
  { quote: 'another client reads `mid` instead of `message_id` [3p]', served: (d) => d.send.includes('mid') },
  { quote: '`chat_control` title/icon answered `{"message_id": "mid:..."}` too [3p', served: (d) => d.chatControl.includes('message_id') },
  { quote: '`sender_action` answered `{"success": true}` [3p]', served: (d) => d.senderAction.includes('success') },
  { quote: 'whatever else it holds', served: (d) => [...d.send, ...d.chatControl, ...d.senderAction].some((a) => a === 'empty-object') },
  { quote: 'an HTML page, plain text, an empty body', served: (d) => [...d.send, ...d.chatControl, ...d.senderAction].some((a) => a === 'empty-body') },
  { quote: '`{"photos": {"<photo id>": {"token": "…"}}}`', served: (d) => d.imageUpload === 'photos' },
  { quote: 'Accept a top-level\n   `token` too.', served: (d) => d.imageUpload === 'token' },
  { quote: 'for FILE/VIDEO/AUDIO also\n   `{"token": "…"}`', served: (d) => d.fileUpload === 'empty-body' },
  { quote: 'It may come with HTTP 200', served: (d) => d.errors === 'body200' },
  { quote: 'with a non-2xx status', served: (d) => d.errors === 'status' || d.errors === 'status+header' },
  { quote: 'an `invocation-error`\n  response header', served: (d) => d.errors === 'header' || d.errors === 'status+header' },
  { quote: '"not ready"/"processing" for attachments', served: (d) => d.notReadySends > 0 },
  { quote: '`edited: true` appears on edited messages [3p]', served: (d) => d.history.edited === 'flag' },
  { quote: 'message: {text, seq, mid, attachments?, reply_to?}', served: (d) => d.history.id === 'mid' && d.history.noText === 'absent' },
  // uploads
  { quote: '(`http://pu.mycdn.me/uploadImage?apiToken=…&photoIds=…`) [3p]', served: (d) => d.imageUploadUrl === 'http-ok-host' },
  { quote: 'and for IMAGE sometimes `file_id` [doc]', served: (d) => d.imageFileId !== 'absent' },
  { quote: 'A token given with an IMAGE upload URL is not the one to send.', served: (d) => d.imageTokenWithUrl },
  { quote: 'read\n   the hint in `error_msg` and in `error_data`', served: (d) => d.notReadySends > 0 && d.notReadyWording.some((w) => w.data !== undefined) },
  { quote: 'Two clients say OK wants `text` beside an attachment or keyboard [3p]', served: (d) => d.attachmentNeedsText },
  { quote: 'sends FILE/VIDEO/AUDIO **one per message** [3p]', served: (d) => d.oneFilePerMessage },
  // What OK sends is read item by item
  { quote: '`attachments` as a list or as a single object [3p]', served: (d) => d.history.attachments === 'single' },
  { quote: 'forwards\narrive with only `mid` and `seq` [3p]', served: (d) => d.reading?.variants === true },
  { quote: '`ICON_CHANGED` with `ci`, `JOIN_BY_LINK` with\n`ui`', served: (d) => d.reading?.variants === true },
  { quote: 'smiles arrive as IMAGE attachments from `dsm.odnoklassniki.ru` [3p]', served: (d) => d.reading?.variants === true },
  { quote: 'VIDEO/AUDIO payloads carry `title`/`duration`, FILE payloads `name`/`id` [3p]', served: (d) => d.reading?.variants === true },
  { quote: 'a DIALOG has no `title` [doc]', served: (d) => d.reading?.chatList === 'wild' },
  { quote: 'dedupe by id,\nstop on an empty page even if a `marker` came with it', served: (d) => d.reading?.chatList === 'wild' },
  { quote: '`"100"` is 100', served: (d) => d.reading?.errorBody === 'strings' },
  { quote: '`{"recipient_id","message_id"}`', served: (d) => d.send.includes('recipient_id+message_id') },
  // edit a message
  { quote: 'POST `/MID:<id>/edit` (the id as OK gave it, URL-encoded)', served: (d) => d.edit.answer !== 'refused-method' },
  { quote: 'whether older `mid:C…` ids work there is [unsure]: on a refusal (METHOD 3', served: (d) => d.edit.answer === 'refused-method' && d.messageIds === 'mid' },
  { quote: 'NOT_FOUND 300', served: (d) => d.edit.unknownId === 'not-found' },
  { quote: 'HTTP 404) fall back to a reply', served: (d) => d.edit.unknownId === 'http-404' },
  { quote: 'Message ids `mid:C….hex` (older) or `MID:digits` (newer). [doc]', served: (d) => d.messageIds === 'MID' },
];

/** Where the reference reports each shape a dialect can serve. */
const SHAPE_SOURCES: Record<PostAnswer, RegExp> = {
  message_id: /\{"message_id": "mid:\.\.\."\}/,
  mid: /reads `mid` instead of `message_id`/,
  success: /\{"success": true\}/,
  'success+message_id': /Read `message_id` \(or `mid`\) and\s+`success` when present/,
  'recipient_id+message_id': /`\{"recipient_id","message_id"\}`/,
  'empty-object': /JSON object without `error_code` \/ `error_msg`[^]*whatever else it holds/,
  // Not an acceptance: a 2xx that is not a JSON object is "may have been sent".
  'empty-body': /a 2xx that is not a JSON object\*\* \(an HTML page, plain text, an empty body\)/,
};

describe('fake server dialects agree with the API reference', () => {
  const doc = readFileSync(FIXTURE, 'utf8');

  it('the committed copy matches the reference when it is available', function () {
    if (!existsSync(SHARED)) this.skip();
    assert.equal(doc, readFileSync(SHARED, 'utf8'));
  });

  for (const claim of CLAIMS) {
    it(`serves: ${claim.quote.replace(/\s+/g, ' ')}`, () => {
      assert.ok(doc.includes(claim.quote), `the reference no longer says ${JSON.stringify(claim.quote)}: update this claim and the dialects`);
      assert.ok(some(claim.served), `no dialect serves ${JSON.stringify(claim.quote)}`);
    });
  }

  for (const [name, d] of Object.entries(DIALECTS) as Array<[string, Dialect]>) {
    it(`every shape of "${name}" is one the reference reports`, () => {
      const edit = d.edit.answer === 'refused-method' ? [] : [d.edit.answer];
      for (const shape of new Set([...d.send, ...d.chatControl, ...d.senderAction, ...edit])) {
        assert.match(doc, SHAPE_SOURCES[shape], `${name}: ${shape}`);
      }
      assert.ok(d.about.length > 20, `${name} says what it models`);
    });
  }

  it('the documented dialect keeps the shapes the extension was first written against', () => {
    const d = DIALECTS.documented;
    assert.deepEqual([d.send, d.chatControl, d.senderAction, d.imageUpload, d.errors, d.notReadySends], [['message_id'], ['success'], ['success'], 'token', 'body200', 0]);
  });
});
