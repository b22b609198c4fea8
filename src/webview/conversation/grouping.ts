// Which lines continue the one before: consecutive messages of one sender within a few minutes
// show their name and time once, on the first of the group. Pure (no DOM), so Node tests load it.
import type { LineData } from './conversationProtocol';

/** How far apart two messages of one sender may be and still be one group. */
export const GROUP_GAP_MS = 5 * 60_000;

/** Whether `line` continues `prev`'s group (same sender, ours or theirs, at most {@link GROUP_GAP_MS} later). */
export function continuesGroup(prev: LineData | undefined, line: LineData, gapMs = GROUP_GAP_MS): boolean {
  if (!prev || prev.kind !== 'message' || line.kind !== 'message') return false;
  if (prev.timeUnknown || line.timeUnknown || prev.unreadable || line.unreadable) return false;
  if (Boolean(prev.ours) !== Boolean(line.ours)) return false;
  if (!line.ours && (!line.sender || prev.sender !== line.sender)) return false;
  const gap = line.time - prev.time;
  return gap >= 0 && gap <= gapMs;
}

/** For each line (oldest first), whether it continues the group of the line before it. */
export function groupFlags(lines: readonly LineData[], gapMs = GROUP_GAP_MS): boolean[] {
  return lines.map((l, i) => continuesGroup(lines[i - 1], l, gapMs));
}
