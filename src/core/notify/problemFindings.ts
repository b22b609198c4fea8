/**
 * A failed build's problems, as its problem matcher reported them (the editor's error diagnostics):
 * which of them the message names, in which order.
 */

/** The most problems a build message names (the count says how many there were). */
export const MAX_PROBLEMS_SHOWN = 5;

/** One error diagnostic of a build's folder. */
export interface BuildProblem {
  /** The file, relative to the build's folder, with `/` separators. */
  path: string;
  /** 1-based. */
  line: number;
  message: string;
}

/** The text of a problem's message as one line (a diagnostic's message may span several). */
export function problemTitle(message: string): string {
  const first = message.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return first.trim().replace(/\s+/g, ' ');
}

/**
 * The distinct problems (the same file, line and message once: two owners may report the same
 * error), ordered by file and line, and how many there are.
 */
export function selectProblems(problems: readonly BuildProblem[], limit = MAX_PROBLEMS_SHOWN): { failed: number; shown: BuildProblem[] } {
  const seen = new Set<string>();
  const distinct: BuildProblem[] = [];
  for (const p of problems) {
    const title = problemTitle(p.message);
    const key = `${p.path}\0${p.line}\0${title}`;
    if (!title || seen.has(key)) continue;
    seen.add(key);
    distinct.push({ ...p, message: title });
  }
  distinct.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  return { failed: distinct.length, shown: distinct.slice(0, Math.max(0, limit)) };
}
