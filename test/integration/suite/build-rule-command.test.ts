// "OK Chat: Add Build Notification Rule…" answered as a user answers it (through its prompts), and
// the warning about a rule with a mistake.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, logLine, okConfig, promptShown, readLog, run, runCommand, setUserSetting, useFakeOk, waitFor, workspaceDir } from './extensionSetup';

const count = async (api: Parameters<typeof readLog>[0], pattern: RegExp) => (await readLog(api)).split('\n').filter((l) => pattern.test(l)).length;
const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

describe('Add Build Notification Rule…', function () {
  this.timeout(90_000);
  const ok = useFakeOk();
  const texts = () => ok.server.messages.filter((m) => m.chat_id === CHAT).map((m) => m.text ?? '');
  const tasksFile = () => path.join(workspaceDir(), '.vscode', 'tasks.json');
  let tasksBefore: string | undefined;

  afterEach(async () => {
    await setUserSetting('buildNotifications', undefined);
    if (tasksBefore === undefined) fs.rmSync(tasksFile(), { force: true });
    else fs.writeFileSync(tasksFile(), tasksBefore);
    tasksBefore = undefined;
  });

  it('asks for the chat, a task of the workspace, when and where; the rule it writes posts when that task fails', async () => {
    const { api } = ok;
    // the workspace's default build task, which fails
    const name = `check-${Date.now().toString(36)}`;
    fs.mkdirSync(path.dirname(tasksFile()), { recursive: true });
    tasksBefore = fs.existsSync(tasksFile()) ? fs.readFileSync(tasksFile(), 'utf8') : '';
    const task = { label: name, type: 'shell', command: `echo checking; exit 3`, group: { kind: 'build', isDefault: true }, presentation: { reveal: 'never' }, problemMatcher: [] };
    fs.writeFileSync(tasksFile(), JSON.stringify({ version: '2.0.0', tasks: [task] }, null, 2));
    await waitFor(async () => (await vscode.tasks.fetchTasks()).some((t) => t.name === name), `VS Code to read the task "${name}" from tasks.json`, 30_000);
    await runCommand('okChat.addChat', { chatId: CHAT, title: 'Backend' });
    const inUse = await count(api, /build notifications: 1 rule\(s\) in use/);

    const from = api.promptsShown().length;
    const adding = run('okChat.addBuildNotificationRule'); // as from the palette: no argument
    await promptShown(api, 'Post build results to which chat?', from);
    await accept(); // the only saved chat
    await promptShown(api, 'Post the results of which task or command?', from);
    await accept(); // the default build task comes first
    await promptShown(api, 'When to post?', from);
    await accept(); // when it breaks and when it is fixed
    await promptShown(api, 'Save the rule where?', from);
    await accept(); // the user settings
    const result = await adding;

    const rule = { chat: CHAT, tasks: [name], when: 'change' };
    assert.deepEqual(result, { target: 'user', rule, replaced: false });
    assert.deepEqual(okConfig().inspect('buildNotifications')?.globalValue, [rule], 'the rule is in the user settings');
    await logLine(api, /build notifications: 1 rule\(s\) in use/, 'the watcher reading the new rule', inUse + 1);

    const fetched = (await vscode.tasks.fetchTasks()).find((t) => t.name === name);
    assert.ok(fetched);
    await vscode.tasks.executeTask(fetched);
    const [msg] = await waitFor(() => (texts().length ? texts() : undefined), 'the failure posted to the chat', 20_000);
    assert.match(msg, new RegExp(`^❌ ${name} is broken \\(exit code 3\\)`), msg);
  });

  it('adding a rule for the same task and chat again replaces it; a given answer is not asked', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, tasks: ['build'], when: 'always', template: '{name}' }, { chat: CHAT, taskGroup: 'test' }]);
    const from = ok.api.promptsShown().length;
    const result = await runCommand('okChat.addBuildNotificationRule', { chatId: CHAT, task: 'build', when: 'failure', target: 'user' });
    assert.deepEqual(ok.api.promptsShown().slice(from), [], 'nothing asked');
    assert.equal(result.replaced, true);
    assert.deepEqual(okConfig().inspect('buildNotifications')?.globalValue, [{ chat: CHAT, tasks: ['build'], when: 'failure' }, { chat: CHAT, taskGroup: 'test' }]);
  });

  it('a rule with a mistake is shown to the user once, not again while the mistake stays', async () => {
    const { api } = ok;
    const warned = /build notifications: the user was warned of 1 rule mistake\(s\)/;
    const before = await count(api, warned);
    const inUse = await count(api, /build notifications: 1 rule\(s\) in use/);
    await setUserSetting('buildNotifications', [{ chat: 'general', when: 'failure' }]);
    await logLine(api, warned, 'the warning about the chat id', before + 1);
    // the settings change again (a good rule added), the mistake stays: no second warning
    await setUserSetting('buildNotifications', [{ chat: 'general', when: 'failure' }, { chat: CHAT, when: 'always' }]);
    await logLine(api, /build notifications: 1 rule\(s\) in use/, 'the watcher reading the rules again', inUse + 1);
    assert.equal(await count(api, warned), before + 1, 'the same mistake was shown twice');
    // another mistake is shown
    await setUserSetting('buildNotifications', [{ chat: 'general', when: 'failure' }, { chat: CHAT, when: 'sometimes' }]);
    await logLine(api, warned, 'the warning about "when"', before + 2);
  });
});
