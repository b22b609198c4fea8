/** The send paths of the core's calls and of the built CLI (a real process), for the fault-injection run. */
import * as os from 'node:os';
import { OkApiError, OkClient, formatBuildMessage, requests, splitMessage, uploadAndSend } from '../../src/core';
import { createNodeTransport } from '../../src/core/net/nodeTransport';
import * as cliProcess from '../helpers/cliProcess';
import { CHAT, CORE_TIMEOUTS, USER, type Env, type Outcome, type PathResult, type SendPath } from './chaosCommon';

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
/** The built CLI the CLI paths run (set by the run before its cases). */
export function useChaosCli(file: string): void {
  cli = file;
}

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
