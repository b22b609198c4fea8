// Two windows (two Outbox instances) over one folder of records, each with its own copy of the
// records read at its own time: an attempt claims the record on disk and sends what the disk
// says, never its window's older copy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryOutboxStore, Outbox, newJob, runJob, type ApiRequest, type JobHost, type OutboxItem, type OutboxStore } from '../../src/core';
import { FileOutboxStore } from '../../src/core/outbox/outboxFiles';

const CHAT = 'chat:C3ecb9d02a600';

/** What OK got, from every window: the texts posted, in order. */
class Posts {
  readonly texts: string[] = [];
  /** While set, requests wait for it (an attempt in flight). */
  gate: Promise<void> | undefined;
  host(outbox: Outbox): JobHost {
    return {
      outbox,
      client: () => {
        throw new Error('no client in this test');
      },
      call: async <T>(request: ApiRequest<T>) => {
        this.texts.push(String((request.body as { message?: { text?: string } }).message?.text));
        await this.gate;
        return { message_id: `mid:${this.texts.length}` } as T;
      },
      readFile: () => Promise.resolve(new Uint8Array()),
      fileName: (l) => l,
      log: { debug: () => undefined, info: () => undefined },
    };
  }
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

for (const kind of ['files', 'global state'] as const) {
  describe(`Outbox in two windows over one store (${kind})`, () => {
    let dir: string;
    let shared: MemoryOutboxStore;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ok-outbox-windows-'));
      shared = new MemoryOutboxStore();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const alive = new Set(['w1', 'w2']);
    const store = (): OutboxStore => (kind === 'files' ? new FileOutboxStore(dir) : shared);
    const window = (owner: string) => new Outbox(store(), { owner, isOwnerAlive: (o) => alive.has(o) });

    /** An unsent message both windows know (each read the records once). */
    async function unsentInBoth(): Promise<{ w1: Outbox; w2: Outbox; item: OutboxItem }> {
      const w1 = window('w1');
      const item = { ...newJob('text', ['hello'], { chatId: CHAT }, 'text'), delivery: 'not-sent' as const, lastError: 'offline' };
      await w1.put(item);
      const w2 = window('w2');
      assert.ok(w2.get(item.id), 'window 2 read the record');
      return { w1, w2, item: w1.get(item.id) as OutboxItem };
    }

    it('a Retry in the window with the older copy does not send what the other window delivered', async () => {
      const { w1, w2, item } = await unsentInBoth();
      const posts = new Posts();
      await runJob(posts.host(w1), structuredClone(item));
      assert.deepEqual(posts.texts, ['hello']);
      assert.ok(w2.get(item.id), 'window 2 still has its older copy (it reads the records every 30 s)');
      const e = await failure(runJob(posts.host(w2), structuredClone(w2.get(item.id) as OutboxItem)));
      assert.ok(e instanceof Error && e.name === 'InputError' && /another window/.test(e.message), String(e));
      assert.deepEqual(posts.texts, ['hello'], 'posted once');
      assert.equal(w2.get(item.id), undefined, 'window 2 forgot the delivered message');
      assert.deepEqual(w2.listed(), []);
    });

    it('a Retry from a copy older than the record does not send: the record changed in another window', async () => {
      const { w1, w2, item } = await unsentInBoth();
      const posts = new Posts();
      // window 1 sends part of it and stops: the record now says what OK may have
      const changed = { ...item, delivery: 'unknown' as const, lastError: 'timed out' };
      await w1.put(changed);
      const e = await failure(runJob(posts.host(w2), structuredClone(w2.get(item.id) as OutboxItem)));
      assert.ok(e instanceof Error && e.name === 'InputError' && /another window/.test(e.message), String(e));
      assert.deepEqual(posts.texts, []);
      assert.equal(w2.get(item.id)?.delivery, 'unknown', 'window 2 now shows the record as stored (its Retry asks first)');
    });

    it('two windows retrying one message at once: one POST', async () => {
      const { w1, w2, item } = await unsentInBoth();
      const posts = new Posts();
      let open!: () => void;
      posts.gate = new Promise((r) => (open = r));
      const first = failure(runJob(posts.host(w1), structuredClone(item)));
      const second = failure(runJob(posts.host(w2), structuredClone(item)));
      await new Promise((r) => setTimeout(r, 10));
      open();
      const results = await Promise.all([first, second]);
      assert.deepEqual(posts.texts, ['hello'], 'posted once');
      assert.equal(results.filter((r) => r === undefined).length, 1, 'one attempt sent it');
      const refused = results.find((r) => r !== undefined);
      assert.ok(refused instanceof Error && refused.name === 'InputError', String(refused));
      assert.deepEqual(store().load(), []);
    });
  });
}

describe('Outbox claims on disk', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ok-outbox-claims-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a window that died holding a claim: its claim is taken over, the message is told "may have been sent" first', async () => {
    const alive = new Set(['w1', 'w2']);
    const w1 = new Outbox(new FileOutboxStore(dir), { owner: 'w1', isOwnerAlive: (o) => alive.has(o) });
    const posts = new Posts();
    posts.gate = new Promise(() => undefined); // window 1 never gets its answer: it dies meanwhile
    const job = newJob('text', ['in flight'], { chatId: CHAT }, 'text');
    void runJob(posts.host(w1), job).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    const w2 = new Outbox(new FileOutboxStore(dir), { owner: 'w2', isOwnerAlive: (o) => alive.has(o) });
    const busy = await failure(runJob(new Posts().host(w2), structuredClone(w2.get(job.id) as OutboxItem)));
    assert.ok(busy instanceof Error && /being sent right now/.test(busy.message), String(busy));
    alive.delete('w1'); // its heartbeat went stale
    const e = await failure(runJob(new Posts().host(w2), structuredClone(w2.get(job.id) as OutboxItem)));
    assert.ok(e instanceof Error && /another window/.test(e.message), `not sent from the record "sending" of a dead window: ${String(e)}`);
    await w2.reload();
    assert.equal(w2.get(job.id)?.delivery, 'unknown', 'recovered as "may have been sent"');
    const retry = new Posts();
    await runJob(retry.host(w2), structuredClone(w2.get(job.id) as OutboxItem));
    assert.deepEqual(retry.texts, ['in flight'], 'then a retry sends it, claiming over the dead window\'s claim');
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n !== 'windows'), [], 'no record and no claim left');
  });

  it('a claim left by a dead window on a record that is gone is swept after an hour, one on a record kept is not', async () => {
    const store = new FileOutboxStore(dir);
    const kept = newJob('text', ['kept'], { chatId: CHAT }, 'text');
    await store.save(kept);
    assert.ok(store.claim(kept.id, 'dead', () => false));
    assert.ok(store.claim('gone-1', 'dead', () => false));
    const names = () => fs.readdirSync(dir).filter((n) => n.endsWith('.claim')).sort();
    await store.sweep(Date.now());
    assert.equal(names().length, 2, 'not within the hour');
    await store.sweep(Date.now() + 2 * 3_600_000);
    assert.deepEqual(names(), [encodeURIComponent(kept.id) + '.claim']);
  });
});
