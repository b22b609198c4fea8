import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { SEED_MEMBERS } from '../../fake-ok/server';
import { CHAT, describeRequests, pollDecisions, runCommand, setUserSetting, useFakeOk } from '../suite/extensionSetup';

describe('unread counts in Restricted Mode', () => {
  const ok = useFakeOk();

  afterEach(async () => {
    await setUserSetting('unreadPollMinutes', 0);
    ok.api.setUnreadPollTimings(undefined);
  });

  it('the background poll makes no request at all', async function () {
    this.timeout(20_000);
    const { server } = ok;
    assert.equal(vscode.workspace.isTrusted, false);
    await runCommand('okChat.addChat', { chatId: CHAT });
    server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'new here', time: Date.now() + 1000 });
    server.requests.length = 0;
    // everything else a round needs: a token, a saved chat, the poll on (200 ms), a focused window
    await setUserSetting('unreadPollMinutes', 2);
    const decided = pollDecisions(ok.api, { msPerMinute: 100, firstDelayMs: 50, focused: true });
    assert.equal((await decided.next((d) => d.why !== 'off', 'the poll to decide')).why, 'untrusted');
    assert.deepEqual(server.requests, [], describeRequests(server.requests));
  });
});
