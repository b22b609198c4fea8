// A build's story in one message (deliverResult): the result edits the started message, replies
// to it where OK refuses the edit, or goes as a new message; and the status "started".
import * as assert from 'node:assert/strict';
import {
  OkApiError,
  deliverResult,
  formatBuildMessage,
  oneMessage,
  shouldNotify,
  statusToRemember,
  transitionOf,
  type ApiRequest,
  type StoryOptions,
} from '../../src/core';
import { rejection } from '../helpers/rejection';

const CHAT = 'chat:C3ecb9d02a600';
const STARTED = 'MID:703123456789012352';
const BUTTONS = [{ text: 'Open CI run', url: 'https://ci.example/run/7', intent: 'NEGATIVE' as const }];
const refused = (code: number) => new OkApiError({ kind: code === 300 || code === 706 ? 'not-found' : 'param', delivery: 'rejected', code });

interface Seen {
  action: string;
  path: string;
  body: { message: { text: string; reply_to?: string; attachment?: unknown } };
}

/** A scripted OK: `answer` decides each request's fate (undefined: accepted, with a new id for a send). */
function scriptedOk(answer: (seen: Seen, index: number) => Error | undefined = () => undefined) {
  const seen: Seen[] = [];
  let ids = 0;
  const call = <T>(request: ApiRequest<T>): Promise<T> => {
    const s = { action: request.action, path: request.path, body: request.body as Seen['body'] };
    seen.push(s);
    const error = answer(s, seen.length - 1);
    if (error) return Promise.reject(error);
    return Promise.resolve((request.action === 'editMessage' ? { success: true } : { message_id: `MID:${++ids}` }) as T);
  };
  return { call, seen };
}

const result = (over: Partial<StoryOptions> = {}): StoryOptions => ({ chat: CHAT, text: '❌ api failed (exit code 1)', buttons: BUTTONS, ...over });

describe('deliverResult', () => {
  it('without a started message: a new message, as every result was before', async () => {
    const ok = scriptedOk();
    const d = await deliverResult(ok.call, result());
    assert.deepEqual(d, { way: 'new', messageIds: ['MID:1'] });
    assert.deepEqual(ok.seen.map((s) => [s.action, s.body.message.reply_to]), [['sendText', undefined]]);
  });

  it('with one: edits it to the result with its buttons, and posts nothing', async () => {
    const ok = scriptedOk();
    const d = await deliverResult(ok.call, result({ startedId: STARTED }));
    assert.deepEqual(d, { way: 'edited', messageIds: [STARTED] });
    assert.equal(ok.seen.length, 1);
    assert.equal(ok.seen[0].path, `/${STARTED}/edit`);
    assert.equal(ok.seen[0].body.message.text, '❌ api failed (exit code 1)');
    assert.ok(ok.seen[0].body.message.attachment, 'the buttons go with the edit');
  });

  it('the edit holds the result cut to one message; a reply holds all of it', async () => {
    const long = `❌ api failed\n${'x'.repeat(300)}`;
    const edited = scriptedOk();
    await deliverResult(edited.call, result({ startedId: STARTED, text: long, maxLength: 100 }));
    assert.equal(edited.seen.length, 1);
    assert.equal(edited.seen[0].body.message.text, oneMessage(long, 100));
    assert.ok(edited.seen[0].body.message.text.length <= 100 && edited.seen[0].body.message.text.startsWith('❌ api failed\n'));
    const replied = scriptedOk((s) => (s.action === 'editMessage' ? refused(3) : undefined));
    await deliverResult(replied.call, result({ startedId: STARTED, text: long, maxLength: 100 }));
    const sends = replied.seen.filter((s) => s.action === 'sendText');
    assert.ok(sends.length >= 4, `${sends.length} parts`);
    assert.deepEqual(sends.map((s) => s.body.message.reply_to), [STARTED, ...sends.slice(1).map(() => undefined)], 'the first part answers the started message');
  });

  for (const code of [3, 300, 706]) {
    it(`OK refuses the edit (${code}): the result replies to the started message, the edit is not tried again`, async () => {
      const ok = scriptedOk((s) => (s.action === 'editMessage' ? refused(code) : undefined));
      const d = await deliverResult(ok.call, result({ startedId: STARTED }));
      assert.equal(d.way, 'replied');
      assert.equal(d.editRefusal?.code, code);
      assert.deepEqual(d.messageIds, ['MID:1']);
      assert.deepEqual(ok.seen.map((s) => [s.action, s.body.message.reply_to]), [['editMessage', undefined], ['sendText', STARTED]]);
    });
  }

  it('"success": false and an HTTP 404 are refusals too', async () => {
    for (const error of [new OkApiError({ kind: 'refused', delivery: 'rejected' }), new OkApiError({ kind: 'not-found', delivery: 'rejected', httpStatus: 404 })]) {
      const ok = scriptedOk((s) => (s.action === 'editMessage' ? error : undefined));
      assert.equal((await deliverResult(ok.call, result({ startedId: STARTED }))).way, 'replied');
    }
  });

  it('PARAM 100 to an edit with buttons: once more with their links as text, and the keyboard is known refused', async () => {
    const ok = scriptedOk((s) => (s.action === 'editMessage' && s.body.message.attachment ? refused(100) : undefined));
    const keyboards = { refused: false };
    const d = await deliverResult(ok.call, result({ startedId: STARTED, keyboards }));
    assert.equal(d.way, 'edited');
    assert.equal(ok.seen.length, 2);
    assert.equal(ok.seen[1].body.message.text, `❌ api failed (exit code 1)\n${BUTTONS[0].url}`);
    assert.equal(ok.seen[1].body.message.attachment, undefined);
    assert.equal(keyboards.refused, true);
  });

  it('buttons known to be refused: the edit carries their links as text at once', async () => {
    const ok = scriptedOk();
    await deliverResult(ok.call, result({ startedId: STARTED, keyboards: { refused: true } }));
    assert.deepEqual(ok.seen.map((s) => [s.body.message.text, s.body.message.attachment]), [[`❌ api failed (exit code 1)\n${BUTTONS[0].url}`, undefined]]);
  });

  it('OK refuses the edit and the reply: the result goes as a new message, once', async () => {
    const ok = scriptedOk((s) => (s.action === 'editMessage' ? refused(3) : s.body.message.reply_to ? refused(100) : undefined));
    const logs: string[] = [];
    const d = await deliverResult(ok.call, result({ startedId: STARTED, buttons: [], log: (m) => logs.push(m) }));
    assert.equal(d.way, 'new');
    assert.equal(d.replyRefusal?.code, 100);
    assert.deepEqual(ok.seen.map((s) => [s.action, s.body.message.reply_to]), [['editMessage', undefined], ['sendText', STARTED], ['sendText', undefined]]);
    assert.match(logs.join('\n'), /refused to edit[^]*refused the result as a reply/);
  });

  it('editOnly: an edit, and nothing else, whatever OK says', async () => {
    const accepted = scriptedOk();
    assert.equal((await deliverResult(accepted.call, result({ startedId: STARTED, editOnly: true }))).way, 'edited');
    const refusing = scriptedOk((s) => (s.action === 'editMessage' ? refused(706) : undefined));
    const d = await deliverResult(refusing.call, result({ startedId: STARTED, editOnly: true, buttons: [] }));
    assert.deepEqual([d.way, d.editRefusal?.code, refusing.seen.length], ['unchanged', 706, 1]);
    const none = scriptedOk();
    assert.equal((await deliverResult(none.call, result({ editOnly: true }))).way, 'unchanged');
    assert.equal(none.seen.length, 0);
  });

  it('a failure that may have reached OK is thrown, and nothing more is sent (no duplicate)', async () => {
    for (const error of [
      new OkApiError({ kind: 'not-ok', delivery: 'unknown', httpStatus: 200, answer: 'html' }),
      new OkApiError({ kind: 'timeout', delivery: 'unknown' }),
      new OkApiError({ kind: 'auth', delivery: 'rejected', code: 102 }),
    ]) {
      const ok = scriptedOk((s) => (s.action === 'editMessage' ? error : undefined));
      assert.equal(await rejection(deliverResult(ok.call, result({ startedId: STARTED }))), error);
      assert.equal(ok.seen.length, 1);
    }
    // a reply that may have been posted is not followed by a new message
    const ok = scriptedOk((s) => (s.action === 'editMessage' ? refused(3) : new OkApiError({ kind: 'timeout', delivery: 'unknown' })));
    await rejection(deliverResult(ok.call, result({ startedId: STARTED, buttons: [] })));
    assert.equal(ok.seen.length, 2);
  });
});

describe('oneMessage', () => {
  it('keeps a text that fits; cuts a longer one with "…", never inside a surrogate pair', () => {
    assert.equal(oneMessage('abc', 3), 'abc');
    assert.equal(oneMessage('abcdef', 4), 'abc…');
    const cut = oneMessage(`ab${'😀'.repeat(5)}`, 5);
    assert.equal(cut, 'ab😀…');
    assert.ok(cut.length <= 5);
  });
});

describe('the status "started"', () => {
  const started = { name: 'api', status: 'started' as const, workspace: 'acme-app', branch: 'main', runUrl: 'https://ci.example/run/7' };

  it('says "⏳ <name> started · <workspace> · <branch> · <run link>"', () => {
    assert.equal(formatBuildMessage(started), '⏳ api started · acme-app · main · https://ci.example/run/7');
    assert.equal(formatBuildMessage({ name: 'api', status: 'started' }), '⏳ api started');
    assert.equal(formatBuildMessage(started, { template: '{icon} {name}: {statusText}' }), '⏳ api: started');
  });

  it('is posted only under --when always, and is never a change', () => {
    assert.equal(shouldNotify('always', 'started', 'failure').notify, true);
    for (const when of ['failure', 'success', 'change'] as const) {
      const d = shouldNotify(when, 'started', 'success');
      assert.equal(d.notify, false, when);
      assert.match(d.reason ?? '', /started/);
      assert.equal(d.transition, undefined);
    }
  });

  it('is never remembered as the last status, and a remembered one is no status to compare with', () => {
    assert.equal(statusToRemember('started', 'failure'), 'failure');
    assert.equal(statusToRemember('started', undefined), undefined);
    assert.equal(transitionOf('failure', 'started'), 'broken');
    assert.equal(transitionOf('success', 'started'), undefined);
  });
});
