// Link buttons on Outbox jobs: under the last part; when OK refuses them, the links as text, once.
import * as assert from 'node:assert/strict';
import { OkApiError, newJob, runJob, type MessageOutboxItem } from '../../src/core';
import { recordingJobHost } from '../helpers/recordingJobHost';

const CHAT = 'chat:C3ecb9d02a600';
const BUTTONS = [
  { text: 'Open in GitHub', url: 'https://github.com/o/a/blob/0123456/src/a.ts#L1-L2' },
  { text: 'Open commit', url: 'https://github.com/o/a/commit/0123456' },
];
const refusal = () => new OkApiError({ kind: 'param', delivery: 'rejected', code: 100, okMessage: 'PARAM : attachment.type: INLINE_KEYBOARD is not supported' });

type Body = { message: { text: string; attachment?: unknown } };
const makeHost = (answer: (body: Body) => unknown, keyboards?: { refused: boolean }, maxLength?: number) => recordingJobHost<Body>(answer, { keyboards, maxLength });

const textJob = (parts: string[]) => newJob('text', parts, { chatId: CHAT, buttons: BUTTONS }, 'selection') as MessageOutboxItem;
let id = 0;
const accept = () => ({ message_id: `mid:${++id}` });

describe('Outbox jobs with link buttons', () => {
  it('puts the keyboard under the last part only', async () => {
    const { host, bodies } = makeHost(accept, { refused: false });
    const outcome = await runJob(host, textJob(['(1/2) one', '(2/2) two']));
    assert.equal(outcome.sent, 2);
    assert.equal(bodies[0].message.attachment, undefined);
    assert.deepEqual((bodies[1].message.attachment as { type: string }).type, 'INLINE_KEYBOARD');
  });

  it('an image or a file job keeps no buttons', () => {
    const image = newJob('image', ['https://x.example/a.png'], { chatId: CHAT, buttons: BUTTONS }, 'image');
    const file = newJob('file', ['file:///a.png'], { chatId: CHAT, buttons: BUTTONS }, 'file');
    assert.equal('buttons' in image, false);
    assert.equal('buttons' in file, false);
  });

  it('a refusal of the keyboard sends the same text once more with the links, and is remembered for the next send', async () => {
    const keyboards = { refused: false };
    const { host, bodies, store } = makeHost((body) => {
      if (body.message.attachment) throw refusal();
      return accept();
    }, keyboards);
    const outcome = await runJob(host, textJob(['snippet']));
    assert.equal(outcome.sent, 1);
    assert.equal(outcome.messageIds.length, 1, 'one message reached the chat');
    assert.equal(bodies.length, 2);
    assert.equal(bodies[1].message.text, `snippet\n${BUTTONS[0].url}\n${BUTTONS[1].url}`);
    assert.equal(bodies[1].message.attachment, undefined);
    assert.equal(keyboards.refused, true);
    assert.deepEqual(store.load(), [], 'nothing is left in the Outbox');
    // the next send does not try the keyboard again
    await runJob(host, textJob(['another']));
    assert.equal(bodies.length, 3);
    assert.equal(bodies[2].message.text, `another\n${BUTTONS[0].url}\n${BUTTONS[1].url}`);
  });

  it('other errors are not retried as text: the job stays in the Outbox with its buttons', async () => {
    const { host, bodies, store } = makeHost(() => {
      throw new OkApiError({ kind: 'temporary', delivery: 'unknown', httpStatus: 500, okMessage: 'boom' });
    }, { refused: false });
    await assert.rejects(runJob(host, textJob(['snippet'])));
    assert.equal(bodies.length, 1);
    const [kept] = store.load() as MessageOutboxItem[];
    assert.deepEqual(kept.buttons, BUTTONS, 'a retry sends the buttons again');
  });

  it('links that do not fit under the part go as a message of their own', async () => {
    const { host, bodies } = makeHost((body) => {
      if (body.message.attachment) throw refusal();
      return accept();
    }, { refused: true }, 120);
    const part = 'x'.repeat(100);
    const outcome = await runJob(host, textJob([part]));
    assert.deepEqual(bodies.map((b) => b.message.text), [part, `${BUTTONS[0].url}\n${BUTTONS[1].url}`]);
    assert.equal(outcome.messageIds.length, 2);
  });

  it('links that do not fit under the part never make a message longer than the limit: as many per message as fit', async () => {
    const { host, bodies } = makeHost(accept, { refused: true }, 80);
    const part = 'y'.repeat(70);
    await runJob(host, textJob([part]));
    const texts = bodies.map((b) => b.message.text);
    assert.deepEqual(texts, [part, BUTTONS[0].url, BUTTONS[1].url]);
    for (const t of texts) assert.ok(t.length <= 80, `${t.length} > 80: ${t}`);
  });

  it('a reply with buttons that OK refuses goes once more as a reply with the links as text', async () => {
    const keyboards = { refused: false };
    const { host, bodies } = makeHost((body) => {
      if (body.message.attachment) throw refusal();
      return accept();
    }, keyboards);
    const job = newJob('text', ['answer'], { chatId: CHAT, buttons: BUTTONS, replyTo: 'mid:42' }, 'text') as MessageOutboxItem;
    const outcome = await runJob(host, job);
    assert.equal(outcome.sent, 1);
    assert.equal(bodies.length, 2);
    assert.deepEqual(bodies[1].message, { text: `answer\n${BUTTONS[0].url}\n${BUTTONS[1].url}`, reply_to: 'mid:42' });
    assert.equal(keyboards.refused, true);
  });

  it('links already in the text are not repeated', async () => {
    const { host, bodies } = makeHost(accept, { refused: true });
    await runJob(host, textJob([`see ${BUTTONS[0].url}`]));
    assert.equal(bodies[0].message.text, `see ${BUTTONS[0].url}\n${BUTTONS[1].url}`);
  });
});
