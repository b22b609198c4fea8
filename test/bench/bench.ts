/**
 * Benchmarks the API core against the fake OK server, which runs in its own process.
 *
 *   npm run bench                 (2000 messages per round, 7 pairs of rounds)
 *   npm run bench -- 5000 11
 *
 * Rounds come in pairs, the core over undici (the CLI's transport) then bare undici, alternately
 * (A B A B …), each round the same messages to a freshly reset server. Prints this process's CPU
 * time per request (user + system) and wall time per request for each side, and the core/bare
 * CPU ratio of each pair: min and median. A third round per pair runs the core over Node's own
 * fetch (the editor's requests go through VS Code's fetch), for comparison. Then the time to
 * load each bundle in a fresh Node process.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { Agent, request } from 'undici';
import { OkClient, requests } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';

const ROOT = path.resolve(__dirname, '../../..');
const N = Number(process.argv[2] ?? 2000);
const PAIRS = Number(process.argv[3] ?? 7);
const CONCURRENCY = 8;

interface ServerInfo {
  baseUrl: string;
  token: string;
  chatId: string;
}

function startServer(): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const child = fork(path.join(__dirname, 'benchFakeOkProcess.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as ServerInfo }));
    child.once('exit', (code) => reject(new Error(`the fake server exited (${code})`)));
  });
}

function resetServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('message', () => resolve());
    child.send('reset');
  });
}

async function pool(n: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return performance.now() - started;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median time to require a bundle in a fresh process (ms), measured inside that process. */
function loadTime(file: string, runs = 7): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The extension bundle needs 'vscode'; give it an empty stand-in so only loading is timed.
    const env = { ...process.env, NODE_PATH: path.join(ROOT, 'test/bench/stub') };
    times.push(Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })));
  }
  return median(times);
}

/** CPU (µs, user + system) and wall time (ms) this process spends on `n` requests. */
async function round(n: number, task: () => Promise<void>): Promise<{ cpu: number; wall: number }> {
  const cpu0 = process.cpuUsage();
  const wall = await pool(n, task);
  const cpu = process.cpuUsage(cpu0);
  return { cpu: cpu.user + cpu.system, wall };
}

function minMedian(xs: number[], digits: number, unit = ''): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(digits)}${unit}, median ${median(xs).toFixed(digits)}${unit}`;
}

async function main(): Promise<void> {
  const { child, info } = await startServer();
  const { baseUrl, token, chatId } = info;
  const text = 'Benchmark message: тест 🚀\n'.repeat(10);

  // The core over the CLI's transport (undici), against undici alone: what the core adds. The core
  // over Node's fetch is printed too (in the editor, requests go through VS Code's fetch).
  const client = new OkClient({ token, baseUrl, ...createNodeTransport({ env: {} }) });
  const viaFetchClient = new OkClient({ token, baseUrl });
  const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: { timeout: 10_000 } });
  const url = `${baseUrl}/me/messages/${chatId}?access_token=${encodeURIComponent(token)}`;
  const body = JSON.stringify({ recipient: { chat_id: chatId }, message: { text } });

  const viaCore = async () => {
    await client.call(requests.sendText(chatId, text));
  };
  const viaFetch = async () => {
    await viaFetchClient.call(requests.sendText(chatId, text));
  };
  const viaUndici = async () => {
    const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json;charset=utf-8' }, dispatcher: agent });
    JSON.parse(await res.body.text());
  };

  // Warm up both paths (JIT, connections), then pairs of rounds, alternating which goes first.
  await pool(500, viaCore);
  await pool(500, viaUndici);
  await pool(500, viaFetch);
  const core: Array<{ cpu: number; wall: number }> = [];
  const bare: Array<{ cpu: number; wall: number }> = [];
  const overFetch: Array<{ cpu: number; wall: number }> = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const order: Array<[typeof core, () => Promise<void>]> = [
      [core, viaCore],
      [bare, viaUndici],
    ];
    if (pair % 2 === 1) order.reverse();
    order.push([overFetch, viaFetch]);
    for (const [results, task] of order) {
      await resetServer(child);
      results.push(await round(N, task));
    }
  }
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  await client.close();
  await viaFetchClient.close();
  await agent.close();
  child.send('close');

  const perReq = (xs: Array<{ cpu: number }>) => xs.map((x) => x.cpu / N);
  const wallPerReq = (xs: Array<{ wall: number }>) => xs.map((x) => x.wall / N);
  const ratios = core.map((c, i) => c.cpu / bare[i].cpu);
  console.log(`messages per round: ${N}, concurrency ${CONCURRENCY}, ${PAIRS} pairs of rounds (A B, B A, …); fake server in its own process`);
  console.log(`core (builders + zod + client over undici)  CPU/request: ${minMedian(perReq(core), 1, ' µs')}; wall/request: ${minMedian(wallPerReq(core), 3, ' ms')}`);
  console.log(`bare undici.request             CPU/request: ${minMedian(perReq(bare), 1, ' µs')}; wall/request: ${minMedian(wallPerReq(bare), 3, ' ms')}`);
  console.log(`core/bare CPU ratio per pair:   ${minMedian(ratios, 2, '×')}  (${ratios.map((r) => r.toFixed(2)).join(' ')})`);
  console.log(`core over Node's fetch          CPU/request: ${minMedian(perReq(overFetch), 1, ' µs')}; wall/request: ${minMedian(wallPerReq(overFetch), 3, ' ms')} (for comparison)`);
  console.log(`heap used after run:            ${heapMb.toFixed(1)} MiB`);
  // For comparison: an empty module (Node's fixed cost) and a naive bundle of undici's index with classic zod.
  const tmp = mkdtempSync(path.join(tmpdir(), 'ok-chat-bench-'));
  const empty = path.join(tmp, 'empty.js');
  writeFileSync(empty, '');
  const naive = path.join(tmp, 'naive.js');
  buildSync({
    stdin: { contents: "module.exports = [require('undici'), require('zod')];", resolveDir: ROOT },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: true,
    outfile: naive,
    logLevel: 'error',
  });
  const bundles: Array<[string, string]> = [
    ['empty module (baseline)', empty],
    ['dist/extension.js', path.join(ROOT, 'dist/extension.js')],
    // the core bundle takes the modules it shares with the extension bundle from it: both are loaded
    ['dist/extension.js + dist/core.js', path.join(ROOT, 'dist/core.js')],
    ['naive undici + zod bundle', naive],
  ];
  for (const [name, file] of bundles) {
    console.log(`load ${name}: ${loadTime(file).toFixed(2)} ms  (${(statSync(file).size / 1024).toFixed(1)} KiB)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
