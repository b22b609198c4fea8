import * as vscode from 'vscode';
import { parseChatId, type ChatId } from '../../core/model/ids';
import { formatBuildMessage } from '../../core/notify/buildMessage';
import { buildButtons, buildGitFacts, buildNotificationJob } from '../buildNotifications/buildWatcher';
import type { BuildResult } from '../../core/notify/buildStatus';
import type { BuildRule } from '../../core/notify/buildRules';
import { readRules } from '../platform/settings';
import { resolveChat, stringArg } from './prompts';
import { confirmSent, sendJob, type SendOutcome } from '../outbox/sendThroughOutbox';
import type { Services } from '../services';
import type { Args, Result } from './commandContract';

/** What a rule's sample is called: the task or command it names (without patterns), else "build". */
function sampleName(rule: BuildRule): string | undefined {
  return [...(rule.tasks ?? []), ...(rule.commands ?? [])].find((n) => !/[*?]/.test(n));
}

/**
 * `{ chatId?, status?: 'success' | 'failure' }`: posts a sample build result, formatted with
 * the rule's template, to the chat of each rule (or the given chat), so the rules can be checked
 * without running a build.
 */
export async function sendTestBuildNotification(s: Services, arg?: Args<'okChat.sendTestBuildNotification'>): Promise<Result<'okChat.sendTestBuildNotification'>> {
  const failure = stringArg(arg, 'status') === 'failure';
  const given = stringArg(arg, 'chatId');
  const rules = readRules(s.log);
  let targets: Array<{ chat: ChatId; template?: string; name?: string }>;
  if (given !== undefined) {
    const chat = parseChatId(given);
    const rule = rules.find((r) => r.chat === chat);
    targets = [{ chat, template: rule?.template, name: rule && sampleName(rule) }];
  } else if (rules.length > 0) {
    targets = [...new Map(rules.map((r) => [r.chat, { chat: r.chat, template: r.template, name: sampleName(r) }])).values()];
  } else {
    const { chatId } = await resolveChat(s, arg, vscode.l10n.t('No build notification rules yet. Send a test notification to which chat?'));
    targets = [{ chat: chatId }];
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  const git = await buildGitFacts(folder?.uri);
  const outcomes: SendOutcome[] = [];
  for (const target of targets) {
    const result: BuildResult = { name: target.name ?? 'build', exitCode: failure ? 1 : 0, durationMs: 42_000, workspace: folder?.name ?? vscode.workspace.name, ...git, finishedAt: new Date(), kind: 'task' };
    // the first line says it is a test, whatever the template: in the chat it must not pass for a real result
    const sample = formatBuildMessage(result, { template: target.template, transition: failure ? 'broken' : undefined, locale: vscode.env.language });
    const text = `${vscode.l10n.t('🧪 Test notification from OK Chat — not a real build')}\n${sample}`;
    const job = buildNotificationJob(s, target.chat, text, buildButtons(result, failure ? 'failure' : 'success'));
    const outcome = await sendJob(s, job);
    confirmSent(job);
    outcomes.push(outcome);
    void vscode.commands.executeCommand('setContext', 'okChat.sentBuildNotification', true);
  }
  return outcomes;
}
