/**
 * Build notifications: the message language shared by the VS Code extension (task and
 * command results) and the `ok-chat notify` CLI (CI pipelines, git hooks).
 *
 * OK messages are plain text (no markdown), so the templates are plain text with `{variables}`.
 * A template is rendered so that unknown values leave no debris behind:
 *  - a line whose variables are all empty disappears;
 *  - a `(…)` or `[…]` group whose variables are all empty disappears with the space before it;
 *  - a part of a line between separators (` · `, ` • `, ` | `, ` - `, ` – `, ` — `, ` / `, `, `, `; `)
 *    whose variables are all empty disappears together with one separator;
 *  - spaces left around an empty variable collapse, consecutive blank lines collapse.
 * Text without variables is never touched, and unknown `{variables}` stay as written so typos are visible.
 */
import { distance } from 'fastest-levenshtein';
import { clockTime } from '../messages/labels';
import { DEFAULT_MAX_MESSAGE_LENGTH, fillTemplate } from '../messages/messageText';
import { statusOf, statusText, transitionText, STATUS_ICONS, type BuildResult, type BuildTransition } from './buildStatus';
import { formatDuration, formatTime } from './durations';
import { CONTROL_RE, redactSecrets, tailLines } from './buildOutput';
import { outputLabel, relativePaths, shortenTracebacks, type OutputPaths } from './outputTail';
import { FINDINGS_SHOWN, findingsVariables } from './buildFindings';

/** The variables a build template may use. */
export const BUILD_TEMPLATE_VARIABLES = [
  'name',
  'status',
  'statusText',
  'icon',
  'exitCode',
  'duration',
  'workspace',
  'branch',
  'runUrl',
  'commit',
  'commitUrl',
  'author',
  'pr',
  'time',
  'transition',
  'output',
  'failedTests',
  'problems',
] as const;
export type BuildTemplateVariable = (typeof BUILD_TEMPLATE_VARIABLES)[number];

/**
 * The lines the default templates end with: in CI, who pushed which commit for which PR, the
 * run's page and the commit's page. Outside CI they are all empty, so the lines disappear.
 */
const CI_LINES = '\n{author} · commit {commit} · PR #{pr}\n{runUrl}\n{commitUrl}';

/** What failed (see buildFindings.ts), after a blank line; without findings the lines disappear. */
const FINDINGS_LINES = '\n\n{failedTests}\n{problems}';

/** The message for a finished build: `❌ build failed (exit code 2) · 1 min 05 s` / `my-app · main · 14:03`. */
export const DEFAULT_BUILD_TEMPLATE = '{icon} {name} {statusText} (exit code {exitCode}) · {duration}\n{workspace} · {branch} · {time}' + CI_LINES + FINDINGS_LINES;
/** The message when a build that passed (or never ran) fails. */
export const DEFAULT_BROKEN_TEMPLATE = '{icon} {name} is broken (exit code {exitCode}) · {duration}\n{workspace} · {branch} · {time}' + CI_LINES + FINDINGS_LINES;
/** The message when a failing build passes again. */
export const DEFAULT_FIXED_TEMPLATE = '🔧 {name} is fixed · {duration}\n{workspace} · {branch} · {time}' + CI_LINES;


/** The default template for a result: the broken/fixed ones for those transitions, else the general one. */
export function defaultBuildTemplate(transition?: BuildTransition): string {
  if (transition === 'broken') return DEFAULT_BROKEN_TEMPLATE;
  if (transition === 'fixed') return DEFAULT_FIXED_TEMPLATE;
  return DEFAULT_BUILD_TEMPLATE;
}

/** The message of a build that has started (status `started`), which its result edits later. */
export const DEFAULT_STARTED_TEMPLATE = '{icon} {name} started · {workspace} · {branch} · {runUrl}';

type TemplateVars = Partial<Record<BuildTemplateVariable, string>>;

// Private-use characters mark empty values, masked groups and the values that span lines (the
// output, the findings) while a line is rendered.
const EMPTY = '\ue000';
const GROUP_MARK = '\ue002';
/** The variables whose values may span lines, each with its mark. */
const BLOCK_MARKS = { output: '\ue001', failedTests: '\ue003', problems: '\ue004' } as const;
type BlockVariable = keyof typeof BLOCK_MARKS;
const BLOCKS = Object.keys(BLOCK_MARKS) as BlockVariable[];
const MARKS_RE = /[\ue000-\ue004]/g;
const GROUP_RE = /\ue002(\d+)\ue002/g;
const GAP_RE = / *\ue000+ */g;
const KNOWN = new Set<string>(BUILD_TEMPLATE_VARIABLES);
const VAR_RE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
// · • – — as \u escapes: the CLI bundle stays ASCII (it is read as latin1, see src/cli/loader.ts).
const SEPARATOR_RE = /(\s+(?:\u00b7|\u2022|\||-|\u2013|\u2014|\/)\s+|[,;]\s+)/;

/** Variables used in a piece of template. */
function variablesIn(text: string): string[] {
  return [...text.matchAll(VAR_RE)].map((m) => m[1]);
}

/** The `{variables}` of a template that are not {@link BUILD_TEMPLATE_VARIABLES} (typos: `{nme}`), each once, with the closest known one. */
export function unknownTemplateVariables(template: string): { name: string; suggestion?: string }[] {
  const unknown = [...new Set(variablesIn(String(template ?? '')))].filter((name) => !KNOWN.has(name));
  return unknown.map((name) => {
    const lower = name.toLowerCase();
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const known of BUILD_TEMPLATE_VARIABLES) {
      const d = distance(lower, known.toLowerCase());
      if (d < bestDistance) [best, bestDistance] = [known, d];
    }
    // A close one only: at most a third of the name's letters changed (and always a case slip).
    return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? { name, suggestion: best } : { name };
  });
}

/** One English sentence about a template's unknown variables (they are sent as written), or undefined. */
export function describeUnknownTemplateVariables(template: string): string | undefined {
  const unknown = unknownTemplateVariables(template);
  if (unknown.length === 0) return undefined;
  const each = unknown.map((u) => `{${u.name}}${u.suggestion ? ` (did you mean {${u.suggestion}}?)` : ''}`).join(', ');
  return `unknown template variable${unknown.length > 1 ? 's' : ''} ${each}, sent as written. Known: ${BUILD_TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}.`;
}

/** True when a piece uses variables, all known and all empty. An unknown one (a typo) keeps it visible. */
function isVacant(text: string, vars: TemplateVars): boolean {
  const used = variablesIn(text);
  return used.length > 0 && used.every((name) => KNOWN.has(name) && !vars[name as BuildTemplateVariable]);
}

/** Fills one separator-delimited run of template, dropping the parts whose variables are all empty. */
function renderSegments(text: string, vars: TemplateVars): string {
  const pieces = text.split(SEPARATOR_RE);
  let out = '';
  let kept = false;
  let separatorAfterKept = '';
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i];
    if (isVacant(piece, vars)) continue;
    out += (kept ? separatorAfterKept : '') + piece;
    kept = true;
    separatorAfterKept = pieces[i + 1] ?? '';
  }
  const filled: Record<string, string> = {};
  for (const name of BUILD_TEMPLATE_VARIABLES) filled[name] = vars[name] || EMPTY;
  return fillTemplate(out, filled);
}

/** Removes the spaces an empty variable leaves behind: `a {x} b` → `a b`, `{x} b` → `b`. */
function closeGaps(line: string): string {
  return line.replace(GAP_RE, (m) => (m.startsWith(' ') || m.endsWith(' ') ? ' ' : ''));
}

function renderLine(line: string, vars: TemplateVars): string | undefined {
  if (isVacant(line, vars)) return undefined;
  const groups: string[] = [];
  const mask = (_whole: string, space: string, open: string, inner: string, close: string): string => {
    if (isVacant(inner, vars)) return '';
    groups.push(space + open + renderSegments(inner, vars) + close);
    return `${GROUP_MARK}${groups.length - 1}${GROUP_MARK}`;
  };
  const masked = line.replace(/(\s*)(\()([^()\n]*)(\))/g, mask).replace(/(\s*)(\[)([^[\]\n]*)(\])/g, mask);
  const rendered = closeGaps(renderSegments(masked, vars).replace(GROUP_RE, (_m, i: string) => groups[Number(i)]));
  // Keep the template's own indentation, but not a space left by something that disappeared.
  return /^\s/.test(line) ? rendered.trimEnd() : rendered.trim();
}

/** A value on one line, without control characters (they could break the message layout). */
function oneLine(value: string | number | undefined): string {
  if (value === undefined) return '';
  return String(value).replace(/\s*[\r\n]+\s*/g, ' ').replace(CONTROL_RE, '').replace(MARKS_RE, '').trim();
}

/**
 * Renders a build template (see the module comment for how empty values disappear).
 * `{output}`, `{failedTests}` and `{problems}` may span lines; every other value is put on one line.
 */
export function renderBuildTemplate(template: string, values: TemplateVars): string {
  const vars: TemplateVars = {};
  for (const name of BUILD_TEMPLATE_VARIABLES) {
    if (!(name in BLOCK_MARKS)) vars[name] = oneLine(values[name]);
  }
  const blocks: Partial<Record<BlockVariable, string>> = {};
  for (const name of BLOCKS) {
    blocks[name] = (values[name] ?? '').replace(MARKS_RE, '');
    vars[name] = blocks[name].trim() ? BLOCK_MARKS[name] : '';
  }
  const lines: string[] = [];
  for (const line of String(template).replace(/\r\n?/g, '\n').split('\n')) {
    const rendered = renderLine(line, vars);
    if (rendered === undefined) continue;
    if (rendered === '' && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(rendered);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  let text = lines.join('\n');
  for (const name of BLOCKS) text = text.split(BLOCK_MARKS[name]).join(blocks[name]);
  return text;
}

/** How many hex digits `{commit}` shows: 7, like `git log --oneline` and GitHub. */
export const SHORT_COMMIT_LENGTH = 7;

/** A git commit id cut to {@link SHORT_COMMIT_LENGTH}; other revisions (a Perforce or SVN number) as they are. */
export function shortCommit(commit: string | undefined): string {
  const value = commit?.trim() ?? '';
  return /^[0-9a-f]{8,64}$/i.test(value) ? value.slice(0, SHORT_COMMIT_LENGTH) : value;
}

export interface BuildMessageOptions {
  /** A custom template; by default {@link defaultBuildTemplate} for the transition. */
  template?: string;
  transition?: BuildTransition;
  /** How many of the last output lines a failure message shows (default 0: none). */
  outputLines?: number;
  /** The output is shortened (from the top) so that the whole message fits (default 4000). */
  maxLength?: number;
  /** Secrets to hide from the output besides anything that looks like one. */
  secrets?: ReadonlyArray<string | undefined>;
  /** The time shown when the result has no `finishedAt` (default: now). */
  now?: Date;
  /** Writes {time} the way this locale does (`8:53 PM` for en-US); without it, `20:53`. */
  locale?: string;
  /** The build's workspace folder and the poster's home folder: paths in the output and a command's name are shown relative to them. */
  paths?: OutputPaths;
}

/** The template variables for a result. `output` is already cut, cleaned and redacted. */
export function buildTemplateValues(result: BuildResult, options: BuildMessageOptions = {}): TemplateVars {
  const status = result.status ?? statusOf(result.exitCode);
  const durationMs =
    result.durationMs ?? (result.startedAt && result.finishedAt ? result.finishedAt.getTime() - result.startedAt.getTime() : undefined);
  const outputLines = options.outputLines ?? 0;
  // Redact a generous tail (secret patterns are line-local, except key blocks, which are also
  // caught when cut), shorten its stack traces and paths, then keep the lines asked for.
  const output =
    status === 'failure' && outputLines > 0 && result.output
      ? tailLines(relativePaths(shortenTracebacks(redactSecrets(tailLines(result.output, outputLines + 200), ...(options.secrets ?? []))), options.paths), outputLines)
      : '';
  return {
    name: oneLine(result.kind === 'command' ? relativePaths(result.name, options.paths) : result.name) || 'build',
    status,
    statusText: statusText(status),
    icon: STATUS_ICONS[status],
    exitCode: result.exitCode === undefined || Number.isNaN(result.exitCode) ? '' : String(result.exitCode),
    duration: formatDuration(durationMs),
    workspace: result.workspace,
    branch: result.branch,
    runUrl: result.runUrl,
    commit: shortCommit(result.commit),
    commitUrl: result.commitUrl,
    author: result.author,
    pr: result.pr,
    time: options.locale ? clockTime(result.finishedAt ?? options.now ?? new Date(), options.locale) : formatTime(result.finishedAt ?? options.now ?? new Date()),
    transition: transitionText(options.transition),
    output,
    ...findingsVariables(status === 'failure' ? result.findings : undefined, options.locale),
  };
}


/**
 * The plain-text message for a finished build. A failure's findings (failed tests, problems) come
 * where the template places `{failedTests}`/`{problems}`, else after a blank line at the end. For
 * failures with `outputLines > 0`, the last lines of the output follow (redacted, without ANSI
 * codes, stack traces shortened, paths relative to the workspace), after a blank line and a label
 * (`Last 20 lines of output:`) unless the template places `{output}` itself.
 *
 * To fit `maxLength`, the output is shortened from the top, then the findings lose items from the
 * end; the template's lines and the findings' summary line ("3 of 340 tests failed") always stay
 * (a message still too long is split into parts by the sender, not cut).
 */
export function formatBuildMessage(result: BuildResult, options: BuildMessageOptions = {}): string {
  const values = buildTemplateValues(result, options);
  const template = options.template ?? (values.status === 'started' ? DEFAULT_STARTED_TEMPLATE : defaultBuildTemplate(options.transition));
  const output = values.output ?? '';
  const used = variablesIn(template);
  const placed = used.includes('output');
  const findingsName = result.findings?.kind === 'problems' ? 'problems' : 'failedTests';
  const findingsPlaced = used.includes(findingsName);
  const compose = (out: string, shown: number): string => {
    const findings = findingsVariables(values.status === 'failure' ? result.findings : undefined, options.locale, shown);
    const own = findingsPlaced ? findings : { failedTests: '', problems: '' };
    const extra = findingsPlaced ? '' : (findings[findingsName] ?? '');
    const head = renderBuildTemplate(template, { ...values, ...own, output: placed ? out : '' }) + (extra ? `\n\n${extra}` : '');
    if (placed || !out) return head;
    const lines = out.split('\n').filter((l, i) => !(i === 0 && l === '…')).length;
    return `${head}\n\n${outputLabel(lines)}\n${out}`;
  };
  const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  let message = compose(output, FINDINGS_SHOWN);
  if (message.length <= maxLength) return message;
  // Keep the newest lines of the output that fit; mark the cut.
  const lines = output ? output.split('\n') : [];
  while (lines.length > 0) {
    lines.shift();
    message = compose(lines.length ? `…\n${lines.join('\n')}` : '', FINDINGS_SHOWN);
    if (message.length <= maxLength) return message;
  }
  // Then the findings' items, from the last; their summary line stays.
  for (let shown = FINDINGS_SHOWN - 1; shown >= 0 && result.findings; shown--) {
    message = compose('', shown);
    if (message.length <= maxLength) return message;
  }
  return message;
}
