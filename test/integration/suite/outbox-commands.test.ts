import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { sendFailedText } from '../../../src/extension/commands/commandErrors';
import type { SendFailed } from '../../../src/extension/outbox/sendThroughOutbox';
import { OutboxItemNode } from '../../../src/extension/views/chatsTree';
import { FakeOkServer } from '../../fake-ok/server';
import { CHAT, outboxIdOf, postBodies, rejection, run, setUserSetting, useFakeOk, waitFor, describeRequests } from './extensionSetup';

interface Outcome {
  messageIds: string[];
}

describe('outbox', () => {
  const ok = useFakeOk();

  it('a failed send rejects with the outbox id; a retry delivers it exactly once', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'status', status: 500 }, { method: 'POST', path: '/me/messages/' });
    const text = 'Не потеряй меня 🙏';
    const err = await rejection(run('okChat.sendText', { chatId: CHAT, text }));
    const id = outboxIdOf(err);
    assert.match(err.message, /temporarily unavailable/);
    assert.equal(server.messages.length, 0);
    assert.equal(postBodies(server).length, 1, 'a POST that may have reached OK was repeated automatically');
    const queued = api.outboxItems();
    assert.equal(queued.length, 1);
    assert.equal(queued[0].id, id);
    assert.deepEqual(queued[0].parts, [text]);
    assert.equal(queued[0].sent, 0);
    assert.equal(queued[0].delivery, 'unknown', 'a 500 to a POST: OK may have applied it');

    // from code, `confirmed: true` stands for the user's answer to "may have been sent"
    const res = await run<Outcome>('okChat.retrySend', { id, confirmed: true });
    assert.equal(res.messageIds.length, 1);
    assert.deepEqual(server.messages.map((m) => m.text), [text]);
    assert.deepEqual(api.outboxItems(), []);
    // a second retry finds nothing to send
    const again = await rejection(run('okChat.retrySend', { id }));
    assert.match(again.message, /no longer in the Outbox/);
    assert.deepEqual(server.messages.map((m) => m.text), [text]);
  });

  it('copyOutboxItem and discardOutboxItem {id} work on a queued message', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'status', status: 503 }, { method: 'POST' });
    const id = outboxIdOf(await rejection(run('okChat.sendText', { chatId: CHAT, text: 'line 1\r\nline 2' })));
    assert.equal(await run('okChat.copyOutboxItem', { id }), 'line 1\r\nline 2');
    assert.equal(await run('okChat.discardOutboxItem', { id }), true);
    assert.deepEqual(api.outboxItems(), []);
    await rejection(run('okChat.retrySend', { id }));
    assert.equal(server.messages.length, 0);
  });

  it('a multi-part message whose 2nd part failed resends only the remaining parts', async () => {
    const { server, api } = ok;
    await setUserSetting('maxMessageLength', 100);
    const lines = ['1', '2', '3'].map((c) => `${c}${'.'.repeat(58)}\n`);
    const parts = [`(1/3) ${lines[0]}`, `(2/3) ${lines[1]}`, `(3/3) ${lines[2]}`];
    // the 1st POST passes (a zero delay), the 2nd fails
    server.injectFault({ kind: 'delay', ms: 0 }, { method: 'POST' });
    server.injectFault({ kind: 'status', status: 500 }, { method: 'POST' });
    const err = await rejection(run('okChat.sendText', { chatId: CHAT, text: lines.join('') }));
    const id = outboxIdOf(err);
    assert.deepEqual(server.messages.map((m) => m.text), [parts[0]]);
    const [queued] = api.outboxItems();
    assert.equal(queued?.sent, 1);
    assert.deepEqual(queued?.parts, parts);
    assert.equal(await run('okChat.copyOutboxItem', { id }), lines[1] + lines[2], 'the unsent text');

    server.requests.length = 0;
    const res = await run<Outcome>('okChat.retrySend', { id, confirmed: true });
    assert.equal(res.messageIds.length, 2);
    assert.deepEqual(postBodies(server).map((b) => (JSON.parse(b) as { message: { text: string } }).message.text), [parts[1], parts[2]]);
    assert.deepEqual(server.messages.map((m) => m.text), parts, 'every part exactly once, in order');
    assert.deepEqual(api.outboxItems(), []);
  });

  it('a send while OK is unreachable is kept and delivered once OK is back', async function () {
    this.timeout(20000);
    const { api } = ok;
    // a server that is gone: connection refused (retried with back-off, then kept)
    const gone = await FakeOkServer.start({ token: ok.server.token });
    await setUserSetting('apiBaseUrl', gone.baseUrl);
    await run('okChat.setToken', { token: gone.token });
    const port = Number(new URL(gone.baseUrl).port);
    await gone.close();
    const err = await rejection(run('okChat.sendText', { chatId: CHAT, text: 'offline' }));
    const id = outboxIdOf(err);
    assert.match(err.message, /Could not reach OK/);
    assert.equal(api.outboxItems()[0]?.delivery, 'not-sent');

    const back = await FakeOkServer.start({ port, token: gone.token, seed: true });
    try {
      await run('okChat.retrySend', { id });
      assert.deepEqual(back.messages.map((m) => m.text), ['offline']);
      assert.deepEqual(api.outboxItems(), []);
    } finally {
      await back.close();
    }
  });

  it('an expired token gives an auth error that mentions the token, and the text is kept', async () => {
    const { server, api } = ok;
    server.revokeToken();
    const text = 'Важное сообщение\nс двумя строками';
    const err = await rejection(run('okChat.sendText', { chatId: CHAT, text }));
    const id = outboxIdOf(err);
    assert.match(err.message, /access token/i);
    assert.match(err.message, /expired/);
    assert.equal((err.cause as { isAuth?: boolean }).isAuth, true);
    assert.equal(server.messages.length, 0);
    assert.deepEqual(api.outboxItems().map((i) => [i.id, i.parts]), [[id, [text]]]);
    assert.equal(await run('okChat.copyOutboxItem', { id }), text);

    // with a new token the kept message goes out
    server.token = 'tkn1fake:NEWTOKEN1111';
    await run('okChat.setToken', { token: server.token });
    await run('okChat.retrySend', { id });
    assert.deepEqual(server.messages.map((m) => m.text), [text]);
    assert.deepEqual(api.outboxItems(), []);
  });
});

describe('outbox: from the tree (the node a context menu passes)', () => {
  const ok = useFakeOk();

  async function queued(text: string): Promise<OutboxItemNode> {
    // OK refuses with a permission error: nothing was applied, so a retry needs no confirmation
    ok.server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, { method: 'POST' });
    const id = outboxIdOf(await rejection(run('okChat.sendText', { chatId: CHAT, text })));
    const item = ok.api.outboxItems().find((i) => i.id === id);
    assert.ok(item);
    assert.equal(item.delivery, 'rejected');
    return new OutboxItemNode(item);
  }

  it('copyOutboxItem with an outbox tree node copies its text', async () => {
    const node = await queued('copy me');
    assert.ok(node instanceof vscode.TreeItem);
    assert.equal(await run('okChat.copyOutboxItem', node), 'copy me');
    assert.equal(await vscode.env.clipboard.readText(), 'copy me');
  });

  it('retrySend with an outbox tree node delivers that message', async () => {
    const { server, api } = ok;
    await queued('first');
    const node = await queued('second');
    const res = await run<Outcome | undefined>('okChat.retrySend', node);
    assert.equal(res?.messageIds.length, 1, 'the retry did not send');
    assert.deepEqual(server.messages.map((m) => m.text), ['second']);
    assert.deepEqual(api.outboxItems().map((i) => i.parts), [['first']]);
  });
});

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
  async function startSend(arg: unknown, command = 'okChat.sendText', n = 1): Promise<{ ended: Promise<unknown> }> {
    const ended = run(command, arg).then(
      (v) => v,
      (e: unknown) => e,
    );
    await waitFor(() => posts() >= n, `POST #${n}`, 8000);
    return { ended };
  }

  it('a new message is stored before its first request and, after a crash, shown as "may have been sent"', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'delay', ms: 1500 }, POST);
    const { ended: sending } = await startSend({ chatId: CHAT, text: 'в полёте' });
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
    const { ended: sending } = await startSend({ chatId: CHAT, text }, 'okChat.sendText', 2);
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
    await run('okChat.retrySend', { id: item.id });
    assert.equal(api.answerRetryConfirmation(undefined).length, asked + 1, 'Retry of a message that may have been sent did not ask');
    assert.equal(posts(), before);
    assert.equal(api.outboxItems().length, 1);

    // confirmed: parts 2 and 3, never part 1 again
    api.answerRetryConfirmation('Send Again');
    server.requests.length = 0;
    await run('okChat.retrySend', { id: item.id });
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
    const id = outboxIdOf(await rejection(run('okChat.sendText', { chatId: CHAT, text: 'once' })));
    assert.equal(api.outboxItems()[0]?.delivery, 'rejected');

    server.injectFault({ kind: 'delay', ms: 1500 }, POST);
    const { ended: retrying } = await startSend({ id }, 'okChat.retrySend', 2);
    await api.restartOutbox();
    await retrying;
    await waitFor(() => server.messages.length === 1, 'the retry applied by OK');
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown', 'the item kept its old state: a Retry would send it again without a warning');

    api.answerRetryConfirmation(undefined);
    await run('okChat.retrySend', { id });
    assert.equal(api.answerRetryConfirmation(null).length > 0, true, 'Retry did not ask');
    assert.deepEqual(texts(), ['once'], 'sent twice');
  });

  it('two Retries at once send the message once; the second is refused', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, POST);
    const id = outboxIdOf(await rejection(run('okChat.sendText', { chatId: CHAT, text: 'только один раз' })));
    server.injectFault({ kind: 'delay', ms: 500 }, POST);
    const first = run('okChat.retrySend', { id });
    const second = rejection(run('okChat.retrySend', { id }));
    const refused = await second;
    assert.match(refused.message, /being sent right now/);
    await first;
    assert.deepEqual(texts(), ['только один раз']);
    assert.deepEqual(api.outboxRecords(), []);
  });

  it('a failure after OK applied the message is told as "may have been sent", not "not sent"', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'reset', afterHandling: true }, POST);
    const err = await rejection(run('okChat.sendText', { chatId: CHAT, text: 'дошло?' }));
    outboxIdOf(err);
    assert.equal(server.messages.length, 1);
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown');
    const told = sendFailedText(err as unknown as SendFailed);
    assert.match(told, /^May have been sent: .* check the chat before retrying/);
    assert.doesNotMatch(told, /Not sent/);

    server.injectFault({ kind: 'status', status: 400, body: '{"error_code":100,"error_msg":"PARAM : bad"}' }, POST);
    const refused = await rejection(run('okChat.sendText', { chatId: CHAT, text: 'нет' }));
    assert.match(sendFailedText(refused as unknown as SendFailed), /^Not sent: /);
  });
  it('a Retry of a "may have been sent" message that fails again keeps it "may have been sent": the next Retry still asks', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'reset', afterHandling: true }, POST);
    const id = outboxIdOf(await rejection(run('okChat.sendText', { chatId: CHAT, text: 'дважды?' })));
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown');
    // the retry is refused outright (nothing applied) and one that never leaves (no token):
    // neither says anything about the first attempt, which OK has
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, POST);
    const refused = await rejection(run('okChat.retrySend', { id, confirmed: true }));
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown', 'a refused retry made the item "not sent"');
    assert.match(sendFailedText(refused as unknown as SendFailed), /^May have been sent: /);
    await run('okChat.clearToken');
    await rejection(run('okChat.retrySend', { id, confirmed: true }));
    assert.equal(api.outboxItems()[0]?.delivery, 'unknown', 'a retry without a token made the item "not sent"');

    const asked = api.answerRetryConfirmation(undefined).length;
    await run('okChat.retrySend', { id });
    assert.equal(api.answerRetryConfirmation(null).length, asked + 1, 'Retry did not ask');
    assert.deepEqual(texts(), ['дважды?'], 'sent twice');
  });

  it('OK\'s Retry-After is waited for as asked, counted down once a second in the send\'s progress, then the message goes once', async function () {
    this.timeout(20000);
    const { server, api } = ok;
    const shown = api.retryWaitsShown;
    assert.ok(shown, 'retryWaitsShown is missing although the tests run in ExtensionMode.Test');
    const before = shown().length;
    server.injectFault({ kind: 'status', status: 429, body: '{"error_code":8,"error_msg":"FLOOD_BLOCKED : Too many requests"}', headers: { 'retry-after': '3' } }, POST);
    const started = Date.now();
    await run('okChat.sendText', { chatId: CHAT, text: 'after the wait' });
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
