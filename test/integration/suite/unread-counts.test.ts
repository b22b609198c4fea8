// Unread counts of saved chats against the fake OK server: a teammate's messages count, ours do
// not, Mark as Seen resets, the tree row and the background poll follow.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { SEED_MEMBERS } from '../../fake-ok/server';
import { CHAT, CHAT2, describeRequests, pollDecisions, runCommand, setUserSetting, useFakeOk, waitFor } from './extensionSetup';

describe('unread counts', function () {
  this.timeout(30_000);
  const ok = useFakeOk();
  const TEAMMATE = SEED_MEMBERS[1];

  afterEach(async () => {
    await setUserSetting('unreadPollMinutes', 0);
    ok.api.setUnreadPollTimings(undefined);
  });

  /** The chat's row in the Chats view, as VS Code gets it. */
  function row(chatId: string): vscode.TreeItem {
    // the extension's own classes (its bundle), not this file's: found by the chat id
    const node = ok.api.tree.getChildren().find((n) => (n as { chatId?: string }).chatId === chatId);
    assert.ok(node, `no row for ${chatId}`);
    return ok.api.tree.getTreeItem(node);
  }
  const description = (chatId: string) => String(row(chatId).description ?? '');
  const reads = () => ok.server.requests.filter((r) => r.method === 'GET' && /\/me\/messages\/chat:/.test(r.path));

  it('a teammate\'s two messages count, ours do not; Mark as Seen sets the chat back to 0', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2 });
    // the seeded history of the chat is older than the save: not unread
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 0, [CHAT2]: 0 });
    assert.doesNotMatch(description(CHAT), /new/);

    const t = Date.now() + 1000;
    server.postAsMember(CHAT, TEAMMATE, { text: 'ready for review', time: t });
    server.postAsMember(CHAT, TEAMMATE, { text: 'and the tests pass', time: t + 1 });
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'looking now' });
    await runCommand('okChat.sendText', { chatId: CHAT2, text: 'ours only' });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 2, [CHAT2]: 0 });
    // the count first (a narrow side bar cuts the end), then what the row showed; the messages read are its last activity
    assert.match(description(CHAT), /^2 new · 3 members · just now$/, 'the row puts the count first');
    assert.doesNotMatch(description(CHAT2), /new/);
    const node = ok.api.tree.getChildren().find((n) => (n as { chatId?: string }).chatId === CHAT);
    assert.ok(node);
    const tooltip = ok.api.tree.resolveTreeItem(node, node).tooltip; // as on hover
    assert.match(typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), /2 new messages from others/);

    server.requests.length = 0;
    assert.deepEqual(await runCommand('okChat.markSeen', { chatId: CHAT }), { success: true });
    assert.doesNotMatch(description(CHAT), /new/, 'Mark as Seen reset the row');
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 0, [CHAT2]: 0 }, 'the messages seen stay seen');

    server.postAsMember(CHAT, TEAMMATE, { text: 'one more', time: t + 2 });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 1, [CHAT2]: 0 });
    assert.match(description(CHAT), /^1 new · /);
    await waitFor(() => api.viewBadge()?.tooltip === '1 unread', () => `the badge (at the timeout: ${JSON.stringify(api.viewBadge())})`);
    assert.equal(api.viewBadge()?.value, 1);
    // each refresh is one request per saved chat (and OK is asked once whose the token is)
    assert.ok(reads().length >= 4, describeRequests(server.requests));
    assert.equal(api.savedChats().length, 2);
  });

  it('a failed Mark as Seen keeps the count', async () => {
    const { server } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    server.postAsMember(CHAT, TEAMMATE, { text: 'ping', time: Date.now() + 1000 });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 1 });
    server.injectFault({ kind: 'ok-error', code: 100, msg: 'PARAM' }, { method: 'POST', path: `/me/messages/${CHAT}` });
    await assert.rejects(runCommand('okChat.markSeen', { chatId: CHAT }));
    assert.match(description(CHAT), /^1 new · /);
  });

  it('the badge adds the unread messages to the unsent ones and says both', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    server.postAsMember(CHAT, TEAMMATE, { text: 'one', time: Date.now() + 1000 });
    server.postAsMember(CHAT, TEAMMATE, { text: 'two', time: Date.now() + 1001 });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 2 });
    server.injectFault({ kind: 'ok-error', code: 100, msg: 'PARAM' }, { method: 'POST', path: `/me/messages/${CHAT}` });
    await assert.rejects(runCommand('okChat.sendText', { chatId: CHAT, text: 'will fail' }));
    assert.equal(api.outboxItems().length, 1);
    await waitFor(() => api.viewBadge()?.value === 3, () => `the badge (at the timeout: ${JSON.stringify(api.viewBadge())})`);
    assert.equal(api.viewBadge()?.tooltip, '1 unsent messages · 2 unread');
    await runCommand('okChat.markSeen', { chatId: CHAT });
    await waitFor(() => api.viewBadge()?.value === 1, () => `the badge (at the timeout: ${JSON.stringify(api.viewBadge())})`);
    assert.equal(api.viewBadge()?.tooltip, '1 unsent messages');
  });

  it('the background poll reads every saved chat and shows new messages', async () => {
    const { server } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2 });
    server.requests.length = 0;
    // a "minute" of the setting is 100 ms here: an interval of 200 ms; the test window's own focus
    assert.equal(vscode.window.state.focused, true, 'the test window is not focused: the poll would not run');
    await setUserSetting('unreadPollMinutes', 2);
    const decided = pollDecisions(ok.api, { msPerMinute: 100, firstDelayMs: 50 });
    server.postAsMember(CHAT2, TEAMMATE, { text: 'deployed', time: Date.now() + 1000 });
    await waitFor(() => /1 new/.test(description(CHAT2)), 'the poll to count the message', 10_000);
    const chatsRead = new Set(reads().map((r) => r.path.replace(/\?.*$/, '')));
    assert.equal(chatsRead.size, 2, describeRequests(server.requests));

    // 0 turns it off: no next round is scheduled, neither at once nor by a round still running then
    await setUserSetting('unreadPollMinutes', 0);
    const off = await decided.next((d) => d.why === 'off', 'the poll to be turned off');
    assert.equal(off.nextMs, undefined);
    const afterOff = decided.list.slice(decided.list.indexOf(off));
    assert.ok(afterOff.every((d) => d.nextMs === undefined), `the poll went on after it was turned off: ${JSON.stringify(afterOff)}`);
  });

  it('no token: the poll asks OK nothing', async () => {
    const { server } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.clearToken', {});
    server.requests.length = 0;
    await setUserSetting('unreadPollMinutes', 2);
    const decided = pollDecisions(ok.api, { msPerMinute: 100, firstDelayMs: 50, focused: true });
    const d = await decided.next((x) => x.why !== 'off', 'the poll to decide');
    assert.deepEqual(d, { ran: false, why: 'no token', nextMs: 200 });
    assert.deepEqual(server.requests, [], describeRequests(server.requests));
  });

  it('a token OK refuses stops the poll until the token changes', async () => {
    const { server } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    server.revokeToken();
    server.requests.length = 0;
    await setUserSetting('unreadPollMinutes', 2);
    const decided = pollDecisions(ok.api, { msPerMinute: 100, firstDelayMs: 50, focused: true });
    const d = await decided.next((x) => x.ran, 'the first round');
    assert.deepEqual(d, { ran: true, why: 'token refused', nextMs: undefined }, 'no next round until the token changes');
    assert.equal(server.requests.length, 1, `one refused request, then nothing:\n${describeRequests(server.requests)}`);
  });

  it('a rate limit: the poll waits at least what OK asked for', async () => {
    const { server } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    // OK asks for 10 minutes: longer than the client waits by itself, so the poll gets the error
    server.injectFault(
      { kind: 'status', status: 429, headers: { 'retry-after': '600' }, body: '{"error_code":8,"error_msg":"Too many requests"}' },
      { method: 'GET', path: `/me/messages/${CHAT}`, times: 1 },
    );
    server.requests.length = 0;
    await setUserSetting('unreadPollMinutes', 2);
    const decided = pollDecisions(ok.api, { msPerMinute: 100, firstDelayMs: 50, focused: true });
    const d = await decided.next((x) => x.ran, 'the first round');
    // rounds are 200 ms apart otherwise
    assert.ok((d.nextMs ?? 0) >= 600_000, `the next round in ${String(d.nextMs)} ms, not after the 10 minutes OK asked for`);
    assert.equal(reads().length, 1, describeRequests(server.requests));
  });
});
