// Saved chats, last-used times and unread marks written from independent events at once, in the
// real VS Code: no write is lost to the echo of another one (global state is one object per
// extension, written whole a moment after each update and sent back as stored).
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { SEED_CHAT_IDS, SEED_MEMBERS } from '../../fake-ok/server';
import { CHAT, runCommand, sleep, useFakeOk } from '../suite/extensionSetup';

describe('saved state written from independent events', function () {
  this.timeout(60_000);
  const ok = useFakeOk();
  const ids = () => ok.api.savedChats().map((c) => c.chatId).sort();

  it('a chat added right after a send is still saved once every write is answered, and after Refresh', async () => {
    const other = SEED_CHAT_IDS[1];
    await runCommand('okChat.addChat', { chatId: CHAT });
    for (let run = 1; run <= 3; run++) {
      if (run > 1) await runCommand('okChat.removeChat', { chatId: other });
      // the send stores "last used" of CHAT without waiting; the add writes at once after it
      await runCommand('okChat.sendText', { chatId: CHAT, text: `sent then added, run ${run}` });
      await runCommand('okChat.addChat', { chatId: other });
      assert.deepEqual(ids(), [CHAT, other].sort(), `run ${run}: right after the add`);
      // the send's write of "last used" may still be on its way: its echo comes back before its answer
      await ok.api.globalStateSettled();
      assert.deepEqual(ids(), [CHAT, other].sort(), `run ${run}: every write answered after the add`);
      await runCommand('okChat.refreshChats', {});
      assert.deepEqual(ids(), [CHAT, other].sort(), `run ${run}: after Refresh`);
      assert.ok((ok.api.savedChats().find((c) => c.chatId === CHAT)?.lastUsedAt ?? 0) > 0, `run ${run}: the send's last use is kept`);
    }
  });

  it('100 changes of saved chats, last-used times and unread marks at once: none is lost', async () => {
    const { server } = ok;
    const seeds = [...SEED_CHAT_IDS];
    const synthetic = (i: number) => `chat:C${(0xd0000000 + i).toString(16)}`;
    for (const chatId of seeds) await runCommand('okChat.addChat', { chatId });
    // the chats added and removed exist in OK too (Refresh and the unread counts read them)
    for (let i = 0; i < 120; i++) server.addChat({ chat_id: synthetic(i), title: `Chat ${i}` });
    const toRemove = Array.from({ length: 20 }, (_, i) => synthetic(100 + i));
    for (const chatId of toRemove) await runCommand('okChat.addChat', { chatId, title: `Old ${chatId}` });
    // a teammate wrote in every seeded chat: unread until marked as seen
    const t = Date.now() + 1000;
    for (const chatId of seeds) server.postAsMember(chatId, SEED_MEMBERS[1], { text: 'unread', time: t });
    const before = await runCommand('okChat.refreshUnread', {});
    for (const chatId of seeds) assert.ok((before[chatId] ?? 0) > 0, `${chatId} has unread messages first`);

    const added = Array.from({ length: 45 }, (_, i) => synthetic(i));
    const lastSendStart = new Map<string, number>();
    const ops: Array<() => Promise<unknown>> = [
      ...added.map((chatId) => () => runCommand('okChat.addChat', { chatId, title: `New ${chatId}` })),
      ...toRemove.map((chatId) => () => runCommand('okChat.removeChat', { chatId })),
      ...Array.from({ length: 20 }, (_, i) => () => {
        const chatId = seeds[i % seeds.length];
        lastSendStart.set(chatId, Date.now());
        return runCommand('okChat.sendText', { chatId, text: `change ${i}` });
      }),
      ...Array.from({ length: 15 }, (_, i) => () => runCommand('okChat.markSeen', { chatId: seeds[i % seeds.length] })),
    ];
    assert.equal(ops.length, 100);
    // interleaved (a fixed shuffle), each started without waiting for the ones before
    const order = ops.map((_, i) => (i * 37) % ops.length);
    assert.equal(new Set(order).size, ops.length);
    const running: Array<Promise<unknown>> = [];
    for (const [n, i] of order.entries()) {
      running.push(ops[i]());
      if (n % 4 === 3) await sleep(3);
    }
    await Promise.all(running);

    const expected = [...seeds, ...added].sort();
    const check = (when: string) => {
      assert.deepEqual(ids(), expected, `${when}: the saved chats`);
      for (const [chatId, start] of lastSendStart) {
        const used = ok.api.savedChats().find((c) => c.chatId === chatId)?.lastUsedAt ?? 0;
        assert.ok(used >= start, `${when}: the last use of ${chatId} (${used}) is older than its last send (${start})`);
      }
    };
    check('at once');
    await ok.api.globalStateSettled();
    check('every write answered');
    await runCommand('okChat.refreshChats', {});
    check('after Refresh');
    const after = await runCommand('okChat.refreshUnread', {});
    for (const chatId of seeds) assert.equal(after[chatId], 0, `${chatId}: marked as seen, and the mark kept`);
  });
});
