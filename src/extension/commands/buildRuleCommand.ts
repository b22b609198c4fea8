import * as vscode from 'vscode';
import { isNotifyWhen, type NotifyWhen } from '../../core/notify/buildStatus';
import { buildRule, withRule, type RawRule, type RuleWatch } from '../../core/notify/ruleBuilder';
import { chatLabel } from '../savedChats/savedChat';
import { Cancelled } from './commandErrors';
import { ask, pick, resolveChat, stringArg } from './prompts';
import type { Services } from '../services';
import type { Args, Result } from './commandContract';

type Target = 'user' | 'workspace';

interface WatchItem extends vscode.QuickPickItem {
  watch?: RuleWatch;
  ask?: 'task' | 'command';
}

/** The workspace's tasks, the default build task first, then the other build tasks, then the rest, by name. */
async function taskItems(): Promise<WatchItem[]> {
  const tasks = await Promise.resolve(vscode.tasks.fetchTasks()).catch(() => [] as vscode.Task[]);
  const rank = (t: vscode.Task) => (t.group?.id === vscode.TaskGroup.Build.id ? (t.group.isDefault ? 0 : 1) : 2);
  const seen = new Set<string>();
  return [...tasks]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .filter((t) => !seen.has(t.name) && seen.add(t.name))
    .map((t) => ({
      label: t.name,
      description: t.source,
      detail: rank(t) === 0 ? vscode.l10n.t('Default build task') : rank(t) === 1 ? vscode.l10n.t('Build task') : undefined,
      watch: { kind: 'task', name: t.name },
    }));
}

async function askWatch(s: Services): Promise<RuleWatch> {
  const tasks = await taskItems();
  const items: WatchItem[] = [
    ...(tasks.length ? [{ label: vscode.l10n.t('Tasks'), kind: vscode.QuickPickItemKind.Separator }, ...tasks] : []),
    { label: vscode.l10n.t('Other'), kind: vscode.QuickPickItemKind.Separator },
    { label: `$(tools) ${vscode.l10n.t('Every task of the Build group')}`, detail: vscode.l10n.t('What Run Build Task (Ctrl+Shift+B) runs, and every other build task'), watch: { kind: 'group', group: 'build' } },
    { label: `$(edit) ${vscode.l10n.t('Type a task name or pattern…')}`, ask: 'task' },
    { label: `$(terminal) ${vscode.l10n.t('A command typed in the terminal…')}`, detail: vscode.l10n.t('Its last lines of output go with a failure (needs shell integration)'), ask: 'command' },
  ];
  const picked = await pick(s, items, { title: vscode.l10n.t('Post the results of which task or command?'), placeHolder: vscode.l10n.t('Pick a task, or type to filter'), matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  if (picked.watch) return picked.watch;
  if (picked.ask === 'task') {
    const name = await ask(s, { title: vscode.l10n.t('Task name or pattern'), prompt: vscode.l10n.t('A task name as the task list shows it; * and ? match any text'), placeHolder: vscode.l10n.t('build, npm: test*'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a task name, for example build.')) });
    return { kind: 'task', name: name.trim() };
  }
  const pattern = await ask(s, { title: vscode.l10n.t('Terminal command to watch'), prompt: vscode.l10n.t('The command line as typed; * matches any text'), placeHolder: vscode.l10n.t('npm run build*'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the command line to watch, for example npm run build*.')) });
  return { kind: 'command', pattern: pattern.trim() };
}

function whenText(when: NotifyWhen): string {
  switch (when) {
    case 'always':
      return vscode.l10n.t('Every result');
    case 'failure':
      return vscode.l10n.t('Failures');
    case 'success':
      return vscode.l10n.t('Successes');
    default:
      return vscode.l10n.t('Breaks and fixes');
  }
}

async function askWhen(s: Services): Promise<NotifyWhen> {
  const items: Array<vscode.QuickPickItem & { when: NotifyWhen }> = [
    { when: 'change', label: whenText('change'), detail: vscode.l10n.t('When it starts failing, and when it passes again (recommended: no message while nothing changes)') },
    { when: 'failure', label: whenText('failure'), detail: vscode.l10n.t('Every time it fails') },
    { when: 'always', label: whenText('always'), detail: vscode.l10n.t('Every time it ends, passed or failed') },
  ];
  const picked = await pick(s, items, { title: vscode.l10n.t('When to post?'), ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.when;
}

/** Where the rule goes: the user's settings, or (in a trusted workspace, with the user's consent to workspace rules) the workspace's. */
async function askTarget(s: Services): Promise<Target> {
  if (!vscode.workspace.workspaceFolders?.length || !vscode.workspace.isTrusted) return 'user';
  const items: Array<vscode.QuickPickItem & { target: Target }> = [
    { target: 'user', label: vscode.l10n.t('User settings'), detail: vscode.l10n.t('Only you post: in this and every other workspace') },
    { target: 'workspace', label: vscode.l10n.t('Workspace settings'), detail: vscode.l10n.t('In .vscode/settings.json, shared with the team; used only by those who allow workspace build rules') },
  ];
  const picked = await pick(s, items, { title: vscode.l10n.t('Save the rule where?'), ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  if (picked.target === 'user') return 'user';
  const config = vscode.workspace.getConfiguration('okChat');
  if (config.inspect<boolean>('allowWorkspaceBuildRules')?.globalValue === true) return 'workspace';
  // the user's consent, as the setting asks it: a cloned repository must not post on its own
  const allow = vscode.l10n.t('Allow Workspace Rules and Save');
  const user = vscode.l10n.t('Save in User Settings');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Rules in workspace settings are used only when you allow them'),
    { modal: true, detail: vscode.l10n.t('"Allow Workspace Build Rules" in your user settings lets the build rules of every trusted workspace post to chats, also those of repositories you clone. Allow it, or keep this rule in your user settings.') },
    allow,
    user,
  );
  if (choice === allow) {
    await config.update('allowWorkspaceBuildRules', true, vscode.ConfigurationTarget.Global);
    return 'workspace';
  }
  if (choice === user) return 'user';
  throw new Cancelled();
}

function whenPhrase(when: NotifyWhen): string {
  switch (when) {
    case 'always':
      return vscode.l10n.t('every time it ends');
    case 'failure':
      return vscode.l10n.t('when it fails');
    case 'success':
      return vscode.l10n.t('when it succeeds');
    default:
      return vscode.l10n.t('when it breaks and when it is fixed');
  }
}

function describeWatch(w: RuleWatch): string {
  if (w.kind === 'group') return vscode.l10n.t('the build tasks');
  if (w.kind === 'task') return vscode.l10n.t('the task "{0}"', w.name);
  return vscode.l10n.t('the terminal command "{0}"', w.pattern);
}

function stringWhen(arg: unknown): NotifyWhen | undefined {
  const v = stringArg(arg, 'when');
  return v !== undefined && isNotifyWhen(v) ? v : undefined;
}

/**
 * "Add Build Notification Rule…": the chat, the task or command, when to post and where to save
 * it; writes a rule the watcher accepts into okChat.buildNotifications. Arguments skip the
 * questions they answer: `{ chatId?, task?, command?, when?, target? }`.
 */
export async function addBuildNotificationRule(s: Services, arg?: Args<'okChat.addBuildNotificationRule'>): Promise<Result<'okChat.addBuildNotificationRule'>> {
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Post build results to which chat?'));
  const task = stringArg(arg, 'task');
  const command = stringArg(arg, 'command');
  const watch: RuleWatch = task !== undefined ? { kind: 'task', name: task } : command !== undefined ? { kind: 'command', pattern: command } : await askWatch(s);
  const when = stringWhen(arg) ?? (await askWhen(s));
  const rule: RawRule = buildRule({ chat: chatId, watch, when });
  const givenTarget = stringArg(arg, 'target');
  const target: Target = givenTarget === 'user' || givenTarget === 'workspace' ? givenTarget : await askTarget(s);
  const config = vscode.workspace.getConfiguration('okChat');
  const inspected = config.inspect<unknown>('buildNotifications');
  const { rules, replaced } = withRule(target === 'user' ? inspected?.globalValue : inspected?.workspaceValue, rule);
  await config.update('buildNotifications', rules, target === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace);
  s.log.info(`build notifications: rule ${replaced ? 'replaced' : 'added'} in the ${target} settings: ${JSON.stringify(rule)}`);

  const saved = s.chats.get(chatId);
  const chat = saved ? chatLabel(saved) : title ?? chatId;
  const where = target === 'user' ? vscode.l10n.t('your user settings') : vscode.l10n.t('the workspace settings');
  let message = vscode.l10n.t('Build notifications on: {0} → {1}, {2}. Saved in {3}.', describeWatch(watch), chat, whenPhrase(when), where);
  if (!vscode.workspace.isTrusted) message += ` ${vscode.l10n.t('Nothing is posted while this workspace is in Restricted Mode.')}`;
  const open = vscode.l10n.t('Open Settings');
  const test = vscode.l10n.t('Send Test Notification');
  void vscode.window.showInformationMessage(message, open, test).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand(target === 'user' ? 'workbench.action.openSettingsJson' : 'workbench.action.openWorkspaceSettingsFile', { revealSetting: { key: 'okChat.buildNotifications' } });
    else if (choice === test) void vscode.commands.executeCommand('okChat.sendTestBuildNotification', { chatId });
  });
  return { target, rule, replaced };
}
