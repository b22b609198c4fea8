// The CLI's sendParts over the core's one send of parts with link buttons: OK refuses the
// keyboard, and the links do not fit under the last part.
import * as assert from 'node:assert/strict';
import { OkApiError, type ApiRequest } from '../../src/core';
import { sendParts, type Connection } from '../../src/cli/cliConnection';

const CHAT = 'chat:C3ecb9d02a600';
const BUTTONS = [
  { text: 'Open CI run', url: 'https://github.com/acme/app/actions/runs/11876543210/attempts/2' },
  { text: 'Open commit', url: 'https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b' },
];
const refusal = () => new OkApiError({ kind: 'param', delivery: 'rejected', code: 100, okMessage: 'PARAM : attachment.type: INLINE_KEYBOARD is not supported' });
type Body = { message: { text: string; attachment?: unknown } };

/** A connection whose OK refuses keyboards and accepts any other message. */
function refusingConnection() {
  const bodies: Body[] = [];
  let id = 0;
  const call = <T>(request: ApiRequest<T>): Promise<T> => {
    const body = request.body as Body;
    bodies.push(body);
    if (body.message.attachment) return Promise.reject(refusal());
    return Promise.resolve({ message_id: `mid:${++id}` } as T);
  };
  return { conn: { call } as unknown as Connection, bodies };
}

describe('ok-chat sendParts: link buttons refused', () => {
  it('the last part goes as it was split, then the links in messages of their own, none longer than --max-length', async () => {
    const { conn, bodies } = refusingConnection();
    const out: string[] = [];
    const err: string[] = [];
    const max = 120;
    const parts = [`(1/2) ${'a'.repeat(100)}`, `(2/2) ${'b'.repeat(100)}`];
    await sendParts(conn, CHAT, parts, (s) => out.push(s), (s) => err.push(s), { buttons: BUTTONS, maxLength: max });
    const texts = bodies.filter((b) => !b.message.attachment).map((b) => b.message.text);
    assert.deepEqual(texts, [parts[0], parts[1], BUTTONS[0].url, BUTTONS[1].url]);
    for (const t of texts) assert.ok(t.length <= max, `${t.length} > ${max}`);
    assert.equal(out.join('').trim().split('\n').length, 4, 'each message id printed');
    assert.match(err.join(''), /OK refused the link buttons; sent the links as text/);
  });

  it('links that fit under the last part go in it: one message', async () => {
    const { conn, bodies } = refusingConnection();
    await sendParts(conn, CHAT, ['short'], () => undefined, () => undefined, { buttons: BUTTONS, maxLength: 4000 });
    assert.deepEqual(bodies.filter((b) => !b.message.attachment).map((b) => b.message.text), [`short\n${BUTTONS[0].url}\n${BUTTONS[1].url}`]);
  });
});
