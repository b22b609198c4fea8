/**
 * `ok-chat`: a small command-line tool for CI pipelines and git hooks that sends messages and
 * build notifications to OK group chats. It uses only the API core and Node built-ins.
 *
 * The token comes only from the environment (OK_ACCESS_TOKEN), never from a flag: command
 * lines are visible to other users (ps, /proc) and end up in shell history and CI logs.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import {
  DEFAULT_BASE_URL,
  DEFAULT_BUILD_TEMPLATE,
  DEFAULT_MAX_MESSAGE_LENGTH,
  NOTIFY_WHEN,
  OkClient,
  cleanToken,
  formatBuildMessage,
  isInputError,
  isNotifyWhen,
  isOkApiError,
  parseChatId,
  parseDuration,
  redact,
  requests,
  shouldNotify,
  splitMessage,
  describeUnknownTemplateVariables,
  statusOf,
  statusToRemember,
  validateBaseUrl,
  type BuildResult,
  type BuildStatus,
  type ChatId,
  type NotifyWhen,
} from '../core';
import { createNodeTransport } from '../core/net/nodeTransport';
import { apiErrorMessage, inputErrorMessage, suggest, type MessageContext } from './errorMessages';
import { nodeDebugRefusal } from './nodeDebug';

/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded when first needed, not at start-up: `send` uses none of them (together ~10 ms).
const childProcess = (): typeof import('node:child_process') => require('node:child_process') as typeof import('node:child_process');
const fsp = (): typeof import('node:fs/promises') => require('node:fs/promises') as typeof import('node:fs/promises');
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
/* eslint-enable @typescript-eslint/no-require-imports */

export const EXIT = { ok: 0, api: 1, usage: 2, noToken: 3, network: 4, maybeSent: 5 } as const;

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** The folder the command runs in (default: process.cwd()). */
  cwd?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const TOKEN_WHY =
  "The token is read only from the environment: command-line arguments are visible to every user of the machine (ps, /proc) and end up in shell history and CI logs. Set OK_ACCESS_TOKEN from your CI's secret store.";

export const USAGE = `ok-chat: send messages and build notifications to OK (ok.ru) group chats.

Usage:
  ok-chat send --chat <chat> [--text <text>]       Send a message (text from stdin without --text)
  ok-chat notify --chat <chat> --status <status>   Report a build result
  ok-chat chats [--json]                           List the group's chats
  ok-chat <command> --help                         Options of a command
  ok-chat --version

<chat> is chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link to the chat.

Environment:
  OK_ACCESS_TOKEN   The group's access token (required). A group admin gets it on ok.ru:
                    group Settings > Messages > "Работа с API" > get key.
                    There is deliberately no --token option: command-line arguments are
                    visible to every user of the machine (ps, /proc) and end up in shell
                    history and CI logs. Set the variable from your CI's secret store.
  OK_API_BASE_URL   The API base URL (default ${DEFAULT_BASE_URL}; https only, plain http
                    only for localhost, e.g. a local sandbox: http://127.0.0.1:8787/graph).
  HTTPS_PROXY       A proxy (http://user:password@proxy:3128; HTTP_PROXY when it is not set),
                    with NO_PROXY for exceptions (names, IP addresses, ranges like 10.0.0.0/8).
  NODE_EXTRA_CA_CERTS
                    A PEM file of extra CAs to trust (a corporate root CA).

Exit codes:
  0  done (also when notify decides not to send: the reason is on stderr)
  1  OK refused the request or answered an error (the reason is on stderr)
  2  usage error: unknown command or option, a missing or bad value, empty text,
     a bad OK_API_BASE_URL
  3  OK_ACCESS_TOKEN is not set
  4  could not reach OK (network, proxy or TLS error, or timeout)
  5  may have been sent: check the chat before sending again (the answer was lost
     after the request left, so OK may have it)

Results (message ids, chat lists) go to stdout, everything else to stderr.
Option values may start with a dash (--status -1073741819); --name=value works too.
`;

export const SEND_USAGE = `Usage: ok-chat send --chat <chat> [--text <text>] [options]

Sends a text message to a chat of the group. Without --text (or with --text -) the text is
read from stdin:
  git log -1 --format=%B | ok-chat send --chat C3ecb9d02a600
Text longer than --max-length is split on line ends into numbered parts "(1/3) ...".
Prints the id of every message sent, one per line.

Options:
  -c, --chat <chat>      The chat: chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link
  -t, --text <text>      The message; "-" reads it from stdin
      --max-length <n>   Longest message in characters (default ${DEFAULT_MAX_MESSAGE_LENGTH})
      --dry-run          Print the message instead of sending it (no token needed)
  -h, --help             Show this help

The token comes from OK_ACCESS_TOKEN (see ok-chat --help).
`;

export const NOTIFY_USAGE = `Usage: ok-chat notify --chat <chat> --status <status> [options]

Sends the result of a build, test run or deployment:
  make test; ok-chat notify --chat C3ecb9d02a600 --status $? --name "unit tests" --duration 93s
  ok-chat notify --chat C3ecb9d02a600 --status \${{ job.status }} --when change    (GitHub Actions)

Options:
  -c, --chat <chat>          The chat to post to
  -s, --status <status>      An exit code (0 is success; negative ones such as Windows'
                             -1073741819 too) or success | failure | cancelled
                             (passed, failed, canceled, ok, error are understood too)
  -n, --name <name>          What ran (default "build")
      --duration <d>         How long it took: 93 (seconds), 93s, 93000ms, 1m33s, 1h2m
      --workspace <name>     The project (default $GITHUB_REPOSITORY, $CI_PROJECT_PATH,
                             $BITBUCKET_REPO_FULL_NAME, else the git repository's folder name)
      --branch <name>        The branch (default $GITHUB_HEAD_REF, $GITHUB_REF_NAME,
                             $CI_COMMIT_REF_NAME, $BRANCH_NAME, $BITBUCKET_BRANCH,
                             $BUILDKITE_BRANCH, $CIRCLE_BRANCH, else git's current branch)
      --when <rule>          always (default) | failure | success | change
                             change: only when the build breaks (the first failure, or a
                             failure after a success) or is fixed (a success after a failure)
      --state-file <path>    Keeps the last status between runs. Used by --when change (and
                             by any rule when given, for "is broken"/"is fixed" messages).
                             Default: <tmpdir>/ok-chat/last-status-<hash>.json, one per chat,
                             name and folder. On CI runners that start clean, point it at a
                             cached path. One file can hold many chats and names.
      --template <text>      The message; "\\n" is a line break. Variables:
                               {name} {status} {statusText} {icon} {exitCode} {duration}
                               {workspace} {branch} {time} {transition} {output}
                             A line, a (...) or [...] group, or a part between separators
                             ( · | - , ; ) whose variables are all empty disappears.
      --output-file <path>   The build's log ("-" reads stdin): failures show its last lines,
                             without colours, with passwords and tokens replaced by ***
      --output-lines <n>     How many last lines of the log to show (default 20)
      --max-length <n>       Longest message in characters (default ${DEFAULT_MAX_MESSAGE_LENGTH})
      --dry-run              Print the message instead of sending it (no token needed;
                             the state file is not changed)
  -h, --help                 Show this help

The default template is
  ${DEFAULT_BUILD_TEMPLATE.replace(/\n/g, '\\n')}
for example
  ❌ build failed (exit code 2) · 1 min 05 s
  my-app · main · 14:03
With a state file (--when change, or --state-file), the first failure and a failure after
a success read "❌ build is broken ...", a success after a failure "🔧 build is fixed ...".
When the rule says not to send, nothing is sent, the reason is printed and the exit code is 0.
`;

export const CHATS_USAGE = `Usage: ok-chat chats [--json]

Lists the group's chats: id, status and title, one chat per line.

Options:
      --json             Print the chats as OK returns them, as a JSON array
  -h, --help             Show this help
`;

const HELP: Readonly<Record<string, string>> = { send: SEND_USAGE, notify: NOTIFY_USAGE, chats: CHATS_USAGE };

type OptionTable = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

const SEND_OPTIONS = {
  chat: { type: 'string', short: 'c' },
  text: { type: 'string', short: 't' },
  'max-length': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

const NOTIFY_OPTIONS = {
  chat: { type: 'string', short: 'c' },
  status: { type: 'string', short: 's' },
  name: { type: 'string', short: 'n' },
  duration: { type: 'string' },
  workspace: { type: 'string' },
  branch: { type: 'string' },
  template: { type: 'string' },
  when: { type: 'string' },
  'state-file': { type: 'string' },
  'output-file': { type: 'string' },
  'output-lines': { type: 'string' },
  'max-length': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

const CHATS_OPTIONS = { json: { type: 'boolean' } } as const;

const OPTIONS: Readonly<Record<string, OptionTable>> = { send: SEND_OPTIONS, notify: NOTIFY_OPTIONS, chats: CHATS_OPTIONS };

/** Wrong use of the tool: exit code 2 with a hint to the help. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A finished run with its exit code (used for "no token"). */
class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

// --- small helpers ---------------------------------------------------------------------

/** The version, set by scripts/build.mjs in the bundle (compiled without it, package.json is read). */
declare const OK_CHAT_VERSION: string | undefined;

export function cliVersion(): string {
  if (typeof OK_CHAT_VERSION === 'string') return OK_CHAT_VERSION;
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'ok-chat' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

/** The end of a possibly huge log file: enough for the last lines without reading it all. */
async function readTail(file: string, maxBytes = 256 * 1024): Promise<string> {
  const handle = await fsp().open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1); // drop the partial first line
    return text;
  } finally {
    await handle.close();
  }
}

function run(cmd: string, args: string[], cwd: string, env: Env): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      childProcess().execFile(cmd, args, { cwd, env: { ...env }, timeout: 3000, windowsHide: true }, (error, stdout) => {
        resolve(error ? undefined : String(stdout).trim() || undefined);
      });
    } catch {
      resolve(undefined);
    }
  });
}

function firstEnv(env: Env, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

const BRANCH_VARS = ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME', 'BRANCH_NAME', 'BITBUCKET_BRANCH', 'BUILDKITE_BRANCH', 'CIRCLE_BRANCH'];
const WORKSPACE_VARS = ['GITHUB_REPOSITORY', 'CI_PROJECT_PATH', 'BITBUCKET_REPO_FULL_NAME'];

async function detectBranch(env: Env, cwd: string): Promise<string | undefined> {
  const fromEnv = firstEnv(env, BRANCH_VARS);
  if (fromEnv) return fromEnv;
  const head = await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], cwd, env);
  return head && head !== 'HEAD' ? head : undefined; // "HEAD" means detached: no branch
}

async function detectWorkspace(env: Env, cwd: string): Promise<string | undefined> {
  const fromEnv = firstEnv(env, WORKSPACE_VARS);
  if (fromEnv) return fromEnv;
  const top = await run('git', ['rev-parse', '--show-toplevel'], cwd, env);
  return top ? path.basename(top) : undefined;
}

/**
 * Puts every option value into `--name=value` form before node:util's parseArgs sees it, so
 * that a value may start with a dash (`--status -1073741819`, `--duration -3`, `--text -x`):
 * parseArgs refuses those as "ambiguous". The next argument is taken as the value unless it is
 * one of the command's own options (then the value is missing: `--chat --text hi`). Unknown
 * options are refused here, with a "did you mean". Everything after `--` is left alone.
 */
export function normalizeArgs(command: string, args: readonly string[], options: OptionTable): string[] {
  const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  const isOption = (a: string) => {
    if (a === '--help' || a === '-h') return true;
    const long = /^--([^=]+)/.exec(a);
    if (long) return Object.hasOwn(options, long[1]);
    return /^-[A-Za-z]$/.test(a) && shorts.has(a[1]);
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    const long = /^--([^=]+)(?:=([\s\S]*))?$/.exec(arg);
    const short = /^-([A-Za-z])([\s\S]*)$/.exec(arg);
    if (long) {
      name = long[1];
      inline = long[2];
      if (!Object.hasOwn(options, name)) throw unknownOption(command, `--${name}`, options);
    } else if (short) {
      name = shorts.get(short[1]);
      if (name === undefined) {
        if (short[1] === 'h') {
          out.push(arg);
          continue;
        }
        throw unknownOption(command, `-${short[1]}`, options);
      }
      if (short[2] !== '') inline = short[2].replace(/^=/, '');
    } else {
      out.push(arg); // a positional argument: parseArgs refuses it with its own message
      continue;
    }
    const spec = options[name];
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value (drop "${long ? '=' : ''}${inline}").`);
      out.push(`--${name}`);
      continue;
    }
    if (inline === undefined) {
      const next = args[i + 1];
      if (next === undefined || next === '--') throw new UsageError(`--${name} needs a value${example(name)}.`);
      if (isOption(next)) throw new UsageError(`--${name} needs a value${example(name)}; the next argument, ${next}, is an option (to pass it as the value, write --${name}=${next}).`);
      inline = next;
      i += 1;
    }
    out.push(`--${name}=${inline}`);
  }
  return out;
}

function example(option: string): string {
  switch (option) {
    case 'chat':
      return ', e.g. --chat chat:C3ecb9d02a600';
    case 'status':
      return ', e.g. --status $? or --status failure';
    case 'text':
      return ', e.g. --text "Deploying 2.4.1"';
    default:
      return '';
  }
}

/** "unknown option", with the option the user probably meant, or the commands that have it. */
function unknownOption(command: string, option: string, options: OptionTable): UsageError {
  const own = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  const others = Object.keys(OPTIONS).filter((c) => c !== command && Object.hasOwn(OPTIONS[c], option.replace(/^--/, '')));
  if (option.startsWith('--') && others.length > 0) {
    return new UsageError(`'ok-chat ${command}' has no ${option} option (${others.map((c) => `'ok-chat ${c}'`).join(' and ')} ${others.length === 1 ? 'has' : 'have'} it).`);
  }
  const guess = option.startsWith('--') ? suggest(option, [...own.filter((o) => o.startsWith('--')), '--help']) : undefined;
  return new UsageError(`unknown option '${option}'.${guess ? ` Did you mean ${guess}?` : ''}`);
}

function parseCount(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

const STATUS_WORDS: Readonly<Record<string, BuildStatus>> = {
  success: 'success',
  succeeded: 'success',
  passed: 'success',
  pass: 'success',
  ok: 'success',
  failure: 'failure',
  failed: 'failure',
  fail: 'failure',
  error: 'failure',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
  skipped: 'cancelled',
};

/** `--status`: an exit code or a word (GitHub's job.status and GitLab's CI_JOB_STATUS values work as they are). */
export function parseStatus(value: string): { status: BuildStatus; exitCode?: number } {
  const raw = value.trim().toLowerCase();
  if (/^-?\d{1,10}$/.test(raw)) {
    const exitCode = Number(raw);
    return { status: statusOf(exitCode), exitCode };
  }
  const status = STATUS_WORDS[raw];
  if (!status) throw new UsageError(`--status must be an exit code or one of success, failure, cancelled, not "${value}".`);
  return { status };
}

/** `--duration`: how long the run took; a negative time is a mistake, not a duration. */
function durationOption(value: string): number {
  if (/^\s*-/.test(value)) throw new UsageError(`--duration cannot be negative ("${value}"): give how long the run took, e.g. --duration 93s.`);
  return parseDuration(value);
}

function chatOption(value: string | undefined): ChatId {
  if (value === undefined || value.trim() === '') throw new UsageError('--chat is required, e.g. --chat chat:C3ecb9d02a600.');
  return parseChatId(value);
}

interface Connection {
  client: OkClient;
  token: string;
}

function tokenFrom(env: Env): string {
  return cleanToken(env.OK_ACCESS_TOKEN ?? '');
}

function connect(env: Env): Connection {
  const token = tokenFrom(env);
  if (!token) throw new Exit(EXIT.noToken, `OK_ACCESS_TOKEN is not set: set it to the group's access token (see 'ok-chat --help'). ${TOKEN_WHY}`);
  const baseUrl = validateBaseUrl(env.OK_API_BASE_URL?.trim() || DEFAULT_BASE_URL);
  return { client: new OkClient({ token, baseUrl, ...createNodeTransport({ env }), userAgent: `ok-chat-cli/${cliVersion()}` }), token };
}

/** Sends the parts in order; prints each message id as soon as OK gives it. */
async function sendParts(conn: Connection, chat: ChatId, parts: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  let sent = 0;
  try {
    for (const part of parts) {
      const res = await conn.client.call(requests.sendText(chat, part));
      if (res.message_id) out(`${res.message_id}\n`);
      sent += 1;
    }
  } catch (e) {
    if (sent > 0) err(`sent ${sent} of ${parts.length} parts before the error below.`);
    throw e;
  }
  err(parts.length === 1 ? `sent to ${chat}.` : `sent to ${chat} in ${parts.length} parts.`);
}

// --- state for --when change -------------------------------------------------------------

interface StateEntry {
  status: BuildStatus;
  updatedAt: string;
}
interface StateFile {
  version: 1;
  builds: Record<string, StateEntry>;
}

export function defaultStateFile(chat: ChatId, name: string, cwd: string): string {
  const hash = crypto().createHash('sha256').update(`${chat}\n${name}\n${path.resolve(cwd)}`).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), 'ok-chat', `last-status-${hash}.json`);
}

const stateKey = (chat: ChatId, name: string) => `${chat} ${name}`;

async function readState(file: string, warn: (s: string) => void): Promise<StateFile> {
  let text: string;
  try {
    text = await fsp().readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`could not read the state file ${file}: ${(e as Error).message}; treating the previous status as unknown.`);
    return { version: 1, builds: {} };
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile> | null;
    if (parsed && typeof parsed === 'object' && parsed.builds && typeof parsed.builds === 'object') return { version: 1, builds: parsed.builds };
  } catch {
    // fall through
  }
  warn(`the state file ${file} is not valid; treating the previous status as unknown.`);
  return { version: 1, builds: {} };
}

async function writeState(file: string, state: StateFile, warn: (s: string) => void): Promise<void> {
  try {
    await fsp().mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp().writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await fsp().rename(tmp, file);
  } catch (e) {
    warn(`could not write the state file ${file}: ${(e as Error).message}. The next run will not know this result.`);
  }
}

function isBuildStatus(v: unknown): v is BuildStatus {
  return v === 'success' || v === 'failure' || v === 'cancelled';
}

// --- commands -------------------------------------------------------------------------

interface Ctx {
  env: Env;
  io: CliIo;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Filled once a client exists, so that it can be closed. */
  conn?: Connection;
}

async function cmdSend(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('send', args, SEND_OPTIONS), strict: true, allowPositionals: false, options: SEND_OPTIONS });
  const chat = chatOption(values.chat);
  const maxLength = parseCount(values['max-length'], '--max-length', 20, 100_000) ?? DEFAULT_MAX_MESSAGE_LENGTH;
  let text = values.text;
  if (text === undefined || text === '-') {
    if (text === undefined && ctx.io.stdin.isTTY) throw new UsageError('no text: pass --text "..." or pipe the text to stdin.');
    text = (await readAll(ctx.io.stdin)).replace(/(?:\r?\n)+$/, '');
    if (text.trim() === '') throw new UsageError(`nothing to send: stdin ${text === '' ? 'was empty' : 'had only white space'}. Pipe the text in (echo "Deploying 2.4.1" | ok-chat send --chat ...) or pass --text "...".`);
  } else if (text.trim() === '') {
    throw new UsageError('--text is empty: give the message, e.g. --text "Deploying 2.4.1" (or --text - to read it from stdin).');
  }
  const parts = splitMessage(text, maxLength);
  if (values['dry-run']) {
    ctx.out(`${parts.join('\n\n')}\n`);
    return EXIT.ok;
  }
  ctx.conn = connect(ctx.env);
  await sendParts(ctx.conn, chat, parts, ctx.out, ctx.err);
  return EXIT.ok;
}

async function cmdNotify(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('notify', args, NOTIFY_OPTIONS), strict: true, allowPositionals: false, options: NOTIFY_OPTIONS });
  const chat = chatOption(values.chat);
  if (values.status === undefined) throw new UsageError('--status is required: an exit code (e.g. --status $?) or success, failure, cancelled.');
  const { status, exitCode } = parseStatus(values.status);
  const name = values.name?.trim() || 'build';
  const when: NotifyWhen = (values.when ?? 'always').trim().toLowerCase() as NotifyWhen;
  if (!isNotifyWhen(when)) throw new UsageError(`--when must be one of ${NOTIFY_WHEN.join(', ')}, not "${values.when}".`);
  const durationMs = values.duration === undefined ? undefined : durationOption(values.duration);
  const maxLength = parseCount(values['max-length'], '--max-length', 20, 100_000) ?? DEFAULT_MAX_MESSAGE_LENGTH;
  const outputFile = values['output-file'];
  const outputLines = parseCount(values['output-lines'], '--output-lines', 0, 10_000) ?? (outputFile ? 20 : 0);
  if (values['output-lines'] !== undefined && !outputFile) throw new UsageError('--output-lines needs --output-file (the log to take the lines from).');
  const template = values.template === undefined ? undefined : values.template.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  if (template !== undefined && template.trim() === '') throw new UsageError('--template is empty.');
  const unknownVariables = template === undefined ? undefined : describeUnknownTemplateVariables(template);
  if (unknownVariables) ctx.err(`warning: --template: ${unknownVariables}`);
  const dryRun = values['dry-run'] === true;

  // Check the configuration on every run, not only on the runs that send something.
  const conn = dryRun ? undefined : (ctx.conn = connect(ctx.env));

  const tracking = when === 'change' || values['state-file'] !== undefined;
  const stateFile = tracking ? (values['state-file'] ? path.resolve(ctx.cwd, values['state-file']) : defaultStateFile(chat, name, ctx.cwd)) : undefined;
  const state = stateFile ? await readState(stateFile, ctx.err) : undefined;
  const key = stateKey(chat, name);
  const remembered = state?.builds[key]?.status;
  const previous = isBuildStatus(remembered) ? remembered : undefined;
  const decision = shouldNotify(when, status, previous);

  const remember = async () => {
    if (!state || !stateFile || dryRun) return;
    const next = statusToRemember(status, previous);
    if (!next) return;
    state.builds[key] = { status: next, updatedAt: new Date().toISOString() };
    await writeState(stateFile, state, ctx.err);
  };

  if (!decision.notify) {
    ctx.err(`not sending: ${decision.reason ?? 'the --when rule says so'} (--when ${when}).`);
    await remember();
    return EXIT.ok;
  }

  let output: string | undefined;
  if (outputFile && status === 'failure' && outputLines > 0) {
    try {
      output = outputFile === '-' ? await readAll(ctx.io.stdin) : await readTail(path.resolve(ctx.cwd, outputFile));
    } catch (e) {
      ctx.err(`could not read the output file ${outputFile}: ${(e as Error).message}; sending without output.`);
    }
  }
  const [branch, workspace] = await Promise.all([
    values.branch !== undefined ? values.branch.trim() || undefined : detectBranch(ctx.env, ctx.cwd),
    values.workspace !== undefined ? values.workspace.trim() || undefined : detectWorkspace(ctx.env, ctx.cwd),
  ]);
  const result: BuildResult = { name, status, exitCode, durationMs, branch, workspace, output, finishedAt: new Date(), kind: 'ci' };
  const message = formatBuildMessage(result, {
    template,
    transition: tracking ? decision.transition : undefined,
    outputLines,
    maxLength,
    secrets: [tokenFrom(ctx.env)],
  });
  const parts = splitMessage(message, maxLength);
  if (!conn) {
    ctx.out(`${parts.join('\n\n')}\n`); // --dry-run
    return EXIT.ok;
  }
  await sendParts(conn, chat, parts, ctx.out, ctx.err);
  await remember();
  return EXIT.ok;
}

async function cmdChats(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('chats', args, CHATS_OPTIONS), strict: true, allowPositionals: false, options: CHATS_OPTIONS });
  ctx.conn = connect(ctx.env);
  const chats = await ctx.conn.client.listAllChats();
  if (values.json) {
    ctx.out(`${JSON.stringify(chats, null, 2)}\n`);
    return EXIT.ok;
  }
  if (chats.length === 0) {
    ctx.err('the group has no chats.');
    return EXIT.ok;
  }
  const idWidth = Math.max(...chats.map((c) => c.chat_id.length));
  const statusWidth = Math.max(...chats.map((c) => (c.status ?? '').length));
  for (const c of chats) {
    const title = (c.title ?? '').replace(/\s*[\r\n]+\s*/g, ' ');
    ctx.out(`${c.chat_id.padEnd(idWidth)}  ${(c.status ?? '').padEnd(statusWidth)}  ${title}`.trimEnd() + '\n');
  }
  return EXIT.ok;
}

const COMMANDS: Readonly<Record<string, (args: string[], ctx: Ctx) => Promise<number>>> = { send: cmdSend, notify: cmdNotify, chats: cmdChats };

/** What parseArgs still refuses after {@link normalizeArgs}: mostly a stray positional argument. */
function parseArgsMessage(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = (e as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([\s\S]*)'/.exec(message)?.[1];
    return `unexpected argument${arg === undefined ? '' : ` '${arg}'`}: every value belongs to an option, and a value with spaces needs quotes (--text "two words").`;
  }
  const first = /^[^.]*(?:\.|$)/.exec(message)?.[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

const COMMAND_NAMES = [...Object.keys(HELP), 'help'];

/** "unknown command", with the command the user probably meant. */
function unknownCommand(word: string, rest: readonly string[]): string {
  if (word.startsWith('-')) {
    const named = rest.find((a) => Object.hasOwn(HELP, a));
    if (named) return `the command comes first: ok-chat ${named} ${word} ... Run 'ok-chat --help' for usage.`;
    const guess = suggest(word, ['--help', '--version']);
    return `unknown option '${word}'.${guess ? ` Did you mean ${guess}?` : ''} Run 'ok-chat --help' for usage.`;
  }
  const guess = suggest(word, [...COMMAND_NAMES, '--version']);
  return `unknown command '${word}'.${guess ? ` Did you mean '${guess === '--version' ? 'ok-chat --version' : `ok-chat ${guess}`}'?` : ''} Run 'ok-chat --help' for usage.`;
}

// --- entry point --------------------------------------------------------------------------

/**
 * The process's streams. stdin is read only when asked for: `process.stdin` builds its stream on
 * first use, which for a file or /dev/null loads fs streams and fs/promises (~4 ms), and `send
 * --text` never reads it.
 */
function processIo(cwd?: string): CliIo {
  return {
    cwd,
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

export interface MainOptions {
  /**
   * The process ends as soon as main resolves (the `ok-chat` process itself): its connections are
   * left for the exit to close. Closing them one by one only costs start-up time: undici closes
   * each socket with an error whose stack trace Node formats, which means finding the line ends
   * of the whole bundle (~2 ms).
   */
  exitsAfter?: boolean;
}

/**
 * Runs the tool and resolves to its exit code. Never throws and never calls process.exit,
 * so tests (and other programs) can call it directly.
 */
export async function main(argv: readonly string[], env: Env = process.env, io?: CliIo, options: MainOptions = {}): Promise<number> {
  const streams: CliIo = io ?? processIo();
  const debugRefusal = nodeDebugRefusal(env.NODE_DEBUG);
  if (debugRefusal) {
    streams.stderr.write(debugRefusal);
    return EXIT.usage;
  }
  const token = tokenFrom(env);
  // Whatever is printed, the token is not.
  const safe = (s: string) => (token ? redact(s, token, env.OK_ACCESS_TOKEN?.trim()) : redact(s));
  const ctx: Ctx = {
    env,
    io: streams,
    cwd: streams.cwd ?? process.cwd(),
    out: (s) => void streams.stdout.write(safe(s)),
    err: (s) => void streams.stderr.write(safe(`ok-chat: ${s}\n`)),
  };
  const args = [...argv];
  const command = args[0];

  if (command === undefined) {
    streams.stderr.write(USAGE);
    return EXIT.usage;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? args[1] : undefined;
    ctx.out(topic && HELP[topic] ? HELP[topic] : USAGE);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-v' || command === '-V') {
    ctx.out(`${cliVersion()}\n`);
    return EXIT.ok;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) {
    ctx.err(unknownCommand(command, args.slice(1)));
    return EXIT.usage;
  }
  const rest = args.slice(1);
  const optionsOnly = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length);
  if (optionsOnly.some((a) => a === '--help' || a === '-h')) {
    ctx.out(HELP[command]);
    return EXIT.ok;
  }
  if (optionsOnly.some((a) => /^--?(?:access[-_]?)?token(?:=|$)/i.test(a))) {
    ctx.err(`there is no --token option. ${TOKEN_WHY}`);
    return EXIT.usage;
  }

  try {
    return await handler(rest, ctx);
  } catch (e) {
    return report(e, command, ctx);
  } finally {
    if (!options.exitsAfter) await ctx.conn?.client.close().catch(() => undefined);
  }
}

function report(e: unknown, command: string, ctx: Ctx): number {
  const argsProblem = parseArgsMessage(e);
  if (argsProblem !== undefined || e instanceof UsageError) {
    ctx.err(`${argsProblem ?? (e as Error).message} Run 'ok-chat ${command} --help' for usage.`);
    return EXIT.usage;
  }
  if (e instanceof Exit) {
    ctx.err(e.message);
    return e.code;
  }
  const words: MessageContext = { baseUrl: ctx.env.OK_API_BASE_URL?.trim() || DEFAULT_BASE_URL, baseUrlFromEnv: !!ctx.env.OK_API_BASE_URL?.trim() };
  if (isInputError(e)) {
    ctx.err(inputErrorMessage(e, words));
    return EXIT.usage;
  }
  if (isOkApiError(e) && e.delivery === 'unknown' && e.kind !== 'cancelled') {
    // The request left and the answer was lost: OK may have applied it. Retrying blindly could send it twice.
    const sending = /^send/i.test(e.action ?? '');
    ctx.err(
      sending
        ? 'may have been sent: check the chat before sending again. The request reached the network but its answer was lost or unreadable, so OK may have the message.'
        : 'may have been applied: check the chat before trying again. The request reached the network but its answer was lost or unreadable.',
    );
    ctx.err(`details: ${e.message}`);
    return EXIT.maybeSent;
  }
  if (isOkApiError(e)) {
    ctx.err(apiErrorMessage(e, words));
    // OK's own words are already in the message; the technical detail helps with the rest
    // (not when the cause is known: a TLS dump would only hide the answer).
    const explained = e.baseUrlHint !== undefined || e.connection?.notTls === true || ['auth', 'rate-limit', 'param', 'not-found', 'permission'].includes(e.kind);
    if (!explained) ctx.err(`details: ${e.message}`);
    return e.kind === 'network' || e.kind === 'timeout' ? EXIT.network : EXIT.api;
  }
  ctx.err(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
  return EXIT.api;
}

/**
 * Ends the process once stdout and stderr have taken everything written: every request has its
 * answer by then, the exit closes undici's idle connections, and nothing else must run. Without it
 * Node would still wait for V8's background compilers (and the connections' keep-alive) before exiting.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength === 0 || stream.destroyed) done();
    else stream.write('', done);
  }
}

if (require.main === module) {
  // undici parses HTTP with WebAssembly (llhttp). V8 compiles it with its baseline compiler, then
  // optimises it in the background, and Node waits for that at exit: ~200 ms for a tool that makes
  // one or two requests. The baseline code is fast enough here. Set before undici compiles it
  // (on its first connection).
  setFlagsFromString('--liftoff-only');
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e; // a closed pipe (| head) is not an error
    });
  }
  main(process.argv.slice(2), process.env, processIo(process.cwd()), { exitsAfter: true }).then(
    (code) => exitWhenFlushed(code),
    (e: unknown) => {
      process.stderr.write(`ok-chat: unexpected error: ${redact(String(e), process.env.OK_ACCESS_TOKEN)}\n`);
      exitWhenFlushed(EXIT.api);
    },
  );
}
