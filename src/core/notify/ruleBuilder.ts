/**
 * A build notification rule made from answers ("Add Build Notification Rule…"), written as the
 * `okChat.buildNotifications` setting holds it, and the setting's list with it added.
 */
import * as l10n from '@vscode/l10n';
import { InputError, parseChatId } from '../model/ids';
import { parseRules } from './buildRules';
import type { NotifyWhen } from './buildStatus';

/** What the rule watches: one task by name (or pattern), a task group, or terminal command lines (a pattern). */
export type RuleWatch = { kind: 'task'; name: string } | { kind: 'group'; group: string } | { kind: 'command'; pattern: string };

export interface RuleAnswers {
  chat: string;
  watch: RuleWatch;
  when: NotifyWhen;
}

/** A rule as the setting holds it (JSON). */
export interface RawRule {
  chat: string;
  tasks?: string[];
  taskGroup?: string;
  commands?: string[];
  when: NotifyWhen;
  outputLines?: number;
}

/** How many last lines of a terminal command's output a new command rule posts with a failure. */
export const NEW_RULE_OUTPUT_LINES = 20;

/** The rule for the answers, checked by the same parser the watcher uses (a rule it writes is never one it would drop). */
export function buildRule(answers: RuleAnswers): RawRule {
  const chat = parseChatId(answers.chat);
  const w = answers.watch;
  const value = (w.kind === 'task' ? w.name : w.kind === 'group' ? w.group : w.pattern).trim();
  if (!value) {
    throw new InputError(w.kind === 'command' ? l10n.t('Enter the command line to watch, for example npm run build*.') : l10n.t('Enter a task name, for example build.'), 'watch', 'empty');
  }
  const rule: RawRule =
    w.kind === 'task'
      ? { chat, tasks: [value], when: answers.when }
      : w.kind === 'group'
        ? { chat, taskGroup: value, when: answers.when }
        : { chat, commands: [value], when: answers.when, outputLines: NEW_RULE_OUTPUT_LINES };
  const { problems } = parseRules([rule]);
  if (problems.length > 0) throw new InputError(problems.join('\n'), 'rule');
  return rule;
}

/** Two rules that post the same builds to the same chat. */
function sameTarget(a: unknown, b: RawRule): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const r = a as Record<string, unknown>;
  const key = (x: Record<string, unknown>) => JSON.stringify([x.tasks ?? null, x.taskGroup ?? null, x.commands ?? null]);
  let chat: string | undefined;
  try {
    chat = parseChatId(typeof r.chat === 'string' ? r.chat : '');
  } catch {
    return false;
  }
  return chat === b.chat && key(r) === key(b as unknown as Record<string, unknown>);
}

/**
 * The setting's new list: the rules already there (kept as written, even those with mistakes),
 * with `rule` added, or in place of the rule that watched the same builds for the same chat.
 * A setting that is not a list is not overwritten: that throws.
 */
export function withRule(existing: unknown, rule: RawRule): { rules: unknown[]; replaced: boolean } {
  if (existing !== undefined && existing !== null && !Array.isArray(existing)) {
    throw new InputError(l10n.t('okChat.buildNotifications is not a list of rules: fix it in the settings first.'), 'rule');
  }
  const list = [...((existing as unknown[] | undefined) ?? [])];
  const at = list.findIndex((r) => sameTarget(r, rule));
  if (at >= 0) list[at] = rule;
  else list.push(rule);
  return { rules: list, replaced: at >= 0 };
}
