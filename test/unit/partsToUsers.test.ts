// Direct messages through the one loop of parts (core/net/textParts.ts): a users post under
// `postParts`, and the Outbox's direct-message items with link buttons against the fake server.
import * as assert from 'node:assert/strict';
import { OkApiError, newJob, postParts, runJob, usersPost, type ApiRequest, type UsersOutboxItem } from '../../src/core';
import { DIALECT_NAMES, SEED_USER_IDS } from '../fake-ok/server';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { clientJobHost } from '../helpers/recordingJobHost';

const BUTTONS = [
  { text: 'Open CI run', url: 'https://ci.example/runs/7' },
  { text: 'Open commit', url: 'https://git.example/o/a/commit/0123456' },
];
const LINKS = BUTTONS.map((b) => b.url).join('\n');
const refusal = () => new OkApiError({ kind: 'param', delivery: 'rejected', code: 100, okMessage: 'PARAM : attachment.type: INLINE_KEYBOARD is not supported' });

type Body = { recipient: { user_ids: string[] }; message: { text: string; attachment?: { type: string } } };

/** A call that records each body and answers `success` per user from `allowed` (refusing keyboards when `keyboards` is false). */
function directCall(allowed: (user: string, body: Body) => boolean, keyboards = true) {
  const bodies: Body[] = [];
  const call = <T>(request: ApiRequest<T>): Promise<T> => {
    const body = request.body as Body;
    bodies.push(body);
    if (!keyboards && body.message.attachment) return Promise.reject(refusal());
    const answer = { success: body.recipient.user_ids.map((u) => allowed(u, body)), chat_ids: body.recipient.user_ids.map(() => null) };
    return Promise.resolve(request.accept ? request.accept(answer) : (answer as T));
  };
  return { call, bodies };
}

describe('the loop of parts over a users post', () => {
  it('each part to every user, the link buttons under the last part only', async () => {
    const { call, bodies } = directCall(() => true);
    const to = usersPost(call, ['user:1', 'user:2']);
    await postParts(to.post, ['(1/2) one', '(2/2) two'], { buttons: BUTTONS, finished: to.finished });
    assert.deepEqual(bodies.map((b) => b.recipient.user_ids), [['user:1', 'user:2'], ['user:1', 'user:2']]);
    assert.equal(bodies[0].message.attachment, undefined);
    assert.equal(bodies[1].message.attachment?.type, 'INLINE_KEYBOARD');
    assert.deepEqual([to.delivered(), to.failed()], [['user:1', 'user:2'], []]);
  });

  it('a refused keyboard: the last part once more with the links as text, remembered', async () => {
    const { call, bodies } = directCall(() => true, false);
    const keyboards = { refused: false };
    const to = usersPost(call, ['user:1']);
    await postParts(to.post, ['(1/2) one', '(2/2) two'], { buttons: BUTTONS, keyboards, finished: to.finished });
    assert.deepEqual(
      bodies.map((b) => [b.message.text, b.message.attachment?.type]),
      [['(1/2) one', undefined], ['(2/2) two', 'INLINE_KEYBOARD'], [`(2/2) two\n${LINKS}`, undefined]],
    );
    assert.equal(keyboards.refused, true);
    assert.deepEqual(to.delivered(), ['user:1']);
  });

  it('a user who does not take the first part gets no more; with nobody left, the loop stops', async () => {
    const { call, bodies } = directCall((u) => u !== 'user:2');
    const two = usersPost(call, ['user:1', 'user:2']);
    const sent: number[] = [];
    await postParts(two.post, ['a', 'b', 'c'], { buttons: BUTTONS, finished: two.finished, onPartSent: (i: number) => void sent.push(i) });
    assert.deepEqual(bodies.map((b) => b.recipient.user_ids), [['user:1', 'user:2'], ['user:1'], ['user:1']]);
    assert.deepEqual([two.delivered(), two.failed()], [['user:1'], ['user:2']]);
    assert.deepEqual(sent, [0, 1, 2]);

    bodies.length = 0;
    const one = usersPost(call, ['user:2']);
    await postParts(one.post, ['a', 'b', 'c'], { buttons: BUTTONS, finished: one.finished });
    assert.equal(bodies.length, 1, 'nobody is left after the first part');
    assert.equal(one.finished(), true);
    assert.deepEqual([one.delivered(), one.failed()], [[], ['user:2']]);
  });
});

const ANN = SEED_USER_IDS[0];
const STRANGER = 'user:100000000009';

// every dialect: the answer to a direct message differs (`{"message_id"}` for one user in `wild`),
// and `no-keyboards` refuses a keyboard with 100 PARAM (the links go as text)
for (const dialect of DIALECT_NAMES) {
  describe(`an Outbox direct message against the "${dialect}" dialect`, () => {
    const ok = useFakeOkWithClient({ server: { dialect } });

    it('carries the link buttons under its last part (the links as text where OK refuses them)', async () => {
      const keyboards = { refused: false };
      const { host, store } = clientJobHost(() => ok.client, { extra: { keyboards } });
      const job = newJob('users', ['(1/2) The build is broken', '(2/2) by Ann'], { userIds: [ANN], buttons: BUTTONS }, 'build');
      const outcome = await runJob(host, job);
      assert.deepEqual([outcome.delivered, outcome.failed], [[ANN], []]);
      const dms = ok.server.directMessagesTo(ANN);
      assert.equal(dms[0].text, '(1/2) The build is broken');
      assert.deepEqual(dms[0].attachments, []);
      if (dialect === 'no-keyboards') {
        assert.deepEqual(dms.slice(1).map((m) => [m.text, m.attachments]), [[`(2/2) by Ann\n${LINKS}`, []]]);
        assert.equal(keyboards.refused, true);
      } else {
        assert.deepEqual(dms.slice(1).map((m) => m.text), ['(2/2) by Ann']);
        assert.deepEqual(dms[1].attachments, [{ type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: BUTTONS.map((b) => [{ type: 'LINK', text: b.text, url: b.url, intent: 'DEFAULT' }]) } } }]);
      }
      assert.deepEqual(store.load(), [], 'nothing is left in the Outbox');
    });

    it('says who did not get it', async () => {
      const { host } = clientJobHost(() => ok.client);
      const outcome = await runJob(host, newJob('users', ['hello'], { userIds: [ANN, STRANGER], buttons: BUTTONS }, 'users'));
      assert.deepEqual([outcome.delivered, outcome.failed], [[ANN], [STRANGER]]);
      assert.equal(ok.server.directMessagesTo(ANN).length, 1);
    });
  });
}

describe('an Outbox direct message kept by an earlier version (no buttons in its record)', () => {
  const ok = useFakeOkWithClient();
  it('goes as it was: the text, no keyboard', async () => {
    const { host } = clientJobHost(() => ok.client);
    const { buttons: _none, ...old } = newJob('users', ['hello'], { userIds: [ANN], buttons: BUTTONS }, 'users') as UsersOutboxItem;
    await runJob(host, structuredClone(old));
    assert.deepEqual(ok.server.directMessagesTo(ANN).map((m) => [m.text, m.attachments]), [['hello', []]]);
  });
});
