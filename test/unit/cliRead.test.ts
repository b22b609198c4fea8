// `ok-chat read` (main() in this process, against the seeded fake server): text blocks and --json.
import * as assert from 'node:assert/strict';
import { runCliInProcess } from '../helpers/cliInProcess';
import { useFakeOkServer } from '../helpers/fakeOk';
import { type FakeOkServer, SEED_CHAT_IDS, SEED_HISTORY_START, SEED_MEMBERS } from '../fake-ok/server';

const CHAT = SEED_CHAT_IDS[0];
const pad = (n: number) => String(n).padStart(2, '0');
/** The local time as the help promises it: 2025-01-01 09:05. */
const shown = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe('ok-chat read', () => {
  const fixture = useFakeOkServer({ server: { seed: true }, each: 'fresh' });
  let server: FakeOkServer;
  beforeEach(() => {
    server = fixture.server;
  });

  const run = (args: string[]) => runCliInProcess(server, args);

  it('prints the last messages oldest first: time and sender, the text indented, events as * lines, snippets, attachments', async () => {
    const r = await run(['read', '--chat', 'C3ecb9d02a600', '--count', '50']);
    assert.equal(r.code, 0, r.err);
    const blocks = r.out.trimEnd().split('\n\n');
    assert.equal(blocks.length, server.memberMessages.length);
    assert.equal(blocks[0], `${shown(SEED_HISTORY_START)}  * Анна Смирнова created the chat`);
    assert.equal(blocks[1], `${shown(SEED_HISTORY_START + 60_000)}  * Анна Смирнова added Вера Кузнецова`);
    assert.ok(blocks.includes(`${shown(SEED_HISTORY_START + 3 * 60_000)}  Борис Иванов\n  Привет! Сборка 2.4.1 готова?`), r.out);
    assert.ok(blocks.some((b) => b.endsWith('  > Борис Иванов: Привет! Сборка 2.4.1 готова?\n  Да, выкладываю в 18:00')), r.out);
    assert.ok(blocks.some((b) => /Анна Смирнова \(edited\)\n {2}Деплой в 18:30/.test(b)));
    assert.ok(blocks.some((b) => b.endsWith('Вера Кузнецова\n  Отчёт за неделю\n  [file] report.pdf https://example.com/files/report.pdf')));
    assert.ok(blocks.some((b) => b.endsWith('Анна Смирнова\n  [image] https://st.mycdn.me/res/i/ok_logo.png')));
    assert.ok(blocks.some((b) => b.includes('  src/сервер/main.ts:12-13 (typescript)\n  https://github.com/') && b.endsWith('\n  const port = 8080;\n  listen(port);')));
    assert.ok(blocks.at(-1)?.endsWith('Борис Иванов\n  <img src=x onerror=alert(1)>'));
  });

  it('--count takes the newest N (default 20), still oldest first', async () => {
    for (let i = 0; i < 25; i++) server.postAsMember(CHAT, SEED_MEMBERS[1], { text: `line ${i}`, time: Date.now() + i * 1000 });
    const r = await run(['read', '-c', CHAT, '-n', '2']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.trimEnd().split('\n\n').map((b) => b.split('\n')[1]), ['  line 23', '  line 24']);
    assert.equal((await run(['read', '--chat', CHAT])).out.trimEnd().split('\n\n').length, 20);
  });

  it('--json: OK\'s messages oldest first, seq as exact strings', async () => {
    await run(['send', '--chat', CHAT, '--text', 'ping']);
    const r = await run(['read', '--chat', CHAT, '--count', '3', '--json']);
    assert.equal(r.code, 0, r.err);
    const list = JSON.parse(r.out) as Array<{ message: { text?: string; seq: unknown; mid: string }; timestamp: number }>;
    assert.equal(list.length, 3);
    const sent = server.messages[0];
    assert.deepEqual([list[2].message.text, list[2].message.seq, list[2].message.mid], ['ping', sent.seq, sent.message_id]);
    assert.equal(typeof list[0].message.seq, 'string');
    assert.ok(list[0].timestamp <= list[1].timestamp && list[1].timestamp <= list[2].timestamp);
  });

  it('usage errors: no chat, a bad count; an empty chat says so on stderr', async () => {
    assert.equal((await run(['read'])).code, 2);
    const bad = await run(['read', '--chat', CHAT, '--count', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--count must be a whole number from 1 to 1000/);
    const empty = await run(['read', '--chat', SEED_CHAT_IDS[1]]);
    assert.deepEqual([empty.code, empty.out], [0, '']);
    assert.match(empty.err, /no messages in chat:C0000000000b1/);
    const unknown = await run(['read', '--chat', 'chat:C0123456789ab']);
    assert.equal(unknown.code, 1);
  });

  it('has its own --help, and the overview lists it', async () => {
    const help = await run(['read', '--help']);
    assert.match(help.out, /^Usage: ok-chat read --chat <chat> \[--count <n>\] \[--json\]/);
    assert.match((await run(['--help'])).out, /ok-chat read --chat <chat>/);
  });
});
