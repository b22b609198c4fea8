/** The result of each suite and the summary lines the launcher ends with (CI reads the last one). */
import type { MochaTally } from '../suites';
import { info, out } from './launcherOutput';

export interface SuiteResult {
  name: string;
  code: number;
  tally: MochaTally;
  seconds: number;
  note: string;
}

/**
 * Prints the failures of the suites that failed (what their mocha epilogue listed, or the
 * launcher's note), then "suites: …" and, last, "integration: N passed, N failed[, N skipped]"; true when every
 * suite passed. A suite that failed without reporting a failing test (crash, timeout) counts as one failure.
 */
export function printSummary(results: readonly SuiteResult[]): boolean {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const parts: string[] = [];
  for (const r of results) {
    passed += r.tally.passing;
    skipped += r.tally.pending;
    const f = r.code !== 0 && r.tally.failing === 0 ? 1 : r.tally.failing;
    failed += f;
    parts.push(`${r.name} ${r.code === 0 ? 'ok' : 'FAILED'} (${r.tally.passing} passing, ${f} failing${r.tally.pending ? `, ${r.tally.pending} pending` : ''}, ${r.seconds.toFixed(1)} s)`);
  }
  const failedSuites = results.filter((r) => r.code !== 0);
  if (failedSuites.length > 0) {
    out('');
    out(`[runInServer] failures:`);
    for (const r of failedSuites) {
      out(`--- ${r.name}${r.note ? `: ${r.note}` : ''}`);
      for (const line of r.tally.failures) out(line);
    }
    out(`[runInServer] end of failures`);
  }
  out('');
  info(`suites: ${parts.join('; ')}`);
  out(`integration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return results.every((r) => r.code === 0);
}
