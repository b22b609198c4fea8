import * as l10n from '@vscode/l10n';
import { parseChatId, type ChatId } from '../model/ids';
import { describeUnknownTemplateVariables } from './buildMessage';
import { NOTIFY_WHEN, type NotifyWhen } from './buildStatus';

/** One entry of the `okChat.buildNotifications` setting, validated. */
export interface BuildRule {
  /** Where to post. */
  chat: ChatId;
  /** Task names or glob patterns (`*`, `?`); a task matches when any of them matches. */
  tasks?: string[];
  /** Task group to match (`build`, `test`, …). */
  taskGroup?: string;
  /** Terminal command lines (glob patterns) to watch; terminal commands are ignored without it. */
  commands?: string[];
  /** Every time, only failures, only successes, or only broken/fixed transitions. */
  when: NotifyWhen;
  /** Message template; the default one when missing. */
  template?: string;
  /** For failures: how many last lines of terminal output to add (0 = none). */
  outputLines: number;
  /** When the build breaks, HEAD's author (in .ok-chat/people.json) also gets the message directly. */
  dmAuthor?: boolean;
  /** A task still running after this many seconds posts "started", which its result then edits; off when missing. */
  startedAfterSeconds?: number;
}

/** The longest `startedAfterSeconds` (a day). */
export const MAX_STARTED_AFTER_SECONDS = 86_400;

export interface BuildEvent {
  kind: 'task' | 'command';
  /** Task name, or the command line for terminal commands. */
  name: string;
  /** Task group id for tasks (`build`, `test`, …). */
  group?: string;
}

/** `*` any run of characters, `?` one character; everything else literal; case-insensitive; whole string. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const out = list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return out.length ? out : undefined;
}

/** Validates the raw setting. Bad entries are dropped with a reason, so one typo does not silence every rule. */
export function parseRules(raw: unknown): { rules: BuildRule[]; problems: string[] } {
  const rules: BuildRule[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (!Array.isArray(raw)) return { rules, problems: [l10n.t('okChat.buildNotifications must be a list of rules: [ { "chat": "chat:C…", "when": "failure" } ]')] };
  raw.forEach((entry: unknown, i) => {
    const where = `okChat.buildNotifications[${i}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(l10n.t('{0}: a rule must be an object like { "chat": "chat:C…", "when": "failure" }', where));
      return;
    }
    const e = entry as Record<string, unknown>;
    let chat: ChatId;
    try {
      chat = parseChatId(typeof e.chat === 'string' ? e.chat : '');
    } catch (err) {
      problems.push(`${where}.chat: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const when = (e.when ?? 'change') as NotifyWhen;
    if (!NOTIFY_WHEN.includes(when)) {
      problems.push(l10n.t('{0}.when: "{1}" is not one of {2}', where, String(e.when), NOTIFY_WHEN.join(', ')));
      return;
    }
    const outputLines = e.outputLines === undefined ? 0 : Number(e.outputLines);
    if (!Number.isInteger(outputLines) || outputLines < 0 || outputLines > 200) {
      problems.push(l10n.t('{0}.outputLines: expected a whole number from 0 to 200', where));
      return;
    }
    const startedAfterSeconds = e.startedAfterSeconds === undefined || e.startedAfterSeconds === 0 ? undefined : Number(e.startedAfterSeconds);
    if (startedAfterSeconds !== undefined && !(typeof e.startedAfterSeconds === 'number' && Number.isInteger(startedAfterSeconds) && startedAfterSeconds > 0 && startedAfterSeconds <= MAX_STARTED_AFTER_SECONDS)) {
      problems.push(l10n.t('{0}.startedAfterSeconds: expected a whole number of seconds from 1 to {1} (0 or none: off)', where, MAX_STARTED_AFTER_SECONDS));
      return;
    }
    const tasks = strings(e.tasks);
    const commands = strings(e.commands);
    const taskGroup = typeof e.taskGroup === 'string' && e.taskGroup.trim() ? e.taskGroup.trim() : undefined;
    const unknownVariables = typeof e.template === 'string' ? describeUnknownTemplateVariables(e.template) : undefined;
    if (unknownVariables) problems.push(`${where}.template: ${unknownVariables}`); // a warning: the rule still applies
    rules.push({
      chat,
      tasks,
      commands,
      // A rule that names nothing to watch watches the tasks of the "build" group.
      taskGroup: taskGroup ?? (tasks || commands ? undefined : 'build'),
      when,
      template: typeof e.template === 'string' && e.template.trim() ? e.template : undefined,
      outputLines,
      ...(e.dmAuthor === true ? { dmAuthor: true } : {}),
      ...(startedAfterSeconds ? { startedAfterSeconds } : {}),
    });
  });
  return { rules, problems };
}

export function ruleMatches(rule: BuildRule, event: BuildEvent): boolean {
  if (event.kind === 'command') {
    return (rule.commands ?? []).some((p) => globToRegExp(p).test(event.name.trim()));
  }
  if (!rule.tasks && !rule.taskGroup) return false;
  if (rule.taskGroup && rule.taskGroup.toLowerCase() !== (event.group ?? '').toLowerCase()) return false;
  if (rule.tasks && !rule.tasks.some((p) => globToRegExp(p).test(event.name))) return false;
  return true;
}
