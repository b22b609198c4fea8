/**
 * Fault injection: every send path × faults before and after the fake OK server applies the
 * message, and the extension's send paths × a stop of the process at each step. Prints one table.
 *
 * Send paths: the core's calls, the built CLI (a real process), and the extension's send pipeline
 * (the core's write-ahead Outbox and `runJob`, which the extension runs with VS Code's progress
 * UI around it) over an in-memory store. A stop ("crash") is simulated the way a dead extension
 * host behaves: its running attempt is cut off (requests aborted, later writes ignored) and a
 * new run reads the stored records. Each extension case ends as the user would end it: a
 * message told "not sent" is retried from the Outbox; one told "may have been sent" is retried
 * only if the chat does not have the part that was in flight (the Retry asks to check first).
 *
 * Classification (per case, from what the server recorded and what the path reported):
 * - reported outcome per message part: `sent`, `not-sent` (safe to retry) or `unknown` (may have
 *   been sent). Core: success → sent; OkApiError.delivery `not-sent`/`rejected` → not-sent,
 *   `unknown` → unknown. CLI: exit 0 → sent; stderr saying "may have been sent" (or a
 *   dedicated exit code other than 0–4) → unknown; any other exit → not-sent. Extension: what
 *   the Outbox record says (parts before `sent` were accepted, the next one is `delivery`).
 * - lost: a part the server does not have, reported as sent, or (extension) not in the Outbox.
 * - duplicated: a part the server has more than once.
 * - told wrongly: reported `sent` but not (fully) delivered, or `not-sent` but delivered.
 * - hangs: the case took longer than its path's bound.
 * Cases are data (PATHS × FAULTS × TIMINGS × PERSISTENCE); add a path or a fault to extend.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  MemoryOutboxStore,
  OkApiError,
  OkClient,
  Outbox,
  formatBuildMessage,
  formatSnippet,
  newJob,
  requests,
  runJob,
  splitMessage,
  uploadAndSend,
  type JobHost,
  type OutboxItem,
} from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import { FakeOkServer, type Fault } from '../fake-ok/server';
import * as cliProcess from '../helpers/cliProcess';

const CHAT = 'chat:C3ecb9d02a600';
const USER = 'user:100000000001';
type Outcome = 'sent' | 'not-sent' | 'unknown';

interface Env {
  server: FakeOkServer | undefined;
  baseUrl: string;
  token: string;
  marker: string;
}
interface PathResult {
  /** The texts the server should end up with, one per part, each with its reported outcome. */
  parts: Array<{ text: string; told: Outcome }>;
  /** Extension paths: how each part was told first, and how many copies the chat had then (before the user's retry). */
  first?: Array<{ told: Outcome; copies: number }>;
  /** Extension paths: whether each part not delivered is still in the Outbox (nothing the user wrote is lost). */
  kept?: (delivered: (text: string) => number) => boolean;
}
interface SendPath {
  name: string;
  /** Longest acceptable run, ms. */
  boundMs: number;
  run(env: Env): Promise<PathResult>;
}

const CORE_TIMEOUTS = { connectMs: 1000, headersMs: 1000, bodyMs: 1000 };
/** The extension's client: the platform's global `fetch` (in VS Code, the extension host's, with its proxy support). */
const extensionClient = (env: Env) => new OkClient({ token: env.token, baseUrl: env.baseUrl, timeouts: CORE_TIMEOUTS });
const coreClient = (env: Env) => new OkClient({ token: env.token, baseUrl: env.baseUrl, timeouts: CORE_TIMEOUTS, ...createNodeTransport({ env: {}, connectTimeoutMs: CORE_TIMEOUTS.connectMs }) });
const delivery = (e: unknown): Outcome => (e instanceof OkApiError ? (e.delivery === 'unknown' ? 'unknown' : 'not-sent') : 'unknown');

/** Sends parts one after another; the first failure stops the rest (they are told not sent). */
async function sendParts(client: OkClient, chat: string, texts: string[]): Promise<PathResult> {
  const parts: PathResult['parts'] = [];
  let failed = false;
  for (const text of texts) {
    if (failed) {
      parts.push({ text, told: 'not-sent' });
      continue;
    }
    try {
      await client.call(requests.sendText(chat, text));
      parts.push({ text, told: 'sent' });
    } catch (e) {
      failed = true;
      parts.push({ text, told: delivery(e) });
    }
  }
  return { parts };
}

let cli = '';
function runCli(args: string[], env: Env): Promise<cliProcess.CliRun> {
  return cliProcess.runCli(cli, args, { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), OK_ACCESS_TOKEN: env.token, OK_API_BASE_URL: env.baseUrl, TZ: 'UTC' } });
}
const cliOutcome = (r: { code: number | null; stderr: string }): Outcome =>
  r.code === 0 ? 'sent' : /may have been sent|may have reached/i.test(r.stderr) || (r.code !== null && r.code > 4) ? 'unknown' : 'not-sent';

export const PATHS: SendPath[] = [
  {
    name: 'core send text (3 parts)',
    boundMs: 30_000,
    run: (env) => sendParts(coreClient(env), CHAT, splitMessage(`${env.marker} one\n${'a'.repeat(60)}\n${'b'.repeat(60)}\n${'c'.repeat(60)}`, 80)),
  },
  {
    name: 'core direct message',
    boundMs: 30_000,
    async run(env) {
      const text = `${env.marker} direct`;
      try {
        await coreClient(env).call(requests.sendToUsers([USER], text));
        return { parts: [{ text, told: 'sent' }] };
      } catch (e) {
        return { parts: [{ text, told: delivery(e) }] };
      }
    },
  },
  {
    name: 'core upload + send',
    boundMs: 30_000,
    async run(env) {
      const text = `${env.marker} file`;
      try {
        await uploadAndSend(coreClient(env), CHAT, { name: 'a.txt', bytes: Buffer.from('hello') }, { caption: text });
        return { parts: [{ text, told: 'sent' }] };
      } catch (e) {
        return { parts: [{ text, told: delivery(e) }] };
      }
    },
  },
  {
    name: 'core build notification',
    boundMs: 30_000,
    run: (env) => sendParts(coreClient(env), CHAT, [formatBuildMessage({ name: env.marker, exitCode: 1, status: 'failure', durationMs: 1000 })]),
  },
  {
    name: 'CLI send',
    boundMs: 100_000,
    async run(env) {
      const text = `${env.marker} cli`;
      return { parts: [{ text, told: cliOutcome(await runCli(['send', '--chat', CHAT, '--text', text], env)) }] };
    },
  },
  {
    name: 'CLI notify',
    boundMs: 100_000,
    async run(env) {
      const r = await runCli(['notify', '--chat', CHAT, '--status', '1', '--name', env.marker, '--template', '{name} failed'], env);
      return { parts: [{ text: `${env.marker} failed`, told: cliOutcome(r) }] };
    },
  },
];


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
function toldByRecord(texts: string[], item: OutboxItem | undefined): Outcome[] {
  if (!item) return texts.map(() => 'sent');
  // a file message is one part: sent (or not) once its files are
  const sent = item.kind === 'file' ? (item.sent > 0 ? texts.length : 0) : item.sent;
  return texts.map((_, i) => (i < sent ? 'sent' : i === sent && item.delivery === 'unknown' ? 'unknown' : 'not-sent'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs an extension send (and the user's retry from the Outbox) against the server; `crash`
 * stops the process at that step. The server's faults apply to the first attempt only.
 */
async function runExtension(p: ExtensionPath, env: Env, crash: CrashPoint, onRetry = false): Promise<PathResult> {
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

interface FaultCase {
  name: string;
  /** undefined: nothing listens on the port (connection refused). */
  fault: Fault | undefined;
  /** Whether it can happen before the server applied the message (default: yes). */
  before?: boolean;
  /** Whether it can happen after the server applied the message. */
  after: boolean;
}
/**
 * What OK's contract allows (see the API reference): a 2xx answer without an error means OK
 * accepted the request, whatever its body (over HTTPS nothing else can answer for OK), so
 * malformed and HTML 200 answers come only after OK applied the message; an OK refusal (a
 * PARAM error, a rate limit: FLOOD_BLOCKED / LIMIT_REACHED) means nothing was applied, so it
 * comes only before. OK's temporary errors (UNKNOWN, SERVICE, SYSTEM), 5xx, resets, timeouts
 * and oversized or slow answers can come on either side.
 */
export const FAULTS: FaultCase[] = [
  { name: 'refused', fault: undefined, after: false },
  { name: 'timeout', fault: { kind: 'delay', ms: 40_000 }, after: true },
  { name: 'reset', fault: { kind: 'reset' }, after: true },
  { name: '5xx', fault: { kind: 'status', status: 502, body: '<html>Bad gateway</html>' }, after: true },
  { name: 'malformed JSON 200', fault: { kind: 'malformed-json' }, before: false, after: true },
  { name: 'HTML 200', fault: { kind: 'html' }, before: false, after: true },
  { name: 'OK refusal (PARAM)', fault: { kind: 'ok-error', code: 100, msg: 'Invalid parameter' }, after: false },
  { name: 'OK temporary error (SERVICE)', fault: { kind: 'ok-error', code: 2, msg: 'SERVICE : Service temporary unavailable' }, after: true },
  { name: 'rate limit', fault: { kind: 'rate-limit' }, after: false },
  { name: 'oversized answer', fault: { kind: 'oversized', bytes: 64 * 1024 * 1024 }, after: true },
  { name: 'slow answer', fault: { kind: 'slow', byteEveryMs: 2000 }, after: true },
];
const PERSISTENCE = [
  { name: 'once', times: 1 },
  { name: 'every time', times: 50 },
];

interface Case {
  run(env: Env): Promise<PathResult>;
  boundMs: number;
  /** No fault: a stop of the process instead. */
  fault?: FaultCase;
  after: boolean;
  times: number;
  id: string;
}
function cases(): Case[] {
  const out: Case[] = [];
  const timings = (f: FaultCase) => [...(f.before === false ? [] : [false]), ...(f.after ? [true] : [])];
  const runners = [
    ...PATHS.map((p) => ({ name: p.name, boundMs: p.boundMs, run: (env: Env) => p.run(env) })),
    ...EXTENSION_PATHS.map((p) => ({ name: p.name, boundMs: 60_000, run: (env: Env) => runExtension(p, env, 'none') })),
  ];
  for (const p of runners)
    for (const f of FAULTS)
      for (const after of timings(f))
        for (const pers of f.fault ? PERSISTENCE : PERSISTENCE.slice(0, 1))
          out.push({ ...p, fault: f, after, times: pers.times, id: `${p.name} | ${f.name} ${after ? 'after' : 'before'} applying | ${pers.name}` });
  for (const p of EXTENSION_PATHS)
    for (const crash of p.crashes) {
      out.push({ boundMs: 60_000, run: (env) => runExtension(p, env, crash), after: false, times: 0, id: `${p.name} | stopped ${crash}` });
      if (crash !== 'while held for the debounce')
        out.push({ boundMs: 60_000, run: (env) => runExtension(p, env, crash, true), after: false, times: 0, id: `${p.name} | stopped during a retry from the Outbox, ${crash}` });
    }
  return out;
}

export interface Verdict {
  id: string;
  lost: boolean;
  duplicated: boolean;
  toldWrongly: boolean;
  hang: boolean;
  /** Told "may have been sent" (honest when OK may have it; counted to show it is not said of everything). */
  maybe: boolean;
  detail: string;
}

async function runCase(c: Case, n: number): Promise<Verdict> {
  const marker = `chaos${n}x`;
  let server: FakeOkServer | undefined;
  let baseUrl: string;
  if (!c.fault || c.fault.fault) {
    server = await FakeOkServer.start();
    server.addChat({ chat_id: CHAT, title: 'Backend' });
    server.allowUser(USER);
    if (c.fault?.fault) server.injectFault({ ...c.fault.fault, afterHandling: c.after }, { method: 'POST', path: /\/messages/, times: c.times });
    baseUrl = server.baseUrl;
  } else {
    baseUrl = `http://127.0.0.1:${await cliProcess.closedPort()}/graph`;
  }
  const started = performance.now();
  let result: PathResult;
  try {
    result = await Promise.race([
      c.run({ server, baseUrl, token: server?.token ?? 'tkn1chaos:SECRETSECRET', marker }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hang')), c.boundMs * 2).unref()),
    ]);
  } catch (e) {
    result = { parts: [{ text: marker, told: 'unknown' }] };
    if (String(e).includes('hang')) {
      await server?.close();
      return { id: c.id, lost: false, duplicated: false, toldWrongly: false, hang: true, maybe: false, detail: 'no answer' };
    }
  }
  const ms = performance.now() - started;
  const texts = (server?.messages ?? []).map((m) => m.text ?? '');
  await server?.close();
  const v: Verdict = { id: c.id, lost: false, duplicated: false, toldWrongly: false, hang: ms > c.boundMs, maybe: false, detail: '' };
  const notes: string[] = [];
  const delivered = (text: string) => texts.filter((t) => t === text || t.includes(text)).length;
  const wrong = (told: Outcome, copies: number) => (told === 'sent' && copies === 0) || (told === 'not-sent' && copies > 0);
  result.parts.forEach((part, i) => {
    const copies = delivered(part.text);
    const first = result.first?.[i];
    if (copies > 1) v.duplicated = true;
    if (copies === 0 && part.told === 'sent') v.lost = true;
    if (wrong(part.told, copies) || (first && wrong(first.told, first.copies))) v.toldWrongly = true;
    if (part.told === 'unknown' || first?.told === 'unknown') v.maybe = true;
    notes.push(first ? `told ${first.told} (${first.copies}×), then ${part.told}, delivered ${copies}×` : `told ${part.told}, delivered ${copies}×`);
  });
  if (result.kept && !result.kept(delivered)) {
    v.lost = true;
    notes.push('a part neither delivered nor in the Outbox');
  }
  v.detail = `${notes.join('; ')} in ${Math.round(ms)} ms`;
  return v;
}

/** Runs the cases whose id contains `grep` (all without), `concurrency` at a time. */
export async function runCases(grep?: string, concurrency = 12): Promise<Verdict[]> {
  const all = cases().filter((c) => !grep || c.id.includes(grep));
  const built = all.some((c) => c.id.startsWith('CLI')) ? cliProcess.buildCli('chaos-cli-') : undefined;
  cli = built?.file ?? '';
  try {
    const verdicts: Verdict[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < all.length) {
          const i = next++;
          verdicts[i] = await runCase(all[i], i);
        }
      }),
    );
    return verdicts;
  } finally {
    built?.remove();
  }
}

async function main(): Promise<void> {
  const verdicts = await runCases(process.env.CHAOS_GREP, Number(process.env.CHAOS_CONCURRENCY) || 12);
  const bad = verdicts.filter((v) => v.lost || v.duplicated || v.toldWrongly || v.hang);
  if (process.env.CHAOS_VERBOSE) for (const v of verdicts) console.log(`${v.id}: ${v.detail}`);
  for (const v of bad) {
    const flags = [v.lost && 'LOST', v.duplicated && 'DUPLICATED', v.toldWrongly && 'TOLD WRONGLY', v.hang && 'HANG'].filter(Boolean).join(' ');
    console.log(`${flags}: ${v.id}: ${v.detail}`);
  }
  const count = (f: (v: Verdict) => boolean) => verdicts.filter(f).length;
  console.log('');
  const stops = verdicts.filter((v) => v.id.includes('| stopped '));
  console.log(`${stops.length} of the cases stop the extension's process mid-send; ${count((v) => v.maybe)} cases told "may have been sent" at some point.`);
  console.log('');
  console.log('| cases | lost | duplicated | told wrongly | hangs |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  console.log(`| ${verdicts.length} | ${count((v) => v.lost)} | ${count((v) => v.duplicated)} | ${count((v) => v.toldWrongly)} | ${count((v) => v.hang)} |`);
  process.exitCode = bad.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  });
}
