import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { buildDecided, CHAT, okConfig, reportBuildEnd, runCommand, setUserSetting, useFakeOk } from '../suite/extensionSetup';

describe('build notifications in Restricted Mode', function () {
  this.timeout(60000);
  const ok = useFakeOk();

  afterEach(async () => {
    await setUserSetting('buildNotifications', undefined);
  });

  it('sends nothing without a click, even for a user rule', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    assert.equal(okConfig().get<unknown[]>('buildNotifications')?.length, 1);
    // VS Code runs no tasks and injects no shell integration in Restricted Mode, so feed the
    // watcher a finished build directly; the trusted suite checks the same call does send.
    reportBuildEnd(ok.api)({ kind: 'task', name: 'build', group: 'build', exitCode: 1, durationMs: 1000 });
    // decided: nothing queued, so nothing can follow after the debounce
    assert.match(await buildDecided(ok.api, 'build'), /: 0 notification\(s\) queued$/);
    assert.equal(ok.server.messages.length, 0, 'a build notification was sent in Restricted Mode');
    assert.deepEqual(ok.api.outboxItems(), []);
  });

  it('still sends a test notification the user asks for', async () => {
    await runCommand('okChat.sendTestBuildNotification', { chatId: CHAT, status: 'failure' });
    assert.equal(ok.server.messages.length, 1);
  });
});
