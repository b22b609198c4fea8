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
 * - sent to another host: anything reached the second loopback server a redirect points to.
 * Cases are data (PATHS × FAULTS × TIMINGS × PERSISTENCE); add a path or a fault to extend:
 * ./chaosSendPaths.ts (the core's and the CLI's paths), ./chaosExtension.ts (the extension's, and
 * where its process stops), ./chaosCases.ts (the faults, the cases and their verdicts).
 */
import { runCases, type Verdict } from './chaosCases';

async function main(): Promise<void> {
  const verdicts = await runCases(process.env.CHAOS_GREP, Number(process.env.CHAOS_CONCURRENCY) || 12);
  const bad = verdicts.filter((v) => v.lost || v.duplicated || v.toldWrongly || v.hang || v.elsewhere);
  if (process.env.CHAOS_VERBOSE) for (const v of verdicts) console.log(`${v.id}: ${v.detail}`);
  for (const v of bad) {
    const flags = [v.lost && 'LOST', v.duplicated && 'DUPLICATED', v.toldWrongly && 'TOLD WRONGLY', v.hang && 'HANG', v.elsewhere && 'SENT TO ANOTHER HOST'].filter(Boolean).join(' ');
    console.log(`${flags}: ${v.id}: ${v.detail}`);
  }
  const count = (f: (v: Verdict) => boolean) => verdicts.filter(f).length;
  console.log('');
  const stops = verdicts.filter((v) => v.id.includes('| stopped '));
  console.log(`${stops.length} of the cases stop the extension's process mid-send; ${count((v) => v.maybe)} cases told "may have been sent" at some point.`);
  console.log('');
  console.log('| cases | lost | duplicated | told wrongly | hangs | sent to another host |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| ${verdicts.length} | ${count((v) => v.lost)} | ${count((v) => v.duplicated)} | ${count((v) => v.toldWrongly)} | ${count((v) => v.hang)} | ${count((v) => v.elsewhere)} |`);
  process.exitCode = bad.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  });
}
