// In the real VS Code (its extension host's fetch): an answer that is not OK's is told as such.
// A redirect to another host is not followed (nothing, and no token, reaches that host) and is
// "not sent"; a 200 HTML block page is "may have been sent". The message stays in the Outbox.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { sendFailedText } from '../../../src/extension/commands/commandErrors';
import type { SendFailed } from '../../../src/extension/outbox/sendThroughOutbox';
import { OtherHost } from '../../fake-ok/server';
import { CHAT, outboxIdOf, rejection, runCommand, useFakeOk } from '../suite/extensionSetup';

describe('answers not from OK, in the editor', function () {
  this.timeout(30000);
  const ok = useFakeOk();
  let other: OtherHost;
  before(async () => (other = await OtherHost.start()));
  after(() => other.close());

  it('a 307 to another loopback host is not followed: nothing reaches it, "not sent" naming it, kept in the Outbox', async () => {
    other.requests.length = 0;
    ok.server.injectFault({ kind: 'redirect', status: 307, location: `${other.origin}/graph/me/messages/${CHAT}`, keepQuery: true }, { method: 'POST', times: 5 });
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'релиз 2.4.1 выложен' }));
    const id = outboxIdOf(err);
    assert.deepEqual(other.requests, [], 'nothing went to the other host');
    assert.equal(ok.server.messages.length, 0);
    assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, 1, 'not sent again');
    const host = new URL(other.origin).host;
    const told = sendFailedText(err as unknown as SendFailed);
    assert.ok(told.startsWith('Not sent: ') && told.includes(`redirect to ${host} (HTTP 307)`), told);
    assert.ok(!told.includes(ok.server.token) && !told.includes('access_token'), told);
    const item = ok.api.outboxItems().find((i) => i.id === id);
    assert.ok(item, 'the message stays in the Outbox');
    assert.notEqual(item.delivery, 'unknown');
    ok.server.clearFaults();
    await runCommand('okChat.retrySend', { id });
    assert.equal(ok.server.messages[0]?.text, 'релиз 2.4.1 выложен');
    assert.deepEqual(other.requests, []);
  });

  it('a 200 HTML block page after OK took the message: "may have been sent", kept in the Outbox, not sent again', async () => {
    ok.server.injectFault({ kind: 'html', afterHandling: true }, { method: 'POST', times: 5 });
    const err = await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'сборка упала' }));
    const id = outboxIdOf(err);
    assert.equal(ok.server.messages.length, 1);
    assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, 1);
    const told = sendFailedText(err as unknown as SendFailed);
    assert.match(told, /^May have been sent: The answer was not from OK \(an HTML page: a proxy or a captive portal\?\)\..*check the chat before retrying/);
    assert.equal(ok.api.outboxItems().find((i) => i.id === id)?.delivery, 'unknown');
  });
});
