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
import { clockTime } from '../messages/labels';
import { InputError } from '../model/ids';
import { distance } from 'fastest-levenshtein';
import { DEFAULT_MAX_MESSAGE_LENGTH, fillTemplate } from '../messages/messageText';
import * as l10n from '@vscode/l10n';
import { redact } from '../model/redact';

export type BuildStatus = 'success' | 'failure' | 'cancelled';

export interface BuildResult {
  /** What ran: a task label, a command, a CI job name. */
  name: string;
  /** The process exit code; undefined when there is none (killed, cancelled, not known). */
  exitCode?: number;
  /** Overrides the status derived from {@link exitCode} (e.g. a CI job status without an exit code). */
  status?: BuildStatus;
  durationMs?: number;
  workspace?: string;
  branch?: string;
  startedAt?: Date;
  finishedAt?: Date;
  /** The build's output (or its last lines); only failures show it, redacted. */
  output?: string;
  kind?: 'task' | 'command' | 'ci';
}

/** How the status changed compared with the previous run of the same build. */
export type BuildTransition = 'broken' | 'fixed' | 'still-failing' | 'still-passing';

export type NotifyWhen = 'always' | 'failure' | 'success' | 'change';
export const NOTIFY_WHEN: readonly NotifyWhen[] = ['always', 'failure', 'success', 'change'];

export function isNotifyWhen(value: unknown): value is NotifyWhen {
  return typeof value === 'string' && (NOTIFY_WHEN as readonly string[]).includes(value);
}

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
  'time',
  'transition',
  'output',
] as const;
export type BuildTemplateVariable = (typeof BUILD_TEMPLATE_VARIABLES)[number];

/** The message for a finished build: `❌ build failed (exit code 2) · 1 min 05 s` / `my-app · main · 14:03`. */
export const DEFAULT_BUILD_TEMPLATE = '{icon} {name} {statusText} (exit code {exitCode}) · {duration}\n{workspace} · {branch} · {time}';
/** The message when a build that passed (or never ran) fails. */
export const DEFAULT_BROKEN_TEMPLATE = '{icon} {name} is broken (exit code {exitCode}) · {duration}\n{workspace} · {branch} · {time}';
/** The message when a failing build passes again. */
export const DEFAULT_FIXED_TEMPLATE = '🔧 {name} is fixed · {duration}\n{workspace} · {branch} · {time}';

export const STATUS_ICONS: Readonly<Record<BuildStatus, string>> = { success: '✅', failure: '❌', cancelled: '⏹️' };

/** The default template for a result: the broken/fixed ones for those transitions, else the general one. */
export function defaultBuildTemplate(transition?: BuildTransition): string {
  if (transition === 'broken') return DEFAULT_BROKEN_TEMPLATE;
  if (transition === 'fixed') return DEFAULT_FIXED_TEMPLATE;
  return DEFAULT_BUILD_TEMPLATE;
}

/** 0 → success, any other number → failure, no exit code → cancelled (the process did not finish on its own). */
export function statusOf(exitCode: number | null | undefined): BuildStatus {
  if (exitCode === undefined || exitCode === null || Number.isNaN(exitCode)) return 'cancelled';
  return exitCode === 0 ? 'success' : 'failure';
}

/*
 * The words below go into messages posted to the team's chat. The chat's language is the team's,
 * not that of the editor that happens to post, so they are not translated (like the default
 * templates); a rule's own template can say it in any language.
 */
export function statusText(status: BuildStatus): string {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'failure':
      return 'failed';
    default:
      return 'was cancelled';
  }
}

export function transitionText(transition: BuildTransition | undefined): string {
  switch (transition) {
    case 'broken':
      return 'broken';
    case 'fixed':
      return 'fixed';
    case 'still-failing':
      return 'still failing';
    case 'still-passing':
      return 'still passing';
    default:
      return '';
  }
}

// --- durations and times ----------------------------------------------------------

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

// --- when to notify -----------------------------------------------------------------

export interface NotifyDecision {
  notify: boolean;
  transition?: BuildTransition;
  /** Why nothing is sent (when `notify` is false), as a sentence fragment for the user. */
  reason?: string;
}

/**
 * The transition from the previous status to this one. A cancelled run tells nothing:
 * it has no transition, and a cancelled previous run counts as unknown.
 * The first failure counts as `broken`; the first success is not `fixed`.
 */
export function transitionOf(status: BuildStatus, previous?: BuildStatus): BuildTransition | undefined {
  const prev = previous === 'cancelled' ? undefined : previous;
  if (status === 'failure') return prev === 'failure' ? 'still-failing' : 'broken';
  if (status === 'success') {
    if (prev === 'failure') return 'fixed';
    if (prev === 'success') return 'still-passing';
  }
  return undefined;
}

/** The status to remember for the next run: a cancelled run keeps the previous one. */
export function statusToRemember(status: BuildStatus, previous?: BuildStatus): BuildStatus | undefined {
  return status === 'cancelled' ? previous : status;
}

/**
 * Decides whether a finished build is worth a message.
 * - `always`: every result.
 * - `failure` / `success`: only that status.
 * - `change`: only `broken` (a failure after a success, or the first failure seen) and
 *   `fixed` (a success after a failure). A first success with nothing to compare with is not sent.
 */
export function shouldNotify(when: NotifyWhen, status: BuildStatus, previousStatus?: BuildStatus): NotifyDecision {
  const transition = transitionOf(status, previousStatus);
  const yes = (): NotifyDecision => ({ notify: true, transition });
  const no = (reason: string): NotifyDecision => ({ notify: false, transition, reason });
  switch (when) {
    case 'always':
      return yes();
    case 'failure':
      return status === 'failure' ? yes() : no(l10n.t('the build {0} and only failures are reported', statusText(status)));
    case 'success':
      return status === 'success' ? yes() : no(l10n.t('the build {0} and only successes are reported', statusText(status)));
    case 'change':
      if (transition === 'broken' || transition === 'fixed') return yes();
      if (transition === 'still-failing') return no(l10n.t('the build is still failing and only changes are reported'));
      if (transition === 'still-passing') return no(l10n.t('the build still passes and only changes are reported'));
      if (status === 'success') return no(l10n.t('the build succeeded, there is no earlier result to compare with, and only changes are reported'));
      return no(l10n.t('the build {0} and only changes are reported', statusText(status)));
    default:
      throw new InputError(l10n.t('Unknown notification rule "{0}". Expected one of: {1}.', String(when), NOTIFY_WHEN.join(', ')), 'when');
  }
}

// --- output: ANSI, tails, secrets -------------------------------------------------

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Removes ANSI escape sequences (colours, cursor moves, hyperlinks, titles). */
export function stripAnsi(text: string): string {
  return String(text).replace(ANSI_RE, '');
}

/**
 * The last `n` lines of a build's output, as plain text: ANSI codes and control characters removed,
 * progress-bar carriage returns resolved (only what is left visible on the line is kept),
 * line ends trimmed, and trailing blank lines dropped.
 */
export function tailLines(text: string | undefined, n: number): string {
  if (!text || !(n > 0)) return '';
  const lines = stripAnsi(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      const cr = line.lastIndexOf('\r', line.length - 2);
      return (cr >= 0 ? line.slice(cr + 1) : line).replace(/\r/g, '').replace(CONTROL_RE, '').trimEnd();
    });
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-Math.floor(n)).join('\n');
}

const MASK = '***';
// Names that hold secrets; the secret word must not run on into more letters ("tokenizer", "secrets", "author" are fine).
// (Bounded repetitions keep every pattern linear on long runs like a-a-a-a….)
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]{0,40}?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth)(?![A-Za-z])[A-Za-z0-9_.-]{0,40}`;
// Command-line flags whose value follows after a space: --password x, --db-password x, --api-key x (not -psecret).
const SECRET_FLAG = String.raw`--?(?:[A-Za-z0-9]{1,20}[-_]){0,4}?(?:password|passwd|passphrase|secret|token|api-?key|access-?key)(?![A-Za-z])[A-Za-z0-9_-]{0,40}`;

/** Masks a value, keeping the quotes around it. */
const maskValue = (head: string, value: string): string => {
  const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${head}${q}${MASK}${q}`;
};

type Replacer = (match: string, ...groups: string[]) => string;
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string | Replacer]> = [
  // PEM private keys: whole blocks, or the end of one whose beginning was cut off.
  [/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(?:(-----END [A-Z0-9 ]*PRIVATE KEY-----)|$)/g, (_m, begin, end) => `${begin}\n${MASK}${end ? `\n${end}` : ''}`],
  // Authorization headers (the scheme stays), then bare bearer tokens.
  [/\b((?:proxy-)?authorization[ \t]*[:=][ \t]*)((?:bearer|basic|token|bot|oauth|digest)[ \t]+)?(?!\*\*\*)[^\s'",;]+/gi, (_m, head, scheme) => `${head}${scheme ?? ''}${MASK}`],
  [/\b(bearer[ \t]+)(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${MASK}`],
  // Credentials in URLs: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/'"]{1,256}:)[^\s@/'"]{1,256}@/gi, `$1${MASK}@`],
  // Well-known token shapes.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, MASK],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, MASK],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, MASK],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bAIza[0-9A-Za-z_-]{35}/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],
  // "password": "…" in JSON; password=…, SECRET: …, --token …, --password=….
  [new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*")(?:[^"\\\n]|\\.)*(")`, 'gi'), `$1${MASK}$2`],
  [new RegExp(String.raw`(\b${SECRET_NAME}[ \t]*[:=][ \t]*)(?!\*\*\*)("[^"\n]*"|'[^'\n]*'|[^\s"'&,;]+)`, 'gi'), (_m, head, value) => maskValue(head, value)],
  [new RegExp(String.raw`((?:^|[\s'"])${SECRET_FLAG}[ \t]+)(?![-*])("[^"\n]*"|'[^'\n]*'|\S+)`, 'gim'), (_m, head, value) => maskValue(head, value)],
  // mysql -pSECRET, curl -u user:SECRET.
  [/(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p)(?![\s*])\S+/g, `$1${MASK}`],
  [/(\bcurl\b[^\n]*?\s(?:-u|--user)[ \t]+['"]?[^\s:'"]+:)(?!\*\*\*)[^\s'"]+/g, `$1${MASK}`],
];

const KEY_END_RE = /^[ \t]*-----END [A-Z0-9 ]*PRIVATE KEY-----/gm;
const KEY_BODY_LINE_RE = /^[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*\r?$/;

/** Masks the base64 lines above an END line whose BEGIN line was cut off (a log tail starting inside a key). */
function maskKeyTails(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(KEY_END_RE)) {
    const lines = text.slice(last, m.index).split('\n');
    lines.pop(); // the (empty) start of the END line
    let body = 0;
    while (body < lines.length && KEY_BODY_LINE_RE.test(lines[lines.length - 1 - body])) body += 1;
    if (body > 0) lines.splice(lines.length - body, body, MASK);
    out += lines.map((l) => `${l}\n`).join('');
    last = m.index;
  }
  return out + text.slice(last);
}

/**
 * Hides anything in build output that looks like a credential: OK tokens, `password=…`,
 * `secret:`, `token=`, `Authorization: Bearer …`, URL credentials, AWS/GitHub/GitLab/npm/Slack
 * tokens, JWTs, private key blocks, `mysql -p…`, `curl -u user:…`. The secret part becomes `***`;
 * the name stays so the reader still knows what was there. Pass known secrets to hide them too.
 */
export function redactSecrets(text: string, ...secrets: Array<string | undefined>): string {
  let out = maskKeyTails(redact(String(text ?? ''), ...secrets));
  for (const [re, replacement] of SECRET_PATTERNS) {
    out = typeof replacement === 'string' ? out.replace(re, replacement) : out.replace(re, replacement);
  }
  return out;
}

// --- templates ----------------------------------------------------------------------

type TemplateVars = Partial<Record<BuildTemplateVariable, string>>;

// Private-use characters mark empty values, the output and masked groups while a line is rendered.
const EMPTY = '\ue000';
const OUTPUT_MARK = '\ue001';
const GROUP_MARK = '\ue002';
const MARKS_RE = /[\ue000-\ue002]/g;
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
 * `{output}` may span lines; every other value is put on one line.
 */
export function renderBuildTemplate(template: string, values: TemplateVars): string {
  const vars: TemplateVars = {};
  for (const name of BUILD_TEMPLATE_VARIABLES) {
    if (name !== 'output') vars[name] = oneLine(values[name]);
  }
  const output = (values.output ?? '').replace(MARKS_RE, '');
  vars.output = output.trim() ? OUTPUT_MARK : '';
  const lines: string[] = [];
  for (const line of String(template).replace(/\r\n?/g, '\n').split('\n')) {
    const rendered = renderLine(line, vars);
    if (rendered === undefined) continue;
    if (rendered === '' && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(rendered);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n').split(OUTPUT_MARK).join(output);
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
}

/** The template variables for a result. `output` is already cut, cleaned and redacted. */
export function buildTemplateValues(result: BuildResult, options: BuildMessageOptions = {}): TemplateVars {
  const status = result.status ?? statusOf(result.exitCode);
  const durationMs =
    result.durationMs ?? (result.startedAt && result.finishedAt ? result.finishedAt.getTime() - result.startedAt.getTime() : undefined);
  const outputLines = options.outputLines ?? 0;
  // Redact a generous tail (secret patterns are line-local, except key blocks, which are also
  // caught when cut), then keep the lines asked for.
  const output =
    status === 'failure' && outputLines > 0 && result.output
      ? tailLines(redactSecrets(tailLines(result.output, outputLines + 200), ...(options.secrets ?? [])), outputLines)
      : '';
  return {
    name: oneLine(result.name) || 'build',
    status,
    statusText: statusText(status),
    icon: STATUS_ICONS[status],
    exitCode: result.exitCode === undefined || Number.isNaN(result.exitCode) ? '' : String(result.exitCode),
    duration: formatDuration(durationMs),
    workspace: result.workspace,
    branch: result.branch,
    time: options.locale ? clockTime(result.finishedAt ?? options.now ?? new Date(), options.locale) : formatTime(result.finishedAt ?? options.now ?? new Date()),
    transition: transitionText(options.transition),
    output,
  };
}

/**
 * The plain-text message for a finished build. For failures with `outputLines > 0`, the last
 * lines of the output follow (redacted, without ANSI codes), after a blank line unless the
 * template places `{output}` itself; the output is shortened from the top to fit `maxLength`.
 */
export function formatBuildMessage(result: BuildResult, options: BuildMessageOptions = {}): string {
  const template = options.template ?? defaultBuildTemplate(options.transition);
  const values = buildTemplateValues(result, options);
  const output = values.output ?? '';
  const placed = variablesIn(template).includes('output');
  const compose = (out: string): string => {
    if (placed) return renderBuildTemplate(template, { ...values, output: out });
    const head = renderBuildTemplate(template, { ...values, output: '' });
    return out ? `${head}\n\n${out}` : head;
  };
  const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  let message = compose(output);
  if (!output || message.length <= maxLength) return message;
  // Keep the newest lines that fit; mark the cut.
  const lines = output.split('\n');
  while (lines.length > 0) {
    lines.shift();
    message = compose(lines.length ? `…\n${lines.join('\n')}` : '');
    if (message.length <= maxLength) return message;
  }
  return message;
}
