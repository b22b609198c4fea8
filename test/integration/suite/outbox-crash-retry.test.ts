// The Outbox's write-ahead record: a crash mid-send, "may have been sent", Retry that asks
// first, one attempt at a time, and OK's Retry-After.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import type { Args, CommandId } from '../../../src/extension/commands/commandContract';
import { sendFailedText } from '../../../src/extension/commands/commandErrors';
import type { SendFailed } from '../../../src/extension/outbox/sendThroughOutbox';
import { CHAT, describeRequests, outboxIdOf, postBodies, rejection, run, runCommand, setUserSetting, useFakeOk, waitFor } from './extensionSetup';

describe('outbox: write-ahead, a crash mid-send, one retry at a time', () => {
  const ok = useFakeOk();
  afterEach(() => {
    ok.api.answerRetryConfirmation(null);
  });

  const POST = { method: 'POST', path: '/me/messages/' };
  const posts = (): number => ok.server.requests.filter((r) => r.method === 'POST').length;
  const texts = (): string[] => ok.server.messages.map((m) => m.text ?? '');

  /** Three parts of about 60 characters (with maxMessageLength 100). */
  async function threeParts(): Promise<{ text: string; parts: string[] }> {
    await setUserSetting('maxMessageLength', 100);
    const lines = ['1', '2', '3'].map((c) => `${c}${'.'.repeat(58)}\n`);
    return { text: lines.join(''), parts: lines.map((l, i) => `(${i + 1}/3) ${l}`) };
  }

  /** Starts a command; resolves once `n` POSTs reached the server, with the command's outcome (never rejecting) still to come. */
  async function startSend<K extends CommandId>(command: K, arg: Args<K>, n = 1): Promise<{ ended: Promise<unknown> }> {
    const ended = runCommand(command, arg).then(
      (v) => v,
      (e: unknown) => e,
    );
    await waitFor(() => posts() >= n, `POST #${n}`, 8000);
    return { ended };
  }

  it('a new message is stored before its first request and, after a crash, shown as "may have been sent"', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'delay', ms: 1500 }, POST);
    const { ended: sending } = await startSend('okChat.sendText', { chatId: CHAT, text: 'в полёте' });
    const [record] = api.outboxRecords();
    assert.equal(record?.state, 'sending', `no record of the send in flight: a crash now would lose it (${describeRequests(server.requests)})`);
    assert.deepEqual(record.parts, ['в полёте']);
    assert.deepEqual(api.outboxItems(), [], 'a new send in flight is not listed as unsent');

    assert.equal(await api.restartOutbox(), 1);
    await sending; // the cut-off attempt ends; nothing it does is stored
    await waitFor(() => server.messages.length === 1, 'the delayed message applied by OK');
    const [item] = api.outboxItems();
    assert.equal(item?.id, record.id);
    assert.equal(item.delivery, 'unknown');
    assert.equal(item.state, undefined);
    assert.match(item.lastError ?? '', /VS Code stopped/);
    assert.equal(item.sent, 0);
  });

  it('killed while part 2 of 3 is in flight: Retry asks first, then sends parts 2 and 3 only', async () => {
    const { server, api } = ok;
    const { text, parts } = await threeParts();
    server.injectFault({ kind: 'delay', ms: 0 }, POST);
    server.injectFault({ kind: 'delay', ms: 1500 }, POST);
    const { ended: sending } = await startSend('okChat.sendText', { chatId: CHAT, text }, 2);
    assert.equal(api.outboxRecords()[0]?.sent, 1, 'part 1 accepted is stored before part 2 goes');
    await api.restartOutbox();
    await sending;
    await waitFor(() => server.messages.length === 2, 'part 2 applied by OK');
    const [item] = api.outboxItems();
    assert.equal(item?.delivery, 'unknown');
    assert.equal(item.sent, 1);

    // dismissed: nothing is sent
    const asked = api.answerRetryConfirmation(undefined).length;
    const before = posts();
    assert.equal(await run('okChat.retrySend', { id: item.id }), undefined, 'a dismissed Retry resolves to nothing');
    assert.equal(api.answerRetryConfirmation(undefined).length, asked + 1, 'Retry of a message that may have been sent did not ask');
    assert.equal(posts(), before);
    assert.equal(api.outboxItems().length, 1);

    // confirmed: parts 2 and 3, never part 1 again
    api.answerRetryConfirmation('Send Again');
    server.requests.length = 0;
    await runCommand('okChat.retrySend', { id: item.id });
    assert.deepEqual(
      postBodies(server).map((b) => (JSON.parse(b) as { message: { text: string } }).message.text),
      [parts[1], parts[2]],
    );
    assert.equal(texts().filter((t) => t === parts[0]).length, 1, 'part 1 sent twice');
    assert.deepEqual(api.outboxItems(), []);
    assert.deepEqual(api.outboxRecords(), []);
  });

  it('a crash after OK accepted a retry: the item is "may have been sent" and is not sent again without asking', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, POST);
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'once' })));
    assert.equal(api.outboxItems()[0]?.delivery, 'rejected');

    server.injectFault({ kind: 'delay', ms: 1500 }, POST);
    const { ended: retrying } = await startSend('okChat.retrySend', { id }, 2);
    await api.restartOutbox();
    await retrying;
    await waitFor(() => server.messages.length === 1, 'the retry applied by OK');
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown', 'the item kept its old state: a Retry would send it again without a warning');

    api.answerRetryConfirmation(undefined);
    assert.equal(await run('okChat.retrySend', { id }), undefined, 'a dismissed Retry resolves to nothing');
    assert.equal(api.answerRetryConfirmation(null).length > 0, true, 'Retry did not ask');
    assert.deepEqual(texts(), ['once'], 'sent twice');
  });

  it('two Retries at once send the message once; the second is refused', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, POST);
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'только один раз' })));
    server.injectFault({ kind: 'delay', ms: 500 }, POST);
    const first = runCommand('okChat.retrySend', { id });
    const second = rejection(runCommand('okChat.retrySend', { id }));
    const refused = await second;
    assert.match(refused.message, /being sent right now/);
    await first;
    assert.deepEqual(texts(), ['только один раз']);
    assert.deepEqual(api.outboxRecords(), []);
  });

  it('a failure after OK applied the message is told as "may have been sent", not "not sent"', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'reset', afterHandling: true }, POST);
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'дошло?' }));
    outboxIdOf(err);
    assert.equal(server.messages.length, 1);
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown');
    const told = sendFailedText(err as unknown as SendFailed);
    assert.match(told, /^May have been sent: .* check the chat before retrying/);
    assert.doesNotMatch(told, /Not sent/);

    server.injectFault({ kind: 'status', status: 400, body: '{"error_code":100,"error_msg":"PARAM : bad"}' }, POST);
    const refused = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'нет' }));
    assert.match(sendFailedText(refused as unknown as SendFailed), /^Not sent: /);
  });
  it('a Retry of a "may have been sent" message that fails again keeps it "may have been sent": the next Retry still asks', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'reset', afterHandling: true }, POST);
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'дважды?' })));
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown');
    // the retry is refused outright (nothing applied) and one that never leaves (no token):
    // neither says anything about the first attempt, which OK has
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, POST);
    const refused = await rejection(runCommand('okChat.retrySend', { id, confirmed: true }));
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown', 'a refused retry made the item "not sent"');
    assert.match(sendFailedText(refused as unknown as SendFailed), /^May have been sent: /);
    await run('okChat.clearToken');
    await rejection(runCommand('okChat.retrySend', { id, confirmed: true }));
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown', 'a retry without a token made the item "not sent"');

    const asked = api.answerRetryConfirmation(undefined).length;
    assert.equal(await run('okChat.retrySend', { id }), undefined, 'a dismissed Retry resolves to nothing');
    assert.equal(api.answerRetryConfirmation(null).length, asked + 1, 'Retry did not ask');
    assert.deepEqual(texts(), ['дважды?'], 'sent twice');
  });

  it('OK\'s Retry-After is waited for as asked, counted down once a second in the send\'s progress, then the message goes once', async function () {
    this.timeout(20000);
    const { server, api } = ok;
    const shown = () => api.retryWaitsShown();
    const before = shown().length;
    server.injectFault({ kind: 'status', status: 429, body: '{"error_code":8,"error_msg":"FLOOD_BLOCKED : Too many requests"}', headers: { 'retry-after': '3' } }, POST);
    const started = Date.now();
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'after the wait' });
    const took = Date.now() - started;
    assert.ok(took >= 3000, `sent again after ${took} ms although OK asked for 3 s`);
    assert.deepEqual(texts(), ['after the wait']);
    assert.equal(posts(), 2, 'the refused POST and one retry');
    const waits = shown().slice(before);
    // once a second: 3, 2, 1 (a busy machine may skip a redraw, never repeat or go up)
    assert.equal(waits[0]?.message, 'OK asked to wait — retrying in 3 s…');
    const left = waits.map((w) => w.secondsLeft);
    assert.ok(left.length >= 2 && left.every((n, i) => n >= 1 && (i === 0 || n < left[i - 1])), `seconds shown: ${left.join(', ')}`);
    for (const w of waits) assert.equal(w.message, `OK asked to wait — retrying in ${w.secondsLeft} s…`);
    assert.ok(waits.every((w) => w.wait.rateLimited && w.wait.ms === 3000 && w.wait.attempt === 1));
    assert.deepEqual(api.outboxRecords(), []);
  });
});
