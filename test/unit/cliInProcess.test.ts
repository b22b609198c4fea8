/** The `ok-chat` CLI's main() called in this process, and its --status parsing. */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { parseStatus } from '../../src/cli/arguments';
import { main } from '../../src/cli/main';
import type { FakeOkServer } from '../fake-ok/server';
import { useFakeOkServer } from '../helpers/fakeOk';
import { CHAT } from '../helpers/builtCli';

describe('ok-chat CLI main() in process', () => {
  const fixture = useFakeOkServer({ each: 'keep' });
  let server: FakeOkServer;
  before(() => {
    server = fixture.server;
    server.addChat({ chat_id: CHAT });
  });

  function io(input: string, isTTY = false) {
    const out: string[] = [];
    const err: string[] = [];
    const stdin = Object.assign(Readable.from(input ? [Buffer.from(input)] : []), { isTTY });
    return { out, err, io: { stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: os.tmpdir() } };
  }

  it('returns the exit code and writes to the given streams', async () => {
    const t = io('из main() 👋\n');
    const code = await main(['send', '--chat', CHAT], { OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl }, t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.equal(server.messages.at(-1)?.text, 'из main() 👋');
    assert.equal(t.out.join(''), `${server.messages.at(-1)?.message_id}\n`);
  });
  it('asks for text instead of waiting on a terminal', async () => {
    const t = io('', true);
    assert.equal(await main(['send', '--chat', CHAT], { OK_ACCESS_TOKEN: server.token, OK_API_BASE_URL: server.baseUrl }, t.io), 2);
    assert.match(t.err.join(''), /no text: pass --text/);
  });
  it('understands exit codes and CI status words', () => {
    assert.deepEqual(parseStatus('0'), { status: 'success', exitCode: 0 });
    assert.deepEqual(parseStatus('137'), { status: 'failure', exitCode: 137 });
    assert.deepEqual(parseStatus('Success'), { status: 'success' });
    assert.deepEqual(parseStatus('failed'), { status: 'failure' });
    assert.deepEqual(parseStatus('canceled'), { status: 'cancelled' });
    assert.throws(() => parseStatus('maybe'), /--status must be/);
  });
  it('understands negative exit codes', () => {
    assert.deepEqual(parseStatus('-1073741819'), { status: 'failure', exitCode: -1073741819 });
    assert.deepEqual(parseStatus('-1'), { status: 'failure', exitCode: -1 });
  });
});
