// `ok-chat send`, `read` and `chats` against every answer style of the fake server (its DIALECTS,
// `wild` too: every variant the reference lists for reading): each works, nothing is lost.
import * as assert from 'node:assert/strict';
import { runCliInProcess } from '../helpers/cliInProcess';
import { useFakeOkServer } from '../helpers/fakeOk';
import { DIALECT_NAMES, type FakeOkServer, SEED_CHAT_IDS, SEED_MEMBERS } from '../fake-ok/server';

const CHAT = SEED_CHAT_IDS[0];

for (const dialect of DIALECT_NAMES) {
  describe(`ok-chat against the "${dialect}" dialect`, () => {
    const fixture = useFakeOkServer({ server: { seed: true, dialect }, each: 'fresh' });
    let server: FakeOkServer;
    beforeEach(() => {
      server = fixture.server;
    });

    const run = (args: string[]) => runCliInProcess(server, args);

    it('send, then read: every message has its block, ours marked', async () => {
      const sent = await run(['send', '--chat', CHAT, '--text', 'Сборка 2.4.1 готова']);
      assert.equal(sent.code, 0, sent.err);
      const r = await run(['read', '--chat', CHAT, '--count', '100']);
      assert.equal(r.code, 0, r.err);
      const blocks = r.out.trimEnd().split('\n\n');
      assert.equal(blocks.length, server.memberMessages.length + server.messages.length);
      assert.match(blocks.at(-1) ?? '', / \(you\)\n {2}Сборка 2\.4\.1 готова$/);
      assert.ok(blocks.slice(0, -1).every((b) => !b.split('\n')[0].includes('(you)')), 'members\' messages are not ours');
    });

    it('read --json gives every message, one attachment or many', async () => {
      server.postAsMember(CHAT, SEED_MEMBERS[0], { attachments: [{ type: 'IMAGE', payload: { url: 'https://i.mycdn.me/a.png' } }], time: Date.now() });
      const r = await run(['read', '--chat', CHAT, '--count', '100', '--json']);
      assert.equal(r.code, 0, r.err);
      assert.equal((JSON.parse(r.out) as unknown[]).length, server.memberMessages.length);
    });

    it('chats lists every chat once over pages', async () => {
      for (let i = 0; i < 120; i++) server.addChat({ title: `chat ${i}`, ...(i % 10 === 0 ? { type: 'DIALOG' } : {}) });
      const r = await run(['chats']);
      assert.equal(r.code, 0, r.err);
      const ids = r.out.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]).filter((id) => id.startsWith('chat:'));
      assert.equal(ids.length, server.chats.size);
      assert.equal(new Set(ids).size, ids.length);
    });
  });
}
