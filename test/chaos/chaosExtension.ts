/**
 * The extension's send paths for the fault-injection run: the core's write-ahead Outbox and `runJob`
 * over an in-memory store, with the process stopped at each step (see ./chaos.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  MemoryOutboxStore,
  OkClient,
  Outbox,
  formatBuildMessage,
  formatSnippet,
  newJob,
  runJob,
  splitMessage,
  type JobHost,
  type OutboxItem,
} from '../../src/core';
import { FakeOkServer } from '../fake-ok/server';
import { sleep } from '../helpers/sleep';
import { CHAT, CORE_TIMEOUTS, USER, type Env, type Outcome, type PathResult } from './chaosCommon';

/** The extension's client: the platform's global `fetch` (in VS Code, the extension host's, with its proxy support). */
const extensionClient = (env: Env) => new OkClient({ token: env.token, baseUrl: env.baseUrl, timeouts: CORE_TIMEOUTS });

/** Where the extension's process stops (see the file comment); `none`: it does not. */
export type CrashPoint =
  | 'none'
  | 'after the record, before the request'
  | 'in flight, before OK applies'
  | 'after OK applied, before its answer'
  | 'between parts'
  | 'part 2 of 3 in flight'
  | 'while held for the debounce';

/** A store that tells when a record is written (to stop the process right after a given write). */
class WatchedStore extends MemoryOutboxStore {
  onSave: ((item: OutboxItem) => void) | undefined;
  override save(item: OutboxItem): Promise<void> {
    const done = super.save(item);
    this.onSave?.(item);
    return done;
  }
}

const FAST_UPLOADS = { baseWaitMs: 0, perMbWaitMs: 0, maxWaitMs: 0, retryDelayMs: 20, maxRetryDelayMs: 50 };

interface ExtensionPath {
  name: string;
  /** The job as the extension builds it, and the texts the chat should end up with (one per part). */
  job(env: Env, dir: string): { job: OutboxItem; texts: string[] };
  /** Build notifications are held for the debounce before their attempt. */
  held?: boolean;
  crashes: CrashPoint[];
}

const COMMON_CRASHES: CrashPoint[] = ['after the record, before the request', 'in flight, before OK applies', 'after OK applied, before its answer'];
export const EXTENSION_PATHS: ExtensionPath[] = [
  {
    name: 'extension send text (3 parts)',
    crashes: [...COMMON_CRASHES, 'between parts', 'part 2 of 3 in flight'],
    job(env) {
      const texts = splitMessage(`${env.marker} one\n${'a'.repeat(60)}\n${'b'.repeat(60)}\n${'c'.repeat(60)}`, 80);
      return { job: newJob('text', texts, { chatId: CHAT, chatTitle: 'Backend' }, 'text'), texts };
    },
  },
  {
    name: 'extension send selection',
    crashes: COMMON_CRASHES,
    job(env) {
      const text = formatSnippet({ path: 'src/app.py', startLine: 1, endLine: 2, language: 'python', code: `print("${env.marker}")\nprint(2)` });
      return { job: newJob('text', [text], { chatId: CHAT }, 'selection'), texts: [text] };
    },
  },
  {
    name: 'extension file upload',
    crashes: [...COMMON_CRASHES, 'between parts'],
    job(env, dir) {
      const file = path.join(dir, `${env.marker}.txt`);
      writeFileSync(file, 'hello');
      const caption = `${env.marker} file`;
      return { job: newJob('file', [file], { chatId: CHAT, fileName: 'notes.txt', caption }, 'file'), texts: [caption] };
    },
  },
  {
    name: 'extension direct messages',
    crashes: COMMON_CRASHES,
    job(env) {
      const text = `${env.marker} direct`;
      return { job: newJob('users', [text], { userIds: [USER] }, 'users'), texts: [text] };
    },
  },
  {
    name: 'extension build notification',
    held: true,
    crashes: [...COMMON_CRASHES, 'while held for the debounce'],
    job(env) {
      const text = formatBuildMessage({ name: env.marker, exitCode: 1, status: 'failure', durationMs: 1000 });
      return { job: newJob('text', [text], { chatId: CHAT }, 'build'), texts: [text] };
    },
  },
];

/** What the Outbox record says of each part (no record: every part was accepted). */
export function toldByRecord(texts: string[], item: OutboxItem | undefined): Outcome[] {
  if (!item) return texts.map(() => 'sent');
  // a file message is one part: sent (or not) once its files are
  const sent = item.kind === 'file' ? (item.sent > 0 ? texts.length : 0) : item.sent;
  return texts.map((_, i) => (i < sent ? 'sent' : i === sent && item.delivery === 'unknown' ? 'unknown' : 'not-sent'));
}


/**
 * Runs an extension send (and the user's retry from the Outbox) against the server; `crash`
 * stops the process at that step. The server's faults apply to the first attempt only.
 */
export async function runExtension(p: ExtensionPath, env: Env, crash: CrashPoint, onRetry = false): Promise<PathResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-chaos-'));
  const store = new WatchedStore();
  const outbox = new Outbox(store, { owner: 'window' });
  const client = extensionClient(env);
  const host: JobHost = {
    outbox,
    client: () => client,
    call: (request, signal) => client.call(request, { signal }),
    readFile: (location) => Promise.resolve(readFileSync(location)),
    fileName: (location) => path.basename(location),
    log: { debug: () => undefined, info: () => undefined },
    uploadTimings: FAST_UPLOADS,
  };
  const { job, texts } = p.job(env, dir);
  let stopped: Promise<number> | undefined;
  const stop = () => {
    stopped ??= outbox.restart();
  };
  const armCrash = () => {
    if (crash === 'after the record, before the request') store.onSave = (i) => i.state === 'sending' && stop();
    if (crash === 'between parts') store.onSave = (i) => i.state === 'sending' && (i.sent > 0 || (i.kind === 'file' && i.uploads?.some(Boolean) === true)) && stop();
    if (crash === 'in flight, before OK applies' || crash === 'after OK applied, before its answer') {
      env.server?.injectFault({ kind: 'delay', ms: 1500, afterHandling: crash === 'after OK applied, before its answer' }, { method: 'POST', path: /\/messages/, times: 1 });
      if (env.server) env.server.onRequest = (r) => r.method === 'POST' && /\/messages/.test(r.path) && setTimeout(stop, 200);
    }
    if (crash === 'part 2 of 3 in flight' && env.server) {
      let n = 0;
      env.server.injectFault({ kind: 'delay', ms: 800 }, { method: 'POST', path: /\/messages/, times: 2 });
      env.server.onRequest = (r) => r.method === 'POST' && /\/messages/.test(r.path) && ++n === 2 && setTimeout(stop, 200);
    }
  };
  try {
    if (onRetry) {
      // the first attempt is refused (nothing applied); the stop comes during the user's retry
      env.server?.injectFault({ kind: 'ok-error', code: 100, msg: 'PARAM : refused' }, { method: 'POST', path: /\/messages/, times: 1 });
      await runJob(host, job).catch(() => undefined);
      const queued = store.load().find((i) => i.id === job.id);
      if (!queued || queued.delivery === 'unknown') throw new Error(`the refused first attempt should be queued as not sent, found ${JSON.stringify(queued)}`);
      armCrash();
      await runJob(host, structuredClone(queued)).catch(() => undefined);
    } else {
      armCrash();
      if (p.held) {
        await outbox.hold(job);
        if (crash === 'while held for the debounce') stop();
        else await sleep(20); // the debounce
      }
      if (!stopped) await runJob(host, job).catch(() => undefined);
    }
    if (stopped) {
      await stopped;
      await sleep(1800); // what a dead attempt might still do would arrive now
    }
    const told = toldByRecord(texts, store.load().find((i) => i.id === job.id));
    const first = told.map((t, i) => ({ told: t, copies: copiesOf(env.server, texts[i]) }));
    // the user ends it from the Outbox
    env.server?.clearFaults();
    const item = store.load().find((i) => i.id === job.id);
    if (item) {
      const inFlight = texts[Math.min(item.sent, texts.length - 1)];
      const inChat = (env.server?.messages ?? []).some((m) => (m.text ?? '').includes(inFlight));
      if (item.delivery !== 'unknown' || !inChat) {
        await runJob(host, structuredClone(item)).catch(() => undefined);
        told.splice(0, told.length, ...toldByRecord(texts, store.load().find((i) => i.id === job.id)));
      }
    }
    return {
      parts: texts.map((text, i) => ({ text, told: told[i] })),
      first,
      kept: (delivered) => {
        const left = store.load().find((i) => i.id === job.id);
        return texts.every((t, i) => delivered(t) > 0 || (left !== undefined && told[i] !== 'sent'));
      },
    };
  } finally {
    await client.close();
    outbox.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

const copiesOf = (server: FakeOkServer | undefined, text: string) => (server?.messages ?? []).filter((m) => (m.text ?? '').includes(text)).length;
