// A reply from the conversation view: the Outbox item keeps the id answered, and only its first part carries reply_to.
import * as assert from 'node:assert/strict';
import { OkApiError, newJob, runJob, type MessageOutboxItem } from '../../src/core';
import { recordingJobHost } from '../helpers/recordingJobHost';

const CHAT = 'chat:C3ecb9d02a600';
type Body = { message: { text: string; reply_to?: string } };

const makeHost = (answer: (body: Body) => unknown) => recordingJobHost<Body>(answer);

let n = 0;
const accept = () => ({ message_id: `mid:${++n}` });

describe('Outbox replies', () => {
  it('a text job keeps replyTo; image and file jobs do not', () => {
    assert.equal((newJob('text', ['hi'], { chatId: CHAT, replyTo: 'mid:7' }, 'text') as MessageOutboxItem).replyTo, 'mid:7');
    assert.equal('replyTo' in newJob('text', ['hi'], { chatId: CHAT }, 'text'), false);
    assert.equal('replyTo' in newJob('image', ['https://x.example/a.png'], { chatId: CHAT, replyTo: 'mid:7' }, 'image'), false);
    assert.equal('replyTo' in newJob('file', ['file:///a.png'], { chatId: CHAT, replyTo: 'mid:7' }, 'file'), false);
  });

  it('sends reply_to with the first part only', async () => {
    const { host, bodies } = makeHost(accept);
    await runJob(host, newJob('text', ['(1/2) one', '(2/2) two'], { chatId: CHAT, replyTo: 'mid:7' }, 'text'));
    assert.deepEqual(bodies.map((b) => b.message.reply_to), ['mid:7', undefined]);
  });

  it('a failed reply stays in the Outbox with its replyTo, and a retry sends it again', async () => {
    let fail = true;
    const { host, bodies, store } = makeHost(() => {
      if (fail) throw new OkApiError({ kind: 'network', delivery: 'rejected', okMessage: 'offline' });
      return accept();
    });
    const job = newJob('text', ['answer'], { chatId: CHAT, replyTo: 'mid:9' }, 'text');
    await assert.rejects(runJob(host, job));
    const kept = store.load().find((i) => i.id === job.id) as MessageOutboxItem | undefined;
    assert.equal(kept?.replyTo, 'mid:9');
    fail = false;
    await runJob(host, structuredClone(kept));
    assert.equal(bodies.at(-1)?.message.reply_to, 'mid:9');
  });
});
