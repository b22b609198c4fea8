/**
 * Fault injection: every send path reachable from Node (the core and the built CLI) × faults
 * before and after the fake OK server applies the message. Prints one table.
 *
 * Classification (per case, from what the server recorded and what the path reported):
 * - reported outcome per message part: `sent`, `not-sent` (safe to retry) or `unknown` (may have
 *   been sent). Core: success → sent; OkApiError.delivery `not-sent`/`rejected` → not-sent,
 *   `unknown` → unknown. CLI: exit 0 → sent; stderr saying "may have been sent" (or a
 *   dedicated exit code other than 0–4) → unknown; any other exit → not-sent.
 * - lost: a part the server does not have, reported as sent.
 * - duplicated: a part the server has more than once.
 * - told wrongly: reported `sent` but not (fully) delivered, or `not-sent` but delivered.
 * - hangs: the case took longer than its path's bound.
 * Cases are data (PATHS × FAULTS × TIMINGS × PERSISTENCE); add a path or a fault to extend.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { OkApiError, OkClient, formatBuildMessage, requests, splitMessage, uploadAndSend } from '../../src/core';
import { createNodeTransport } from '../../src/core/nodeTransport';
import { FakeOkServer, type Fault } from '../fake-server/server';

const ROOT = path.resolve(__dirname, '../../..');
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
}
interface SendPath {
  name: string;
  /** Longest acceptable run, ms. */
  boundMs: number;
  run(env: Env): Promise<PathResult>;
}

const CORE_TIMEOUTS = { connectMs: 1000, headersMs: 1000, bodyMs: 1000 };
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
function runCli(args: string[], env: Env): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), OK_ACCESS_TOKEN: env.token, OK_API_BASE_URL: env.baseUrl, TZ: 'UTC' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
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

interface FaultCase {
  name: string;
  /** undefined: nothing listens on the port (connection refused). */
  fault: Fault | undefined;
  /** Whether it can happen after the server applied the message. */
  after: boolean;
}
export const FAULTS: FaultCase[] = [
  { name: 'refused', fault: undefined, after: false },
  { name: 'timeout', fault: { kind: 'delay', ms: 40_000 }, after: true },
  { name: 'reset', fault: { kind: 'reset' }, after: true },
  { name: '5xx', fault: { kind: 'status', status: 502, body: '<html>Bad gateway</html>' }, after: true },
  { name: 'malformed JSON 200', fault: { kind: 'malformed-json' }, after: true },
  { name: 'HTML 200', fault: { kind: 'html' }, after: true },
  { name: 'OK error', fault: { kind: 'ok-error', code: 100, msg: 'Invalid parameter' }, after: true },
  { name: 'rate limit', fault: { kind: 'rate-limit' }, after: true },
  { name: 'oversized answer', fault: { kind: 'oversized', bytes: 64 * 1024 * 1024 }, after: true },
  { name: 'slow answer', fault: { kind: 'slow', byteEveryMs: 2000 }, after: true },
];
const PERSISTENCE = [
  { name: 'once', times: 1 },
  { name: 'every time', times: 50 },
];

interface Case {
  path: SendPath;
  fault: FaultCase;
  after: boolean;
  times: number;
  id: string;
}
function cases(): Case[] {
  const out: Case[] = [];
  for (const p of PATHS)
    for (const f of FAULTS)
      for (const after of f.after ? [false, true] : [false])
        for (const pers of f.fault ? PERSISTENCE : PERSISTENCE.slice(0, 1))
          out.push({ path: p, fault: f, after, times: pers.times, id: `${p.name} | ${f.name} ${after ? 'after' : 'before'} applying | ${pers.name}` });
  return out;
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

interface Verdict {
  id: string;
  lost: boolean;
  duplicated: boolean;
  toldWrongly: boolean;
  hang: boolean;
  detail: string;
}

async function runCase(c: Case, n: number): Promise<Verdict> {
  const marker = `chaos${n}x`;
  let server: FakeOkServer | undefined;
  let baseUrl: string;
  if (c.fault.fault) {
    server = await FakeOkServer.start();
    server.addChat({ chat_id: CHAT, title: 'Backend' });
    server.allowUser(USER);
    server.injectFault({ ...c.fault.fault, afterHandling: c.after }, { method: 'POST', path: /\/messages/, times: c.times });
    baseUrl = server.baseUrl;
  } else {
    baseUrl = `http://127.0.0.1:${await closedPort()}/graph`;
  }
  const started = performance.now();
  let result: PathResult;
  try {
    result = await Promise.race([
      c.path.run({ server, baseUrl, token: server?.token ?? 'tkn1chaos:SECRETSECRET', marker }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hang')), c.path.boundMs * 2).unref()),
    ]);
  } catch (e) {
    result = { parts: [{ text: marker, told: 'unknown' }] };
    if (String(e).includes('hang')) {
      await server?.close();
      return { id: c.id, lost: false, duplicated: false, toldWrongly: false, hang: true, detail: 'no answer' };
    }
  }
  const ms = performance.now() - started;
  const texts = (server?.messages ?? []).map((m) => m.text ?? '');
  await server?.close();
  const v: Verdict = { id: c.id, lost: false, duplicated: false, toldWrongly: false, hang: ms > c.path.boundMs, detail: '' };
  const notes: string[] = [];
  for (const part of result.parts) {
    const copies = texts.filter((t) => t === part.text || t.includes(part.text)).length;
    if (copies > 1) v.duplicated = true;
    if (copies === 0 && part.told === 'sent') v.lost = true;
    if ((part.told === 'sent' && copies === 0) || (part.told === 'not-sent' && copies > 0)) v.toldWrongly = true;
    notes.push(`told ${part.told}, delivered ${copies}×`);
  }
  v.detail = `${notes.join('; ')} in ${Math.round(ms)} ms`;
  return v;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(ROOT, 'out', 'chaos-cli-'));
  cli = path.join(dir, 'dist', 'cli.js');
  buildSync({ entryPoints: [path.join(ROOT, 'src', 'cli.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  writeFileSync(path.join(dir, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
  const all = cases();
  const verdicts: Verdict[] = [];
  let next = 0;
  const concurrency = Number(process.env.CHAOS_CONCURRENCY) || 12;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < all.length) {
        const i = next++;
        verdicts[i] = await runCase(all[i], i);
      }
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  const bad = verdicts.filter((v) => v.lost || v.duplicated || v.toldWrongly || v.hang);
  for (const v of bad) {
    const flags = [v.lost && 'LOST', v.duplicated && 'DUPLICATED', v.toldWrongly && 'TOLD WRONGLY', v.hang && 'HANG'].filter(Boolean).join(' ');
    console.log(`${flags}: ${v.id}: ${v.detail}`);
  }
  const count = (f: (v: Verdict) => boolean) => verdicts.filter(f).length;
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
