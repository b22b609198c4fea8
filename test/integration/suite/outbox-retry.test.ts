import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, logLine, outboxIdOf, rejection, run, runCommand, useFakeOk, waitFor } from './extensionSetup';

const POST = { method: 'POST', path: '/me/messages/' };

function conversationTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('okChat.conversation'));
}

describe('outbox: "may have been sent", Retry All, retries on its own', () => {
  const ok = useFakeOk();

  afterEach(async () => {
    ok.api.answerRetryConfirmation(null);
    ok.api.setOutboxRetryTimings({ off: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** A send OK may have applied (a 500 to its POST): kept as "may have been sent". */
  async function mayHaveBeenSent(text: string): Promise<string> {
    ok.server.injectFault({ kind: 'status', status: 500 }, POST);
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text })));
    assert.equal(ok.api.outboxItems().find((i) => i.id === id)?.delivery, 'unknown');
    return id;
  }

  const posts = (text: string) => ok.server.requests.filter((r) => r.method === 'POST' && (r.body as { message?: { text?: string } } | undefined)?.message?.text === text).length;

  it('Retry of a message that may have been sent: "Open Chat" first (what Enter presses), then "It Arrived — Discard", then "Send Again"; neither of the first two sends', async () => {
    const { api, server } = ok;
    const text = 'Проверь, дошло ли';
    const id = await mayHaveBeenSent(text);

    api.answerRetryConfirmation('Open Chat');
    assert.equal(await run('okChat.retrySend', { id }), undefined, 'Open Chat resolves to nothing sent');
    const asked = api.answerRetryConfirmation('Open Chat');
    assert.match(asked[asked.length - 1] ?? '', /\[Open Chat \| It Arrived — Discard \| Send Again\]$/, 'the buttons, in order');
    await waitFor(() => conversationTab(), 'Open Chat to open the conversation');
    assert.equal(posts(text), 1, 'Open Chat sent the message again');
    assert.ok(api.outboxItems().some((i) => i.id === id), 'the message stays in the Outbox until the user decides');

    api.answerRetryConfirmation('It Arrived — Discard');
    assert.equal(await run('okChat.retrySend', { id }), undefined);
    assert.deepEqual(api.outboxItems(), [], 'It Arrived — Discard takes it out of the Outbox');
    assert.equal(posts(text), 1, 'It Arrived — Discard sent the message again');
    assert.equal(server.messages.length, 0);
  });

  it('Retry All sends every message OK does not have, one after another, and leaves the ones that may have been sent', async () => {
    const { api, server } = ok;
    const unsure = await mayHaveBeenSent('может, уже дошло');
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, { ...POST, times: 2 });
    outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'первое' })));
    outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'второе' })));
    assert.equal(api.outboxItems().length, 3);

    const result = await runCommand('okChat.retryAll', {});
    assert.deepEqual(result, { sent: 2, notSent: 0, mayHaveBeenSent: 1 });
    assert.deepEqual(server.messages.map((m) => m.text), ['первое', 'второе'], 'sent once each, the oldest first');
    assert.deepEqual(api.outboxItems().map((i) => i.id), [unsure], 'the one that may have been sent is left for the user to check');
    assert.equal(posts('может, уже дошло'), 1, 'Retry All sent a message that may have been sent');
  });

  it('a message OK asked to wait for goes again on its own, with back-off, once OK takes it; one that may have been sent does not', async () => {
    const { api, server } = ok;
    api.setOutboxRetryTimings({ firstMs: 150, maxMs: 300 });
    const unsure = await mayHaveBeenSent('не слать само');
    // OK asks to wait an hour (longer than the client waits): not sent; the first round is refused the same way
    server.injectFault({ kind: 'retry-after', seconds: 3600 }, { ...POST, times: 2 });
    const text = 'Сборка 2.4.1 готова';
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text })));
    assert.equal(api.outboxItems().find((i) => i.id === id)?.autoRetry, true);

    await logLine(api, /outbox: round of retries ended in a failure \(rate-limit\); the next in 300 ms/, 'the first round, refused again, to back off');
    await waitFor(() => server.messages.some((m) => m.text === text), 'the message to go on its own once OK takes it', 10_000);
    await logLine(api, new RegExp(`outbox: ${id} sent on its own`), 'the log to say it went on its own');
    await waitFor(() => !api.outboxItems().some((i) => i.id === id), 'the message to leave the Outbox');
    assert.equal(posts(text), 3, 'the send, the refused round, the round OK took: nothing more');
    assert.deepEqual(api.outboxItems().map((i) => i.id), [unsure], 'a message that may have been sent never goes on its own');
    assert.equal(posts('не слать само'), 1);
  });
});
