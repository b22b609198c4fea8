import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Outbox, newJob, runJob, type ApiRequest, type JobHost, type OutboxItem } from '../../src/core';
import { FileOutboxStore } from '../../src/core/outbox/outboxFiles';

const CHAT = 'chat:C3ecb9d02a600';

describe('FileOutboxStore (Outbox records as files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ok-outbox-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const item = (text: string, id = 'a1-x'): OutboxItem => ({ ...newJob('text', [text], { chatId: CHAT }, 'text'), id });

  it('keeps each record in its own file, readable by a new store (another window, a new process)', async () => {
    const store = new FileOutboxStore(path.join(dir, 'outbox'));
    assert.deepEqual(store.load(), [], 'no folder yet: no records');
    await store.save(item('Привет 👋 $?', 'one'));
    await store.save(item('second', 'two'));
    const other = new FileOutboxStore(path.join(dir, 'outbox'));
    assert.deepEqual(other.load().map((i) => [i.id, i.parts[0]]).sort(), [['one', 'Привет 👋 $?'], ['two', 'second']]);
    await other.delete('one');
    assert.deepEqual(store.load().map((i) => i.id), ['two']);
    const mode = fs.statSync(path.join(dir, 'outbox', 'two.json')).mode & 0o777;
    if (process.platform !== 'win32') assert.equal(mode, 0o600, 'the records hold what the user wrote: only the user may read them');
  });

  it('lands writes of one record in order, even when not awaited one by one', async () => {
    const store = new FileOutboxStore(dir);
    const writes = [];
    for (let n = 0; n < 30; n++) writes.push(store.save({ ...item('x'), sent: n }));
    const removed = store.delete('a1-x');
    const last = store.save({ ...item('x'), sent: 99 });
    await Promise.all([...writes, removed, last]);
    assert.deepEqual(store.load().map((i) => i.sent), [99]);
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file is left');
  });

  it('skips a damaged or foreign file instead of failing, and sweeps old temporary files only', async () => {
    const store = new FileOutboxStore(dir);
    await store.save(item('kept', 'good'));
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"id": "bad", "parts": [');
    fs.writeFileSync(path.join(dir, 'other.json'), '[1, 2]');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const old = path.join(dir, 'good.json.123.1.tmp');
    const fresh = path.join(dir, 'good.json.123.2.tmp');
    fs.writeFileSync(old, '{}');
    fs.writeFileSync(fresh, '{}');
    const hourAgo = (Date.now() - 2 * 3_600_000) / 1000;
    fs.utimesSync(old, hourAgo, hourAgo);
    assert.deepEqual(store.load().map((i) => i.id), ['good']);
    await store.sweep();
    assert.equal(fs.existsSync(old), false, 'a temporary file from a killed write is removed');
    assert.equal(fs.existsSync(fresh), true, 'a temporary file that may be a write running now is kept');
  });

  it('tells when a window last said it is alive, and forgets it once the window closed', async () => {
    const store = new FileOutboxStore(dir);
    assert.equal(store.lastBeat('host/1'), undefined);
    await store.beat('host/1', 1234);
    await store.beat('other host/2', 99);
    assert.equal(store.lastBeat('host/1'), 1234);
    assert.equal(new FileOutboxStore(dir).lastBeat('other host/2'), 99);
    await store.closed('host/1');
    assert.equal(store.lastBeat('host/1'), undefined);
    assert.deepEqual(store.load(), [], 'heartbeats are not records');
  });

  it('keeps a record written before the first request when the process is killed right after', () => {
    // A real process: saves the record as the send does, and is killed (SIGKILL) as soon as the
    // write resolved, before anything else could run. The record must be on disk.
    const modulePath = require.resolve('../../src/core/outbox/outboxFiles');
    const script = `
      const { FileOutboxStore } = require(${JSON.stringify(modulePath)});
      const store = new FileOutboxStore(${JSON.stringify(dir)});
      store.save({ id: 'killed', kind: 'text', chatId: '${CHAT}', parts: ['Отправляю…'], sent: 0, createdAt: 1, updatedAt: 1, attempts: 1, source: 'text', state: 'sending', owner: 'h/1' })
        .then(() => process.kill(process.pid, 'SIGKILL'));
    `;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const found = new FileOutboxStore(dir).load();
    assert.deepEqual(found.map((i) => [i.id, i.state, i.parts[0]]), [['killed', 'sending', 'Отправляю…']]);
  });

  it('serves the write-ahead Outbox: each request goes only once the record is on disk', async () => {
    const store = new FileOutboxStore(dir);
    const outbox = new Outbox(store, { owner: 'w1' });
    const onDisk: Array<Array<[string | undefined, number]>> = [];
    const host: JobHost = {
      outbox,
      client: () => {
        throw new Error('no client in this test');
      },
      call: <T>(_request: ApiRequest<T>) => {
        onDisk.push(new FileOutboxStore(dir).load().map((i) => [i.state, i.sent]));
        return Promise.resolve({ message_id: `mid:${onDisk.length}` } as T);
      },
      readFile: () => Promise.resolve(new Uint8Array()),
      fileName: (l) => l,
      log: { debug: () => undefined, info: () => undefined },
    };
    const outcome = await runJob(host, newJob('text', ['one', 'two'], { chatId: CHAT }, 'text'));
    assert.equal(outcome.sent, 2);
    assert.deepEqual(onDisk, [[['sending', 0]], [['sending', 1]]]);
    assert.deepEqual(new FileOutboxStore(dir).load(), [], 'removed once OK accepted the last part');
  });
});
