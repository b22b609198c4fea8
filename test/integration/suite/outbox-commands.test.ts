import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { OutboxItemNode } from '../../../src/extension/views/chatsTree';
import { FakeOkServer } from '../../fake-ok/server';
import { CHAT, outboxIdOf, postBodies, promptShown, rejection, run, runCommand, setUserSetting, useFakeOk, waitFor } from './extensionSetup';

interface Outcome {
  messageIds: string[];
}

describe('outbox', () => {
  const ok = useFakeOk();

  it('a failed send rejects with the outbox id; a retry delivers it exactly once', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'status', status: 500 }, { method: 'POST', path: '/me/messages/' });
    const text = 'Не потеряй меня 🙏';
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text }));
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
    const res = await runCommand('okChat.retrySend', { id, confirmed: true });
    assert.equal(res.messageIds.length, 1);
    assert.deepEqual(server.messages.map((m) => m.text), [text]);
    assert.deepEqual(api.outboxItems(), []);
    // a second retry finds nothing to send
    const again = await rejection(runCommand('okChat.retrySend', { id }));
    assert.match(again.message, /no longer in the Outbox/);
    assert.deepEqual(server.messages.map((m) => m.text), [text]);
  });

  it('copyOutboxItem and discardOutboxItem {id} work on a queued message', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'status', status: 503 }, { method: 'POST' });
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'line 1\r\nline 2' })));
    assert.equal(await runCommand('okChat.copyOutboxItem', { id }), 'line 1\r\nline 2');
    assert.equal(await runCommand('okChat.discardOutboxItem', { id }), true);
    assert.deepEqual(api.outboxItems(), []);
    await rejection(runCommand('okChat.retrySend', { id }));
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
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: lines.join('') }));
    const id = outboxIdOf(err);
    assert.deepEqual(server.messages.map((m) => m.text), [parts[0]]);
    const [queued] = api.outboxItems();
    assert.equal(queued?.sent, 1);
    assert.deepEqual(queued?.parts, parts);
    assert.equal(await runCommand('okChat.copyOutboxItem', { id }), lines[1] + lines[2], 'the unsent text');

    server.requests.length = 0;
    const res = await runCommand('okChat.retrySend', { id, confirmed: true });
    assert.equal(res.messageIds.length, 2);
    assert.deepEqual(postBodies(server).map((b) => (JSON.parse(b) as { message: { text: string } }).message.text), [parts[1], parts[2]]);
    assert.deepEqual(server.messages.map((m) => m.text), parts, 'every part exactly once, in order');
    assert.deepEqual(api.outboxItems(), []);
  });

  it('a send while OK is unreachable is kept and delivered once OK is back', async function () {
    this.timeout(20000);
    const { api } = ok;
    // a server that is gone: connection refused (retried with back-off, then kept). It keeps no
    // connection alive after the token check: a send on a kept one that the client has not yet
    // seen closed fails as "may have been sent", not as "not sent"
    const gone = await FakeOkServer.start({ token: ok.server.token, keepAlive: false });
    await setUserSetting('apiBaseUrl', gone.baseUrl);
    await runCommand('okChat.setToken', { token: gone.token });
    const port = Number(new URL(gone.baseUrl).port);
    await gone.close();
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'offline' }));
    const id = outboxIdOf(err);
    assert.match(err.message, /Could not reach OK/);
    assert.equal(api.outboxItems()[0]?.delivery, 'not-sent');

    const back = await FakeOkServer.start({ port, token: gone.token, seed: true });
    try {
      await runCommand('okChat.retrySend', { id });
      assert.deepEqual(back.messages.map((m) => m.text), ['offline']);
      assert.deepEqual(api.outboxItems(), []);
    } finally {
      await back.close();
    }
  });

  it('showOutbox {} prompts for nothing and gives ids, chats and states, never the texts; from the palette it still asks', async () => {
    const { server, api } = ok;
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, { method: 'POST' });
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'секретный текст' })));
    // with {} it answers without a prompt (one shown is told as it is shown, before any answer)
    const from = api.promptsShown().length;
    let answered = false;
    const answering = runCommand('okChat.showOutbox', {}).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    void answering.then(() => (answered = true));
    await waitFor(() => answered || api.promptsShown().length > from, 'showOutbox {} to answer or to show a prompt');
    if (!answered) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(api.promptsShown().slice(from), [], 'showOutbox {} showed a prompt');
    const outcome = await answering;
    assert.ok('value' in outcome, `showOutbox {} failed: ${String((outcome as { error?: unknown }).error)}`);
    const result = outcome.value;
    assert.deepEqual(result, [{ id, kind: 'text', chatId: CHAT, state: 'rejected' }]);
    assert.doesNotMatch(JSON.stringify(result), /секретный/);
    // without an argument (the palette) it shows the quick pick and waits
    let ended = false;
    const fromPalette = Promise.resolve(vscode.commands.executeCommand('okChat.showOutbox')).then(() => (ended = true));
    await promptShown(api, 'Unsent messages', from);
    assert.equal(ended, false, 'the command waits for a choice');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await fromPalette, true, 'closing the quick pick ends it');
    assert.equal(api.outboxItems().length, 1, 'nothing was done to the item');
  });

  it('an expired token gives an auth error that mentions the token, and the text is kept', async () => {
    const { server, api } = ok;
    server.revokeToken();
    const text = 'Важное сообщение\nс двумя строками';
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text }));
    const id = outboxIdOf(err);
    assert.match(err.message, /access token/i);
    assert.match(err.message, /expired/);
    assert.equal((err.cause as { isAuth?: boolean }).isAuth, true);
    assert.equal(server.messages.length, 0);
    assert.deepEqual(api.outboxItems().map((i) => [i.id, i.parts]), [[id, [text]]]);
    assert.equal(await runCommand('okChat.copyOutboxItem', { id }), text);

    // with a new token the kept message goes out
    server.token = 'tkn1fake:NEWTOKEN1111';
    await runCommand('okChat.setToken', { token: server.token });
    await runCommand('okChat.retrySend', { id });
    assert.deepEqual(server.messages.map((m) => m.text), [text]);
    assert.deepEqual(api.outboxItems(), []);
  });
});

describe('outbox: from the tree (the node a context menu passes)', () => {
  const ok = useFakeOk();

  async function queued(text: string): Promise<OutboxItemNode> {
    // OK refuses with a permission error: nothing was applied, so a retry needs no confirmation
    ok.server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, { method: 'POST' });
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text })));
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
