/**
 * What failed in a build, for its message: the failed tests of a test report (JUnit XML, see
 * junit.ts) or the problems a build reported (the error diagnostics of a VS Code task).
 *
 *   3 of 340 tests failed:
 *   • com.acme.LoginTest.rejectsBadPassword — expected:<401> but was:<200>
 *     https://github.com/acme/app/blob/3f78685…/src/test/java/com/acme/LoginTest.java#L42
 *   • …
 *   … and 2 more
 *
 * Like the rest of a build message, the words are the team's chat's, not the editor's: English
 * (see buildStatus.ts); a locale only changes how numbers are written.
 */
import { countText } from '../messages/plural';

/** One failed test or one problem. */
export interface BuildFinding {
  /** A test: its name (`com.acme.LoginTest.rejectsBadPassword`). A problem: its message. */
  title: string;
  /** A test: the first line of its failure message. A problem: where it comes from (`ts`, `eslint`), if known. */
  detail?: string;
  /** The file, relative to the repository's root (forward slashes), when known. */
  path?: string;
  /** The line in {@link path} (1-based). */
  line?: number;
  /** The file and line on the repository's web pages at the built commit, when known. */
  url?: string;
}

export interface BuildFindings {
  kind: 'tests' | 'problems';
  /** How many tests failed (failures and errors), how many problems there are. */
  failed: number;
  /** How many tests ran (failed or not; skipped ones are not counted), when known. */
  total?: number;
  /** The failed tests or the problems, in the order they were reported; any number (only the first are shown). */
  items: BuildFinding[];
}

/** How many findings a message shows at most. */
export const FINDINGS_SHOWN = 5;

/** A count's words with the count written as `locale` writes numbers (without a locale: plain digits). */
function count(n: number, forms: string, locale: string | undefined, ...more: number[]): string {
  const written = (x: number) => (locale ? safeNumber(x, locale) : String(x));
  let text = countText(more.length ? more[0] : n, forms, 'en').replace('{0}', written(n));
  if (more.length) text = text.replace('{1}', written(more[0]));
  return text;
}

function safeNumber(n: number, locale: string): string {
  try {
    return new Intl.NumberFormat(locale).format(n);
  } catch {
    return String(n);
  }
}

/** The summary line without its colon: "3 of 340 tests failed", "3 tests failed", "2 problems". */
export function findingsSummary(f: BuildFindings, locale?: string): string {
  if (f.kind === 'problems') return count(f.failed, '{0} problem|{0} problems', locale);
  if (f.total !== undefined && f.total >= f.failed) return count(f.failed, '{0} of {1} test failed|{0} of {1} tests failed', locale, f.total);
  return count(f.failed, '{0} test failed|{0} tests failed', locale);
}

/** One line of a finding's text: no line breaks, no control characters, at most `max` characters. */
function flat(text: string | undefined, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const line = (text ?? '').replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}\u2026` : line;
}

/** A finding's lines: `• title — detail`, then its link (or `path:line` when there is no link) indented. */
function itemLines(item: BuildFinding, kind: BuildFindings['kind']): string[] {
  const where = item.path ? `${flat(item.path)}${item.line ? `:${item.line}` : ''}` : '';
  const title = flat(item.title) || '(unnamed)';
  // A problem reads like a compiler's line, `src/app.ts:12: message`, with its link under it.
  const head = kind === 'problems' && where ? `${where}: ${title}` : title;
  const detail = flat(item.detail);
  const lines = [`\u2022 ${head}${detail ? ` \u2014 ${detail}` : ''}`];
  if (item.url) lines.push(`  ${flat(item.url, 2000)}`);
  else if (where && kind === 'tests') lines.push(`  ${where}`);
  return lines;
}

/**
 * The findings as message text: the summary line ("3 of 340 tests failed:"), then at most
 * `shown` (default {@link FINDINGS_SHOWN}) items, each `• name — first line of the message` with
 * its permalink on the next line, then "… and N more" for the rest. Empty when nothing failed
 * and nothing is known to have run.
 */
export function formatFindings(f: BuildFindings, locale?: string, shown: number = FINDINGS_SHOWN): string {
  const failed = Math.max(f.failed, 0);
  if (failed === 0 && f.items.length === 0 && !(f.kind === 'tests' && f.total)) return '';
  const items = f.items.slice(0, Math.max(0, shown));
  const summary = findingsSummary({ ...f, failed }, locale);
  if (items.length === 0) return summary; // none shown (none known, or cut to fit): the summary alone
  const lines = [`${summary}:`, ...items.flatMap((item) => itemLines(item, f.kind))];
  const rest = Math.max(failed, f.items.length) - items.length;
  if (rest > 0) lines.push(`\u2026 and ${locale ? safeNumber(rest, locale) : rest} more`);
  return lines.join('\n');
}

/** `{failedTests}` or `{problems}` (by the findings' kind) with at most `shown` items; both empty without findings. */
export function findingsVariables(f: BuildFindings | undefined, locale?: string, shown: number = FINDINGS_SHOWN): { failedTests: string; problems: string } {
  if (!f) return { failedTests: '', problems: '' };
  const text = formatFindings(f, locale, shown);
  return f.kind === 'problems' ? { failedTests: '', problems: text } : { failedTests: text, problems: '' };
}
