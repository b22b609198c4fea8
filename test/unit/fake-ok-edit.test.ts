// The fake OK server: editing a message (graph.message.edit, POST /<id>/edit), strictly, in
// every dialect's answer, and the history it serves afterwards.
import * as assert from 'node:assert/strict';
import { DIALECTS, DIALECT_NAMES, SEED_CHAT_IDS } from '../fake-ok/server';
import { CHAT, get, okError, post, restartFakeOk, send, srv, useFreshFakeOk, type Res } from '../helpers/fakeOkHttp';

const KEYBOARD = { type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: [[{ type: 'LINK', text: 'Open CI run', url: 'https://ci.example/run/1', intent: 'NEGATIVE' }]] } } };

/** The path of an edit, the id URL-encoded with its colon kept (as the client sends it). */
const editPath = (id: string) => `/${encodeURIComponent(id).replace(/%3A/gi, ':')}/edit`;

async function sent(text: string): Promise<string> {
  const r = await send(CHAT, { message: { text } });
  assert.equal(r.status, 200, r.text);
  return srv().messages.at(-1)?.message_id ?? '';
}

/** OK's error code in any error style: the body's, or the invocation-error header's. */
function codeOf(r: Res): number | undefined {
  const body = r.json as { error_code?: number | string } | undefined;
  const fromBody = body && typeof body === 'object' && body.error_code !== undefined ? Number(body.error_code) : undefined;
  return fromBody ?? (r.headers.get('invocation-error') ? Number(r.headers.get('invocation-error')) : undefined);
}

describe('FakeOkServer edits', () => {
  useFreshFakeOk();

  it('replaces the text and buttons of a message the group sent; the history serves the new text, marked edited', async () => {
    const id = await sent('⏳ build started');
    const r = await post(editPath(id), { message: { text: '❌ build failed', attachment: KEYBOARD } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { success: true });
    assert.equal(srv().messages.length, 1, 'an edit posts nothing new');
    const m = srv().messages[0];
    assert.deepEqual([m.message_id, m.text, m.edited, m.attachments], [id, '❌ build failed', true, [KEYBOARD]]);
    const history = await get(`/me/messages/${CHAT}`);
    const served = (history.json as { messages: Array<{ message: { mid: string; text: string }; edited?: boolean }> }).messages.find((x) => x.message.mid === id);
    assert.equal(served?.message.text, '❌ build failed');
    assert.equal(served?.edited, true);
    // the request reached the fake with the id as sent
    assert.equal(srv().requests.at(-2)?.path, `/graph/${id}/edit`);
  });

  it('an edit without buttons leaves none', async () => {
    const r0 = await send(CHAT, { message: { text: 'a', attachment: KEYBOARD } });
    assert.equal(r0.status, 200, r0.text);
    const id = srv().messages[0].message_id;
    assert.equal((await post(editPath(id), { message: { text: 'b' } })).status, 200);
    assert.deepEqual(srv().messages[0].attachments, []);
  });

  it('is strict: another key, a reply_to, no text, a bad keyboard, not JSON and GET are refused, nothing changes', async () => {
    const id = await sent('kept');
    okError(await post(editPath(id), { message: { text: 'x' }, recipient: { chat_id: CHAT } }), 100);
    okError(await post(editPath(id), { message: { text: 'x', reply_to: id } }), 100);
    okError(await post(editPath(id), { message: {} }), 100);
    okError(await post(editPath(id), {}), 100);
    okError(await post(editPath(id), { message: { text: 'x', attachment: { type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: [] } } } } }), 100);
    okError(await post(editPath(id), undefined, { raw: 'text=x', contentType: 'application/x-www-form-urlencoded' }), 100);
    okError(await get(editPath(id)), 3);
    assert.deepEqual([srv().messages[0].text, srv().messages[0].edited], ['kept', undefined]);
  });

  it('an id it does not know, or a member\'s message, is 300 NOT_FOUND; a message of a chat the group left is 706', async () => {
    okError(await post(editPath('mid:C3ecb9d02a600.ffff'), { message: { text: 'x' } }), 300);
    const member = srv().memberMessages.find((m) => m.chat_id === CHAT);
    assert.ok(member);
    okError(await post(editPath(member.message_id), { message: { text: 'x' } }), 300);
    const id = await sent('before');
    srv().chats.get(CHAT)!.status = 'LEFT';
    okError(await post(editPath(id), { message: { text: 'x' } }), 706);
    assert.equal(srv().messages[0].text, 'before');
  });

  for (const dialect of DIALECT_NAMES) {
    const spec = DIALECTS[dialect];
    it(`dialect "${dialect}": an edit is ${spec.edit.answer}, an unknown id ${spec.edit.unknownId}, new ids ${spec.messageIds}`, async () => {
      await restartFakeOk({ seed: true, dialect });
      const r0 = await send(CHAT, { message: { text: 'started' } });
      assert.equal(r0.status, 200, r0.text);
      const id = srv().messages[0].message_id;
      assert.match(id, spec.messageIds === 'MID' ? /^MID:\d+$/ : /^mid:C[0-9a-f]+\.[0-9a-f]+$/);
      const r = await post(editPath(id), { message: { text: 'failed' } });
      if (spec.edit.answer === 'refused-method') {
        assert.equal(codeOf(r), 3, r.text);
        assert.equal(srv().messages[0].text, 'started');
      } else {
        assert.equal(r.status, 200, r.text);
        assert.equal(codeOf(r), undefined, r.text);
        assert.deepEqual(r.json, { success: { success: true }, message_id: { message_id: id }, 'empty-object': {} }[spec.edit.answer]);
        assert.deepEqual([srv().messages[0].text, srv().messages[0].edited], ['failed', true]);
      }
      const unknown = await post(editPath(spec.messageIds === 'MID' ? 'MID:1' : 'mid:C3ecb9d02a600.1'), { message: { text: 'x' } });
      if (spec.edit.answer === 'refused-method') assert.equal(codeOf(unknown), 3);
      else if (spec.edit.unknownId === 'http-404') assert.deepEqual([unknown.status, codeOf(unknown), unknown.json], [404, undefined, undefined]);
      else assert.equal(codeOf(unknown), 300, unknown.text);
      assert.equal(srv().messages.length, 1);
    });
  }

  it('a keyboard is refused in an edit as in a send where the dialect takes none', async () => {
    await restartFakeOk({ seed: true, dialect: 'no-keyboards' });
    await send(SEED_CHAT_IDS[0], { message: { text: 'started' } });
    const id = srv().messages[0].message_id;
    okError(await post(editPath(id), { message: { text: 'failed', attachment: KEYBOARD } }), 100);
    assert.equal(srv().messages[0].text, 'started');
  });
});
