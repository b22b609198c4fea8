/**
 * Benchmarks the API core against the fake OK server.
 *
 *   npm run bench            (N = 2000)
 *   npm run bench -- 5000
 *
 * Prints: requests/s through the core and through bare undici with the same settings,
 * the core's overhead ratio, and the time to load each bundle in a fresh Node process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { Agent, request } from 'undici';
import { OkClient, requests } from '../../src/core';
import { FakeOkServer } from '../fake-server/server';

const ROOT = path.resolve(__dirname, '../../..');
const N = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 8;

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

async function main(): Promise<void> {
  const server = await FakeOkServer.start({ maxTextLength: 4000 });
  const chatId = server.addChat({ title: 'bench' }).chat_id;
  const text = 'Benchmark message: тест 🚀\n'.repeat(10);

  const client = new OkClient({ token: server.token, baseUrl: server.baseUrl });
  const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: { timeout: 10_000 } });
  const url = `${server.baseUrl}/me/messages/${chatId}?access_token=${encodeURIComponent(server.token)}`;
  const body = JSON.stringify({ recipient: { chat_id: chatId }, message: { text } });

  const viaCore = async () => {
    await client.call(requests.sendText(chatId, text));
  };
  const viaUndici = async () => {
    const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json;charset=utf-8' }, dispatcher: agent });
    JSON.parse(await res.body.text());
  };

  // Warm up both paths, then alternate rounds so that neither benefits from order.
  await pool(200, viaCore);
  await pool(200, viaUndici);
  const coreTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    server.reset();
    server.addChat({ chat_id: chatId, title: 'bench' });
    coreTimes.push(await pool(N, viaCore));
    server.reset();
    server.addChat({ chat_id: chatId, title: 'bench' });
    bareTimes.push(await pool(N, viaUndici));
  }
  const core = median(coreTimes);
  const bare = median(bareTimes);
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  await client.close();
  await agent.close();
  await server.close();

  const rps = (ms: number) => Math.round((N / ms) * 1000);
  console.log(`messages per run: ${N}, concurrency ${CONCURRENCY}, 3 rounds (median)`);
  console.log(`core (builders + zod + client): ${rps(core)} req/s  (${(core / N).toFixed(3)} ms/req)`);
  console.log(`bare undici.request:            ${rps(bare)} req/s  (${(bare / N).toFixed(3)} ms/req)`);
  console.log(`core overhead ratio:            ${(core / bare).toFixed(2)}x  (${(((core - bare) / N) * 1000).toFixed(1)} µs/req)`);
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
    ['dist/core.js', path.join(ROOT, 'dist/core.js')],
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
