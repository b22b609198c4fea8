/** The options of each command, and turning the command line into checked values. */
import { parseChatId, parseDuration, statusOf, type BuildStatus, type ChatId } from '../core';
import { suggest } from './errorMessages';
import { UsageError } from './exitCodes';

export type OptionTable = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>;

export const SEND_OPTIONS = {
  chat: { type: 'string', short: 'c' },
  text: { type: 'string', short: 't' },
  'max-length': { type: 'string' },
  timeout: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

export const NOTIFY_OPTIONS = {
  chat: { type: 'string', short: 'c' },
  status: { type: 'string', short: 's' },
  name: { type: 'string', short: 'n' },
  duration: { type: 'string' },
  workspace: { type: 'string' },
  branch: { type: 'string' },
  'run-url': { type: 'string' },
  commit: { type: 'string' },
  'commit-url': { type: 'string' },
  author: { type: 'string' },
  pr: { type: 'string' },
  template: { type: 'string' },
  when: { type: 'string' },
  'state-file': { type: 'string' },
  'output-file': { type: 'string' },
  'output-lines': { type: 'string' },
  junit: { type: 'string', multiple: true },
  'max-length': { type: 'string' },
  'no-buttons': { type: 'boolean' },
  'run-key': { type: 'string' },
  'message-id': { type: 'string' },
  timeout: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

export const CHATS_OPTIONS = { json: { type: 'boolean' }, timeout: { type: 'string' } } as const;

export const READ_OPTIONS = {
  chat: { type: 'string', short: 'c' },
  count: { type: 'string', short: 'n' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

export const OPTIONS: Readonly<Record<string, OptionTable>> = { send: SEND_OPTIONS, notify: NOTIFY_OPTIONS, chats: CHATS_OPTIONS, read: READ_OPTIONS };

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
    case 'timeout':
      return ', e.g. --timeout 90s';
    default:
      return '';
  }
}

/** "unknown option", with the option the user probably meant, or the commands that have it. */
function unknownOption(command: string, option: string, options: OptionTable): UsageError {
  const own = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  const others = Object.keys(OPTIONS).filter((c) => c !== command && Object.hasOwn(OPTIONS[c], option.replace(/^--/, '')));
  if (option.startsWith('--') && others.length > 0) {
    const names = others.map((c) => `'ok-chat ${c}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return new UsageError(`'ok-chat ${command}' has no ${option} option (${list} ${others.length === 1 ? 'has' : 'have'} it).`);
  }
  const guess = option.startsWith('--') ? suggest(option, [...own.filter((o) => o.startsWith('--')), '--help']) : undefined;
  return new UsageError(`unknown option '${option}'.${guess ? ` Did you mean ${guess}?` : ''}`);
}

export function parseCount(value: string | undefined, option: string, min: number, max: number): number | undefined {
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
  started: 'started',
};

/** `--status`: an exit code or a word (GitHub's job.status and GitLab's CI_JOB_STATUS values work as they are). */
export function parseStatus(value: string): { status: BuildStatus; exitCode?: number } {
  const raw = value.trim().toLowerCase();
  if (/^-?\d{1,10}$/.test(raw)) {
    const exitCode = Number(raw);
    return { status: statusOf(exitCode), exitCode };
  }
  const status = STATUS_WORDS[raw];
  if (!status) throw new UsageError(`--status must be an exit code or one of success, failure, cancelled, started, not "${value}".`);
  return { status };
}

/** `--duration`: how long the run took; a negative time is a mistake, not a duration. */
export function durationOption(value: string): number {
  if (/^\s*-/.test(value)) throw new UsageError(`--duration cannot be negative ("${value}"): give how long the run took, e.g. --duration 93s.`);
  return parseDuration(value);
}

export function chatOption(value: string | undefined): ChatId {
  if (value === undefined || value.trim() === '') throw new UsageError('--chat is required, e.g. --chat chat:C3ecb9d02a600.');
  return parseChatId(value);
}

/** What parseArgs still refuses after {@link normalizeArgs}: mostly a stray positional argument. */
export function parseArgsMessage(e: unknown): string | undefined {
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
