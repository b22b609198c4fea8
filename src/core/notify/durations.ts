/** Durations and times in build messages and in the CLI's `--duration`. */
import * as l10n from '@vscode/l10n';
import { InputError } from '../model/ids';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `850 ms`, `12.3 s`, `2 min 05 s`, `1 h 02 min`. Empty for a missing, negative or non-finite value. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${pad2(seconds % 60)} s`;
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Parses a duration typed on a command line: `93` (seconds), `93.5`, `93s`, `93000ms`, `1m33s`,
 * `1h2m`, `1 min 33 s`. Returns milliseconds.
 */
export function parseDuration(input: string): number {
  const raw = String(input ?? '').trim().toLowerCase();
  const bad = () => new InputError(l10n.t('"{0}" is not a duration. Expected seconds (93), or 93s, 93000ms, 1m33s, 1h2m.', String(input).slice(0, 40)), 'duration');
  if (!raw) throw bad();
  if (/^\d+(?:\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const re = /(\d+(?:\.\d+)?)\s*(ms|min|s|m|h)\s*/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    pos = re.lastIndex;
  }
  if (pos !== raw.length) throw bad();
  return Math.round(total);
}

/** `14:03`, in local time. */
export function formatTime(date: Date): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}
