/**
 * Time to send an uploaded image through each answer dialect of the fake server, with the real
 * waiting logic (wait for OK to process the file, retry while "not ready") and OK's timings
 * scaled down.
 *
 *   npm run compile-tests && node out/test/bench/uploadBench.js [scale] [sizeMiB]
 *
 * scale: the timings' factor (default 0.1: 5 s + 1 s/MB becomes 0.5 s + 0.1 s/MB). Prints, per
 * dialect and "not ready" count: uploads, sends, the measured time, the part of it that is not
 * waiting (requests, encoding), and the time at full scale (OK's waits + that part).
 */
import { DEFAULT_UPLOAD_TIMINGS, OkClient, processingWaitMs, uploadAndSend } from '../../src/core';
import { DIALECT_NAMES, FakeOkServer } from '../fake-ok/server';

const scale = Number(process.argv[2] ?? 0.1);
const sizeMiB = Number(process.argv[3] ?? 1);

async function main(): Promise<void> {
  const t = DEFAULT_UPLOAD_TIMINGS;
  const timings = {
    baseWaitMs: t.baseWaitMs * scale,
    perMbWaitMs: t.perMbWaitMs * scale,
    maxWaitMs: t.maxWaitMs * scale,
    retryDelayMs: t.retryDelayMs * scale,
    maxRetryDelayMs: t.maxRetryDelayMs * scale,
  };
  const bytes = new Uint8Array(Math.round(sizeMiB * 1024 * 1024));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  process.stdout.write(`image of ${sizeMiB} MiB, timings x${scale}\n`);
  process.stdout.write('dialect       not-ready  uploads  sends  measured ms  not waiting ms  at full scale s\n');
  for (const dialect of DIALECT_NAMES) {
    for (const notReadySends of [0, 1, 2]) {
      // the upload on the fake's own URL: an http URL on OK's CDN host needs a proxy route (see uploadOkHost.test.ts)
      const server = await FakeOkServer.start({ dialect, notReadySends, seed: true, uploads: { imageUploadUrl: 'server' } });
      const client = new OkClient({ token: server.token, baseUrl: server.baseUrl });
      const chat = [...server.chats.keys()][0];
      const started = performance.now();
      await uploadAndSend(client, chat, { name: 'screen.png', bytes }, { timings });
      const ms = performance.now() - started;
      const sends = server.requestsTo('POST', `/me/messages/${chat}`).length;
      const backoff = (full: boolean) => {
        let sum = 0;
        for (let i = 0; i < notReadySends; i++) sum += Math.min(full ? t.maxRetryDelayMs : timings.maxRetryDelayMs, (full ? t.retryDelayMs : timings.retryDelayMs) * 2 ** i);
        return sum;
      };
      const waited = processingWaitMs(bytes.byteLength, { ...t, ...timings }) + backoff(false);
      const working = ms - waited;
      const full = processingWaitMs(bytes.byteLength) + backoff(true) + working;
      process.stdout.write(
        `${dialect.padEnd(13)} ${String(notReadySends).padStart(9)}  ${String(server.uploadCount).padStart(7)}  ${String(sends).padStart(5)}  ${ms.toFixed(0).padStart(11)}  ${working.toFixed(0).padStart(14)}  ${(full / 1000).toFixed(1).padStart(15)}\n`,
      );
      await client.close();
      await server.close();
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
