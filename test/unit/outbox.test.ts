import * as assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { MemoryOutboxStore, OkApiError, Outbox, isJobFailed, newJob, ownerAlive, runJob, type ApiRequest, type JobHost, type OutboxItem } from '../../src/core';

const CHAT = 'chat:C3ecb9d02a600';

/** A host whose calls are answered by `answer` (in order), recording what the store held at each call. */
function host(outbox: Outbox, store: MemoryOutboxStore, answer: (n: number, signal: AbortSignal) => Promise<unknown>) {
  const seen: Array<{ stored: OutboxItem[]; body: unknown }> = [];
  const h: JobHost = {
    outbox,
    client: () => {
      throw new Error('no client in this test');
    },
    call: <T>(request: ApiRequest<T>, signal: AbortSignal) => {
      seen.push({ stored: store.load(), body: request.body });
      return answer(seen.length, signal) as Promise<T>;
    },
    readFile: () => Promise.resolve(new Uint8Array()),
    fileName: (l) => l,
    log: { debug: () => undefined, info: () => undefined },
  };
  return { host: h, seen };
}
const accepted = () => Promise.resolve({ message_id: 'mid:1' });
const never = (_n: number, signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new OkApiError({ kind: 'cancelled', delivery: 'unknown' }))));

describe('Outbox (write-ahead, shared by windows)', () => {
  it('stores a send before its first request and after each accepted part, and removes it after the last', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1' });
    const { host: h, seen } = host(outbox, store, accepted);
    const job = newJob('text', ['one', 'two', 'three'], { chatId: CHAT }, 'text');
    const outcome = await runJob(h, job);
    assert.equal(outcome.sent, 3);
    assert.deepEqual(
      seen.map((s) => s.stored.map((i) => [i.state, i.sent, i.owner])),
      [[['sending', 0, 'w1']], [['sending', 1, 'w1']], [['sending', 2, 'w1']]],
      'each request goes only after the record says how far the send got',
    );
    assert.deepEqual(store.load(), [], 'nothing is left once OK accepted the last part');
  });

  it('a stop between parts leaves the rest, told "may have been sent", and a retry starts after the accepted parts', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1' });
    let n = 0;
    const { host: h } = host(outbox, store, (i, signal) => (++n === 2 ? never(i, signal) : accepted()));
    const job = newJob('text', ['one', 'two', 'three'], { chatId: CHAT }, 'text');
    const running = runJob(h, job).catch((e: unknown) => e);
    while (n < 2) await new Promise((r) => setImmediate(r));
    // the extension host dies: a new one starts over the same records
    const after = new Outbox(store, { owner: 'w1' });
    assert.equal(await after.recover(), 1);
    const [item] = after.all();
    assert.equal(item.sent, 1, 'part one is known to be accepted');
    assert.equal(item.delivery, 'unknown', 'part two was in flight: OK may have it');
    assert.equal(item.state, undefined);
    // the dead run's attempt writes nothing more
    await outbox.restart();
    await running;
    const { host: h2, seen } = host(after, store, accepted);
    await runJob(h2, structuredClone(item));
    assert.deepEqual(
      seen.map((s) => (s.body as { message?: { text?: string } }).message?.text),
      ['two', 'three'],
      'the retry sends parts two and three only',
    );
  });

  it('one window does not overwrite or take over the records of another', async () => {
    const store = new MemoryOutboxStore();
    const alive = new Set(['w1', 'w2']);
    const w1 = new Outbox(store, { owner: 'w1', isOwnerAlive: (o) => alive.has(o) });
    const w2 = new Outbox(store, { owner: 'w2', isOwnerAlive: (o) => alive.has(o) });
    const a = newJob('text', ['from window 1'], { chatId: CHAT }, 'text');
    const b = newJob('text', ['from window 2'], { chatId: CHAT }, 'text');
    await w1.put(a);
    await w2.put(b);
    assert.deepEqual(store.load().map((i) => i.parts[0]).sort(), ['from window 1', 'from window 2'], 'both records are stored');

    // window 1 sends c; window 2 reads the records meanwhile
    const c = newJob('text', ['in flight in window 1'], { chatId: CHAT }, 'text');
    const { host: h } = host(w1, store, never);
    const running = runJob(h, c).catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    assert.equal(await w2.reload(), 0, 'a send another live window runs is not "may have been sent"');
    assert.ok(!w2.listed().some((i) => i.id === c.id), 'nor listed as unsent there');
    assert.equal(w2.begin(c.id), undefined, 'nor retried there');
    // window 1 crashes: once it is no longer alive, window 2 tells the truth about c
    alive.delete('w1');
    assert.equal(await w2.reload(), 1);
    assert.equal(w2.get(c.id)?.delivery, 'unknown');
    await w1.restart();
    await running;
  });

  it('a send held back (build results collected for a moment) is stored, hidden, and found "not sent" after a stop', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1', heldMessage: () => 'closed before sending' });
    const job = newJob('text', ['build failed'], { chatId: CHAT }, 'build');
    await outbox.hold(job);
    assert.equal(store.load()[0]?.state, 'waiting');
    assert.deepEqual(outbox.listed(), [], 'not listed as unsent while it waits');
    assert.equal(await outbox.reload(), 0, 'nor recovered while this run holds it');
    await outbox.restart();
    const [item] = outbox.listed();
    assert.equal(item?.delivery, 'not-sent');
    assert.equal(item?.lastError, 'closed before sending');
  });

  it('a held send that then goes is a new send, not a retry, and leaves nothing behind', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1' });
    const job = newJob('text', ['build failed'], { chatId: CHAT }, 'build');
    await outbox.hold(job);
    const { host: h } = host(outbox, store, accepted);
    await runJob(h, job);
    assert.deepEqual(store.load(), []);
  });

  it('reading the records again tells listeners only when something changed', async () => {
    const store = new MemoryOutboxStore();
    const w1 = new Outbox(store, { owner: 'w1' });
    const w2 = new Outbox(store, { owner: 'w2' });
    let changes = 0;
    w1.onDidChange(() => changes++);
    await w1.reload();
    assert.equal(changes, 0, 'nothing new: no refresh of the view');
    await w2.put(newJob('text', ['from window 2'], { chatId: CHAT }, 'text'));
    await w1.reload();
    assert.equal(changes, 1);
    assert.equal(w1.listed().length, 1, 'the other window\'s unsent message is listed here too');
  });

  it('reading the records again while a write or removal of this window is still on its way neither revives nor loses a record', async () => {
    // A store that takes its time (files, another process): operations land when `land()` is called.
    const inner = new MemoryOutboxStore();
    const waiting: Array<() => void> = [];
    const slow = {
      load: () => inner.load(),
      save: (item: OutboxItem) => new Promise<void>((resolve) => waiting.push(() => void inner.save(item).then(resolve))),
      delete: (id: string) => new Promise<void>((resolve) => waiting.push(() => void inner.delete(id).then(resolve))),
    };
    const land = () => waiting.splice(0).forEach((f) => f());
    const outbox = new Outbox(slow, { owner: 'w1' });
    const { host: h } = host(outbox, inner, accepted);
    const job = newJob('text', ['sent just now'], { chatId: CHAT }, 'text');
    const sending = runJob(h, job);
    land(); // the record before the request; the request is answered and the removal starts
    await new Promise((r) => setImmediate(r));
    assert.equal(inner.load().length, 1, 'the removal has not reached the store yet');
    await outbox.reload();
    assert.deepEqual(outbox.all(), [], 'a message OK accepted does not come back as "may have been sent"');
    land();
    await sending;
    const unsent = newJob('text', ['kept'], { chatId: CHAT }, 'text');
    const putting = outbox.put(unsent);
    await outbox.reload();
    assert.deepEqual(outbox.all().map((i) => i.id), [unsent.id], 'a record on its way to the store is not lost');
    land();
    await putting;
    assert.equal(inner.load().length, 1);
  });

  it('an extension host is alive while it says so and, on this machine, while its process runs', () => {
    const now = 1_000_000;
    const runs = (pid: number) => pid === 42;
    assert.equal(ownerAlive('box/42', now - 10_000, now, 'box', runs), true);
    assert.equal(ownerAlive('box/43', now - 10_000, now, 'box', runs), false, 'killed or reloaded: dead at once');
    assert.equal(ownerAlive('box/42', now - 5 * 60_000, now, 'box', runs), false, 'silent for minutes (a reused pid)');
    assert.equal(ownerAlive('box/42', undefined, now, 'box', runs), false, 'closed: it removed its entry');
    assert.equal(ownerAlive('other/43', now - 10_000, now, 'box', runs), true, 'another machine: only what it says counts');
    assert.equal(ownerAlive(`${hostname()}/${process.pid}`, now - 1, now), true, 'this process runs');
  });

  it('refuses a second attempt at the same item while one runs', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1' });
    const { host: h } = host(outbox, store, never);
    const job = newJob('text', ['once'], { chatId: CHAT }, 'text');
    const first = runJob(h, job).catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    const e = await runJob(h, structuredClone(job)).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof Error && e.name === 'InputError' && /being sent right now/.test(e.message), String(e));
    await outbox.restart();
    await first;
  });

  it('a retry of a may-have-been-sent message that fails before OK accepts it stays may-have-been-sent', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1' });
    const refused = () => Promise.reject(new OkApiError({ kind: 'network', delivery: 'not-sent' }));
    const job = { ...newJob('text', ['one', 'two'], { chatId: CHAT }, 'text'), delivery: 'unknown' as const };
    await outbox.put(job);
    await runJob(host(outbox, store, refused).host, structuredClone(job)).catch(() => undefined);
    assert.equal(store.load()[0]?.delivery, 'unknown', 'OK may still have part one from the earlier attempt: the next Retry asks again');
    // once OK accepted that part, what follows is told as it is
    let n = 0;
    const { host: h } = host(outbox, store, () => (++n === 1 ? accepted() : refused()));
    await runJob(h, structuredClone(store.load()[0])).catch(() => undefined);
    assert.equal(store.load()[0]?.sent, 1);
    assert.equal(store.load()[0]?.delivery, 'not-sent');
  });

  it('a failed send is kept with what OK may have, and thrown as JobFailed', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, { owner: 'w1' });
    const { host: h } = host(outbox, store, () => Promise.reject(new OkApiError({ kind: 'temporary', delivery: 'unknown', httpStatus: 502 })));
    const job = newJob('users', ['hi'], { userIds: ['user:1'] }, 'users');
    const e = await runJob(h, job).catch((x: unknown) => x);
    assert.ok(isJobFailed(e));
    const [item] = store.load();
    assert.equal(item.delivery, 'unknown');
    assert.equal(item.kind, 'users');
  });

});
