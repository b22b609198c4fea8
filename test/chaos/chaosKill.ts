/**
 * kill -9 on the real record files, for the fault-injection run: a real child process sends
 * through the Outbox (./chaosKillChild.ts) and is killed with SIGKILL at each step; then another
 * window (or the next start) reads the same folder: it recovers what the dead one left "sending"
 * as "may have been sent", takes over its claim, and the user ends it from the Outbox.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OkClient, Outbox, newJob, ownerAlive } from '../../src/core';
import { FileOutboxStore } from '../../src/core/outbox/outboxFiles';
import { sleep } from '../helpers/sleep';
import { CHAT, CORE_TIMEOUTS, type Env, type PathResult } from './chaosCommon';
import { endAsTheUser, threePartTexts, type OwnCase } from './chaosWindows';

const CHILD = path.join(__dirname, 'chaosKillChild.js');
const POSTS = { method: 'POST', path: /\/messages/ };

/** Steps the child stops at by itself, and steps the server's delay makes (killed while OK has the request). */
const CHILD_STEPS = ['claimed, before the record', 'after the record, before the request', 'between parts', 'all parts accepted, before the record is removed'];
const SERVER_STEPS = ['in flight, before OK applies', 'after OK applied, before its answer'];

async function killAt(env: Env, step: string, mode: 'new' | 'retry'): Promise<PathResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-chaos-kill-'));
  const texts = threePartTexts(env.marker);
  const client = new OkClient({ token: env.token, baseUrl: env.baseUrl, timeouts: CORE_TIMEOUTS });
  try {
    if (mode === 'retry') {
      // an earlier attempt was refused: the record is there, not sent
      await new FileOutboxStore(dir).save({ ...newJob('text', texts, { chatId: CHAT }, 'text'), id: env.marker, delivery: 'not-sent', lastError: 'refused' });
    }
    const child = spawn(process.execPath, [CHILD, dir, env.baseUrl, env.token, env.marker, CHILD_STEPS.includes(step) ? step : 'none', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const kill = () => child.kill('SIGKILL');
    child.stdout.on('data', (d: Buffer) => String(d).includes(`at ${step}`) && kill());
    if (SERVER_STEPS.includes(step) && env.server) {
      env.server.injectFault({ kind: 'delay', ms: 1500, afterHandling: step === 'after OK applied, before its answer' }, { ...POSTS, times: 1 });
      env.server.onRequest = (r) => r.method === 'POST' && /\/messages/.test(r.path) && setTimeout(kill, 200);
    }
    const signal = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
    if (signal !== 'SIGKILL') {
      kill();
      throw new Error(`the child was not killed at "${step}" (${String(signal)})`);
    }
    if (SERVER_STEPS.includes(step)) await sleep(1800); // what the dead process had in flight lands now
    // the next window over the same folder: the dead one's process is gone, so are its claims
    const store = new FileOutboxStore(dir);
    const outbox = new Outbox(store, { owner: 'next', isOwnerAlive: (o) => o === 'next' || ownerAlive(o, store.lastBeat(o)) });
    await outbox.recover();
    const result = await endAsTheUser(env, outbox, store, client, texts, env.marker);
    const left = readdirSync(dir).filter((n) => n.endsWith('.claim'));
    if (left.length && !outbox.get(env.marker)) throw new Error(`a claim was left without a record: ${left.join(', ')}`);
    return result;
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A real process killed with SIGKILL at each step of a new send and of a retry from the Outbox. */
export function killCases(): OwnCase[] {
  const out: OwnCase[] = [];
  for (const mode of ['new', 'retry'] as const)
    for (const step of [...CHILD_STEPS, ...SERVER_STEPS]) {
      if (mode === 'new' && step === 'claimed, before the record') continue; // nothing was written yet: nothing to keep
      out.push({ id: `kill -9 on the record files (${mode === 'new' ? 'a new send' : 'a retry from the Outbox'}) | killed ${step}`, boundMs: 40_000, run: (env) => killAt(env, step, mode) });
    }
  return out;
}
