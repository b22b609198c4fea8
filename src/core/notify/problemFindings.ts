/**
 * A failed build's problems, as its problem matcher reported them (the editor's error diagnostics):
 * which of them the message names, in which order.
 */
import { FINDINGS_SHOWN, type BuildFindings } from './buildFindings';

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
 * error), ordered by file and line, and how many there are; the first `limit` (those a message shows) are kept.
 */
export function selectProblems(problems: readonly BuildProblem[], limit = FINDINGS_SHOWN): { failed: number; shown: BuildProblem[] } {
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

/** The findings of kind `problems` (`{problems}` of a message): how many, and the shown ones with their links. */
export function problemFindings(failed: number, shown: ReadonlyArray<BuildProblem & { url?: string }>): BuildFindings {
  return { kind: 'problems', failed, items: shown.map((p) => ({ title: p.message, path: p.path, line: p.line, ...(p.url ? { url: p.url } : {}) })) };
}
