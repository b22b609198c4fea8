/**
 * A window's extension host for the kill -9 cases of the fault-injection run (./chaosKill.ts):
 * sends one message through the Outbox on the real record files (a new send, or a retry of the
 * record already there), says on stdout when it reached the step it was given and then waits
 * there to be killed.
 * Arguments: folder, base URL, token, marker, step ('none': no wait), 'new' | 'retry'.
 */
import * as os from 'node:os';
import { OkClient, Outbox, newJob, ownerAlive, runJob, type OutboxItem } from '../../src/core';
import { FileOutboxStore } from '../../src/core/outbox/outboxFiles';
import { CHAT, CORE_TIMEOUTS } from './chaosCommon';
import { jobHost, threePartTexts } from './chaosWindows';

const [dir, baseUrl, token, marker, step, mode] = process.argv.slice(2);
const owner = `${os.hostname()}/${process.pid}`;

function reached(here: string): void {
  if (here !== step) return;
  process.stdout.write(`at ${here}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20_000); // blocked until killed
}

class SteppedStore extends FileOutboxStore {
  override claim(id: string, who: string, isOwnerAlive: (owner: string) => boolean): string | undefined {
    const token = super.claim(id, who, isOwnerAlive);
    reached('claimed, before the record');
    return token;
  }
  override save(item: OutboxItem): Promise<void> {
    const done = super.save(item);
    if (item.state === 'sending') reached(item.sent === 0 ? 'after the record, before the request' : 'between parts');
    return done;
  }
  override delete(id: string): Promise<void> {
    reached('all parts accepted, before the record is removed');
    return super.delete(id);
  }
}

async function main(): Promise<void> {
  const store = new SteppedStore(dir);
  await store.beat(owner);
  const outbox = new Outbox(store, { owner, isOwnerAlive: (o) => o === owner || ownerAlive(o, store.lastBeat(o)) });
  const client = new OkClient({ token, baseUrl, timeouts: CORE_TIMEOUTS });
  const job = mode === 'retry' ? outbox.get(marker) : { ...newJob('text', threePartTexts(marker), { chatId: CHAT }, 'text'), id: marker };
  if (!job) throw new Error('no record to retry');
  await runJob(jobHost(outbox, client), structuredClone(job)).catch(() => undefined);
  await client.close();
  process.stdout.write('done\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
