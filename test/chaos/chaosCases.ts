/** The fault-injection cases (send paths × faults × timings × persistence, and the stops) and how each is judged. */
import { FakeOkServer, OtherHost, type Fault } from '../fake-ok/server';
import * as cliProcess from '../helpers/cliProcess';
import { CHAT, USER, type Env, type Outcome, type PathResult } from './chaosCommon';
import { PATHS, useChaosCli } from './chaosSendPaths';
import { EXTENSION_PATHS, runExtension } from './chaosExtension';
import { windowCases } from './chaosWindows';
import { killCases } from './chaosKill';

interface FaultCase {
  name: string;
  /**
   * undefined: nothing listens on the port (connection refused). A function: the fault made
   * for "another host" (a second loopback server, started for the case, that records whatever
   * reaches it), e.g. a redirect there.
   */
  fault: Fault | undefined | ((elsewhere: string) => Fault);
  /** Whether it can happen before the server applied the message (default: yes). */
  before?: boolean;
  /** Whether it can happen after the server applied the message. */
  after: boolean;
}
/**
 * What OK's contract allows (see "Success" in the API reference): a 2xx JSON object without an
 * error means OK accepted the request, so `{}` comes only after OK applied the message; an OK
 * refusal (a PARAM error, its code as a number or a string, a rate limit: FLOOD_BLOCKED /
 * LIMIT_REACHED, a 429 with Retry-After) means nothing was applied, so it comes only before;
 * a redirect is not OK's (OK's API does not redirect), so nothing was applied either. A 2xx
 * that is not a JSON object (a proxy's block page, a captive portal, an empty or malformed
 * body) proves nothing, and comes on either side, like OK's temporary errors (UNKNOWN,
 * SERVICE, SYSTEM), 5xx, resets, timeouts and oversized or slow answers.
 * One row per fault: add a row to add a fault to every send path.
 */
export const FAULTS: FaultCase[] = [
  { name: 'refused', fault: undefined, after: false },
  { name: 'timeout', fault: { kind: 'delay', ms: 40_000 }, after: true },
  { name: 'reset', fault: { kind: 'reset' }, after: true },
  { name: '5xx', fault: { kind: 'status', status: 502, body: '<html>Bad gateway</html>' }, after: true },
  { name: 'malformed JSON 200', fault: { kind: 'malformed-json' }, after: true },
  { name: 'block page (HTML 200)', fault: { kind: 'html' }, after: true },
  { name: 'empty 200', fault: { kind: 'empty' }, after: true },
  { name: '{} 200', fault: { kind: 'empty-object' }, before: false, after: true },
  { name: 'OK refusal, code as a string ("100")', fault: { kind: 'string-error-code', code: 100, msg: 'PARAM : Invalid parameter' }, after: false },
  ...([301, 302, 303, 307, 308] as const).map((status) => ({
    name: `${status} to another host`,
    fault: (elsewhere: string): Fault => ({ kind: 'redirect', status, location: `${elsewhere}/graph/me/messages/${CHAT}`, keepQuery: true }),
    after: false,
  })),
  { name: 'Retry-After 1 s', fault: { kind: 'retry-after', seconds: 1 }, after: false },
  { name: 'Retry-After 3600 s', fault: { kind: 'retry-after', seconds: 3600 }, after: false },
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
  for (const c of [...windowCases(), ...killCases()]) out.push({ ...c, after: false, times: 0 });
  return out;
}

export interface Verdict {
  id: string;
  lost: boolean;
  duplicated: boolean;
  toldWrongly: boolean;
  hang: boolean;
  /** Anything of the message reached another host than the API's. */
  elsewhere: boolean;
  /** Told "may have been sent" (honest when OK may have it; counted to show it is not said of everything). */
  maybe: boolean;
  detail: string;
}

async function runCase(c: Case, n: number): Promise<Verdict> {
  const marker = `chaos${n}x`;
  let server: FakeOkServer | undefined;
  let other: OtherHost | undefined;
  let baseUrl: string;
  if (!c.fault || c.fault.fault) {
    server = await FakeOkServer.start();
    server.addChat({ chat_id: CHAT, title: 'Backend' });
    server.allowUser(USER);
    let fault = c.fault?.fault;
    if (typeof fault === 'function') {
      other = await OtherHost.start();
      fault = fault(other.origin);
    }
    if (fault) server.injectFault({ ...fault, afterHandling: c.after }, { method: 'POST', path: /\/messages/, times: c.times });
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
      const elsewhere = (other?.requests.length ?? 0) > 0;
      await other?.close();
      return { id: c.id, lost: false, duplicated: false, toldWrongly: false, hang: true, elsewhere, maybe: false, detail: 'no answer' };
    }
  }
  const ms = performance.now() - started;
  const texts = (server?.messages ?? []).map((m) => m.text ?? '');
  await server?.close();
  const reachedElsewhere = other?.requests.length ?? 0;
  const tokenElsewhere = server !== undefined && other?.sawToken(server.token) === true;
  await other?.close();
  const v: Verdict = { id: c.id, lost: false, duplicated: false, toldWrongly: false, hang: ms > c.boundMs, elsewhere: reachedElsewhere > 0, maybe: false, detail: '' };
  const notes: string[] = [];
  if (reachedElsewhere > 0) notes.push(`${reachedElsewhere} request(s) reached another host${tokenElsewhere ? ', with the token' : ''}`);
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
  useChaosCli(built?.file ?? '');
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
