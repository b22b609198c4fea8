/**
 * Two windows over one Outbox with a stale copy, for the fault-injection run: window 2 read the
 * records once and not again (it reads them every 30 s), window 1 acts on them meanwhile. Over
 * the record files and over global state (a store both windows see at once). Each case ends as
 * the user would end it in window 2 after its next read: retry what is told "not sent", and
 * what is told "may have been sent" only if the chat does not have it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryOutboxStore, OkClient, Outbox, newJob, runJob, splitMessage, type JobHost, type OutboxItem, type OutboxStore } from '../../src/core';
import { FileOutboxStore } from '../../src/core/outbox/outboxFiles';
import type { FakeOkServer } from '../fake-ok/server';
import { sleep } from '../helpers/sleep';
import { CHAT, CORE_TIMEOUTS, type Env, type PathResult } from './chaosCommon';
import { toldByRecord } from './chaosExtension';

/** A case of its own (no injected fault of the table's): its name, its bound and how it runs. */
export interface OwnCase {
  id: string;
  boundMs: number;
  run(env: Env): Promise<PathResult>;
}

const ignore = () => undefined;
const POSTS = { method: 'POST', path: /\/messages/ };

export function jobHost(outbox: Outbox, client: OkClient): JobHost {
  return {
    outbox,
    client: () => client,
    call: (request, signal) => client.call(request, { signal }),
    readFile: () => Promise.reject(new Error('no files here')),
    fileName: (l) => l,
    log: { debug: ignore, info: ignore },
  };
}

export const threePartTexts = (marker: string) => splitMessage(`${marker} one\n${'a'.repeat(60)}\n${'b'.repeat(60)}\n${'c'.repeat(60)}`, 80);
export const copiesOf = (server: FakeOkServer | undefined, text: string) => (server?.messages ?? []).filter((m) => (m.text ?? '').includes(text)).length;

/**
 * What the record says, then the user's end of it from the Outbox of `outbox` (a retry unless
 * OK may have it and the chat shows it), then what the record says after.
 */
export async function endAsTheUser(env: Env, outbox: Outbox, store: OutboxStore, client: OkClient, texts: string[], id: string): Promise<PathResult> {
  const told = toldByRecord(texts, store.load().find((i) => i.id === id));
  const first = told.map((t, i) => ({ told: t, copies: copiesOf(env.server, texts[i]) }));
  env.server?.clearFaults();
  const item = outbox.get(id);
  if (item) {
    const inFlight = texts[Math.min(item.sent, texts.length - 1)];
    if (item.delivery !== 'unknown' || copiesOf(env.server, inFlight) === 0) {
      await runJob(jobHost(outbox, client), structuredClone(item)).catch(ignore);
      told.splice(0, told.length, ...toldByRecord(texts, store.load().find((i) => i.id === id)));
    }
  }
  const left = store.load().find((i) => i.id === id); // read now: the store's folder is removed after the case
  return {
    parts: texts.map((text, i) => ({ text, told: told[i] })),
    first,
    kept: (delivered) => texts.every((t, i) => delivered(t) > 0 || (left !== undefined && told[i] !== 'sent')),
  };
}

type Scenario = 'Retry in both windows at once' | 'stale Retry after the other window delivered' | 'stale Retry while the other window sends' | 'stale Retry after the other window died mid-send';
const SCENARIOS: Scenario[] = ['Retry in both windows at once', 'stale Retry after the other window delivered', 'stale Retry while the other window sends', 'stale Retry after the other window died mid-send'];

async function waitForPost(server: FakeOkServer | undefined): Promise<void> {
  for (let i = 0; i < 500 && !server?.requests.some((r) => r.method === 'POST'); i++) await sleep(10);
}

async function twoWindows(env: Env, kind: 'record files' | 'global state', scenario: Scenario): Promise<PathResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-chaos-windows-'));
  const shared = new MemoryOutboxStore();
  const store = (): OutboxStore => (kind === 'record files' ? new FileOutboxStore(dir) : shared);
  const alive = new Set(['w1', 'w2']);
  const open = (owner: string) => new Outbox(store(), { owner, isOwnerAlive: (o) => alive.has(o) });
  const client = new OkClient({ token: env.token, baseUrl: env.baseUrl, timeouts: CORE_TIMEOUTS });
  const texts = threePartTexts(env.marker);
  const job = newJob('text', texts, { chatId: CHAT, chatTitle: 'Backend' }, 'text');
  try {
    const w1 = open('w1');
    // the first attempt is refused: the message is in the Outbox, not sent
    env.server?.injectFault({ kind: 'ok-error', code: 100, msg: 'PARAM : refused' }, { ...POSTS, times: 1 });
    await runJob(jobHost(w1, client), job).catch(ignore);
    env.server?.clearFaults();
    const w2 = open('w2'); // reads the records now, and not again until the end
    const stale = (): OutboxItem => structuredClone(w2.get(job.id) as OutboxItem);
    const mine = (): OutboxItem => structuredClone(w1.get(job.id) as OutboxItem);
    if (scenario === 'Retry in both windows at once') {
      env.server?.injectFault({ kind: 'delay', ms: 300 }, { ...POSTS, times: 1 });
      await Promise.all([runJob(jobHost(w1, client), mine()).catch(ignore), runJob(jobHost(w2, client), stale()).catch(ignore)]);
    } else if (scenario === 'stale Retry after the other window delivered') {
      await runJob(jobHost(w1, client), mine()).catch(ignore);
      await runJob(jobHost(w2, client), stale()).catch(ignore);
    } else if (scenario === 'stale Retry while the other window sends') {
      env.server?.injectFault({ kind: 'delay', ms: 800 }, { ...POSTS, times: 1 });
      const sending = runJob(jobHost(w1, client), mine()).catch(ignore);
      await waitForPost(env.server);
      await runJob(jobHost(w2, client), stale()).catch(ignore);
      await sending;
    } else {
      env.server?.injectFault({ kind: 'delay', ms: 1500 }, { ...POSTS, times: 1 });
      const sending = runJob(jobHost(w1, client), mine()).catch(ignore);
      await waitForPost(env.server);
      alive.delete('w1'); // window 1 dies with its part in flight
      await w1.restart();
      await sending;
      await runJob(jobHost(w2, client), stale()).catch(ignore);
      await sleep(1800); // the part window 1 had in flight lands now
    }
    await w2.reload(); // window 2's next read of the records
    return await endAsTheUser(env, w2, store(), client, texts, job.id);
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cases of two windows with a stale copy, over both stores. */
export function windowCases(): OwnCase[] {
  const out: OwnCase[] = [];
  for (const kind of ['record files', 'global state'] as const)
    for (const scenario of SCENARIOS) out.push({ id: `two windows (${kind}) | ${scenario}`, boundMs: 30_000, run: (env) => twoWindows(env, kind, scenario) });
  return out;
}
