// The build-notification status bar item, as the extension shows it (what VS Code renders).
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import { CHAT, reportBuildEnd, runCommand, setUserSetting, useFakeOk, waitFor } from '../suite/extensionSetup';

describe('build notifications: the status bar item', function () {
  this.timeout(30_000);
  const ok = useFakeOk();
  const texts = (chat: string = CHAT) => ok.server.messages.filter((m) => m.chat_id === chat).map((m) => m.text ?? '');
  afterEach(async () => {
    await setUserSetting('buildNotifications', undefined);
  });

  it('the status bar item tells sending, sent and not sent apart, with the time as in the message', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    await runCommand('okChat.addChat', { chatId: CHAT });
    reportBuildEnd(ok.api)({ kind: 'task', name: 'status-ok', group: 'build', exitCode: 1, durationMs: 1000 });
    await waitFor(() => ok.api.buildStatus().text === '$(sync~spin) OK Chat: sending…', 'the item to say sending (during the debounce)', 3000);
    const sent = await waitFor(() => (ok.api.buildStatus().text.startsWith('$(check)') ? ok.api.buildStatus() : undefined), 'the item to say sent', 8000);
    const time = /^\$\(check\) OK Chat: sent (.+)$/.exec(sent.text)?.[1] ?? '';
    // vscode.env.language is "en" here: hours and minutes as English writes them, no seconds
    assert.match(time, /^\d{1,2}:\d{2}\s?[AP]M$/, sent.text);
    assert.equal(sent.error, false);
    assert.ok(sent.tooltip.startsWith(`Build notification sent to Backend at ${time}: ❌ status-ok is broken`), sent.tooltip);
    assert.ok(texts().some((t) => t.includes('status-ok') && t.endsWith(time)), `the message says the same time ${time}: ${texts().join(' | ')}`);

    ok.server.injectFault({ kind: 'status', status: 500 }, { method: 'POST' });
    reportBuildEnd(ok.api)({ kind: 'task', name: 'status-failed', group: 'build', exitCode: 1, durationMs: 1000 });
    const failed = await waitFor(() => (ok.api.buildStatus().text.startsWith('$(error)') ? ok.api.buildStatus() : undefined), 'the item to say not sent', 8000);
    assert.equal(failed.text, '$(error) OK Chat: not sent');
    assert.equal(failed.error, true, 'an error background');
    assert.match(failed.tooltip, /^The build notification to Backend at \d{1,2}:\d{2}\s?[AP]M was not sent: .* It is in the Outbox\.$/s);
    assert.equal(failed.label, 'OK Chat build notifications: not sent');
  });
});
