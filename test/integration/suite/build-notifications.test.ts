import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { buildDecided, CHAT, CHAT2, describeRequests, escapeRegExp, logLine, okConfig, readLog, rejection, reportBuildEnd, runCommand, runTask, setUserSetting, sleep, useFakeOk, waitFor, workspaceDir } from './extensionSetup';

const IGNORED = /build notifications: 1 rule\(s\) in the workspace settings ignored \(okChat\.allowWorkspaceBuildRules is not on/;

let unique = 0;
const taskName = (what: string) => `${what}-${Date.now().toString(36)}-${unique++}`;

/**
 * Runs a build task that goes on until `finish()` (so it outlives its startedAfterSeconds), and
 * waits for its "started" message in CHAT.
 */
async function startedTask(ok: ReturnType<typeof useFakeOk>, name: string, exitCode: number) {
  const flag = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ok-chat-task-')), 'done');
  const task = runTask(name, exitCode, vscode.TaskGroup.Build, { command: `while [ ! -f '${flag}' ]; do sleep 0.05; done` });
  const started = await waitFor(() => ok.server.messages.find((m) => m.chat_id === CHAT), 'the "started" message', 15_000);
  const finish = async () => {
    fs.writeFileSync(flag, '');
    await task;
  };
  return { started, finish };
}

describe('build notifications (trusted workspace)', function () {
  this.timeout(60000);
  const ok = useFakeOk();
  const texts = (chat: string = CHAT) => ok.server.messages.filter((m) => m.chat_id === chat).map((m) => m.text ?? '');
  /** The chat's texts, once it has at least `count`. */
  const textsOnce = (count: number, what: string, ms = 8000) => waitFor(() => (texts().length >= count ? texts() : undefined), what, ms);

  // results go out 150 ms after a build instead of 1.5 s, except where a test is about the wait
  beforeEach(() => ok.api.setBuildDebounce(150));
  afterEach(async () => {
    ok.api.setBuildDebounce(undefined);
    await setUserSetting('buildNotifications', undefined);
    await setUserSetting('allowWorkspaceBuildRules', undefined);
  });

  it('posts failures and successes of build tasks under "always", with name, exit code, duration and workspace', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    const name = taskName('compile');
    await runTask(name, 1);
    const [failure] = await textsOnce(1, 'the failure message');
    assert.match(failure, /❌/);
    assert.ok(failure.includes(name), failure);
    assert.match(failure, /exit code 1/);
    assert.ok(failure.includes(path.basename(workspaceDir())), `the workspace name is missing: ${failure}`);
    assert.match(failure, /\d+(\.\d+)? (ms|s)/, 'a duration');
    await runTask(name, 0);
    const all = await textsOnce(2, 'the success message');
    // A success right after a failure is reported as the fix.
    assert.match(all[1], /^🔧 .+ is fixed/);
    assert.ok(all[1].includes(name) && !/exit code 1/.test(all[1]), all[1]);
    const body = JSON.parse(ok.server.requestsTo('POST', `/me/messages/${CHAT}`)[0].rawBody) as { recipient: unknown; message: { text: string } };
    assert.deepEqual(body.recipient, { chat_id: CHAT });
  });

  it('under "failure" posts only failures', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure' }]);
    const name = taskName('lint');
    await runTask(name, 0);
    assert.match(await buildDecided(ok.api, name), /: 0 notification\(s\) queued$/, describeRequests(ok.server.requests));
    await runTask(name, 2);
    const [msg] = await textsOnce(1, 'the failure message');
    assert.match(msg, /exit code 2/);
  });

  it('under "change" posts only when the build breaks and when it is fixed', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'change', tasks: ['ci-*'] }]);
    const name = taskName('ci');
    await runTask(name, 0); // first success: nothing to compare with
    await runTask(name, 1); // broken
    await waitFor(() => texts().length === 1, 'the "broken" message', 8000);
    await runTask(name, 1); // still failing
    await runTask(name, 0); // fixed
    await waitFor(() => texts().length === 2, 'the "fixed" message', 8000);
    await runTask(name, 0); // still passing
    assert.match(await buildDecided(ok.api, name, 5), /: 0 notification\(s\) queued$/);
    const all = texts();
    assert.equal(all.length, 2, all.join('\n---\n'));
    assert.match(all[0], /broken/i);
    assert.match(all[1], /fixed/i);
  });

  it('posts commands typed in a terminal (shell integration), with the last lines of output, secrets masked', async function () {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', commands: ['sh -c *'], outputLines: 3 }]);
    const terminal = vscode.window.createTerminal({ name: 'ok-chat-test', shellPath: '/bin/bash', cwd: workspaceDir() });
    try {
      const integration =
        terminal.shellIntegration ??
        (await Promise.race([
          new Promise<vscode.TerminalShellIntegration>((resolve) => {
            const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
              if (e.terminal === terminal) {
                sub.dispose();
                resolve(e.shellIntegration);
              }
            });
          }),
          sleep(10000).then(() => undefined),
        ]));
      if (!integration) {
        console.log('      (shell integration is not available in this terminal: skipped)');
        this.skip();
      }
      // Like a real build, it takes a moment before printing (the output stream is read from the start event).
      integration.executeCommand(`sh -c 'sleep 1; echo step one; echo password=hunter2; echo fatal: broke; exit 3' # PASSWORD=s3cr3t`);
      const [msg] = await textsOnce(1, 'the terminal command message', 15000);
      assert.match(msg, /❌/);
      assert.match(msg, /exit code 3/);
      assert.match(msg, /\n\n(.*\n)*fatal: broke$/, `the output's last lines follow the summary: ${msg}`);
      assert.match(msg, /password=\*\*\*/);
      assert.ok(!msg.includes('hunter2') && !msg.includes('s3cr3t'), `a secret leaked: ${msg}`);
    } finally {
      terminal.dispose();
    }
  });

  it('sends for a build fed to the watcher directly (the control for the Restricted Mode test)', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    reportBuildEnd(ok.api)({ kind: 'task', name: 'build', group: 'build', exitCode: 1, durationMs: 1000 });
    await waitFor(() => texts().length === 1, 'the message', 8000);
  });

  it('hides the token it knows from the output, also its secret half alone, base64- and hex-encoded', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', outputLines: 5 }]);
    const token = ok.server.token;
    const half = token.slice(token.indexOf(':') + 1);
    const output = [`echo ${half}`, `data ${Buffer.from(`bot:${token}`).toString('base64')}`, `hex ${Buffer.from(token).toString('hex')}`, 'fatal: broke'].join('\n');
    reportBuildEnd(ok.api)({ kind: 'task', name: 'build', group: 'build', exitCode: 1, durationMs: 1000, output });
    const [msg] = await textsOnce(1, 'the failure message');
    assert.match(msg, /\n\nLast 4 lines of output:\necho \*\*\*\ndata .*\*\*\*.*\nhex \*\*\*\nfatal: broke$/, msg);
    assert.ok(!msg.includes(half) && !msg.includes(Buffer.from(token).toString('hex')), msg);
  });

  it('shows the output\'s paths relative to the workspace, the home folder as ~', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', outputLines: 5 }]);
    const output = [`Error: boom`, `    at main (${workspaceDir()}/src/a.js:1:2)`, `see ${os.homedir()}/.npm/_logs/debug.log`].join('\n');
    reportBuildEnd(ok.api)({ kind: 'task', name: 'build', group: 'build', exitCode: 1, durationMs: 1000, output });
    const [msg] = await textsOnce(1, 'the failure message');
    assert.match(msg, /\n\nLast 3 lines of output:\nError: boom\n {4}at main \(src\/a\.js:1:2\)\nsee ~\/\.npm\/_logs\/debug\.log$/, msg);
  });

  it('ignores tasks the rules do not name', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]); // build group only
    const name = taskName('unit-tests');
    await runTask(name, 1, vscode.TaskGroup.Test);
    assert.match(await buildDecided(ok.api, name), /: 0 notification\(s\) queued$/);
    assert.deepEqual(texts(), []);
  });

  it('debounces a burst: builds ending together become one message per chat', async () => {
    ok.api.setBuildDebounce(undefined);
    await setUserSetting('buildNotifications', [
      { chat: CHAT, when: 'always' },
      { chat: CHAT2, when: 'failure' },
    ]);
    const a = taskName('frontend');
    const b = taskName('backend');
    await Promise.all([runTask(a, 1), runTask(b, 0)]);
    // both decided (a: a message to each chat; b: to CHAT only), then both chats' messages sent:
    // nothing is left waiting to be sent
    assert.match(await buildDecided(ok.api, a), /: 2 notification\(s\) queued$/);
    assert.match(await buildDecided(ok.api, b), /: 1 notification\(s\) queued$/);
    await waitFor(() => texts().length >= 1 && texts(CHAT2).length >= 1, 'the combined messages', 8000);
    const [combined] = texts();
    assert.equal(texts().length, 1, 'one message for both builds');
    assert.ok(combined.includes(a) && combined.includes(b), combined);
    assert.equal(texts(CHAT2).length, 1);
    assert.ok(texts(CHAT2)[0].includes(a) && !texts(CHAT2)[0].includes(b), 'the second chat only wants failures');
  });

  it('a notification that cannot be sent is queued in the outbox, not lost, and a retry delivers it once', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    ok.server.injectFault({ kind: 'status', status: 500 }, { method: 'POST' });
    const name = taskName('package');
    await runTask(name, 1);
    const [queued] = await waitFor(() => (ok.api.outboxItems().length ? ok.api.outboxItems() : undefined), 'the outbox entry', 8000);
    assert.equal(queued.source, 'build');
    assert.ok(queued.parts.join('').includes(name));
    assert.equal(ok.server.messages.length, 0);
    await runCommand('okChat.retrySend', { id: queued.id, confirmed: true });
    assert.equal(texts().filter((t) => t.includes(name)).length, 1);
    assert.deepEqual(ok.api.outboxItems(), []);
  });

  it('a build result waiting for the debounce is already stored: a stop of the extension host leaves it in the Outbox as not sent', async () => {
    ok.api.setBuildDebounce(undefined);
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    const name = taskName('deploy');
    reportBuildEnd(ok.api)({ kind: 'task', name, group: 'build', exitCode: 1, durationMs: 1000 });
    const [held] = await waitFor(() => {
      const r = ok.api.outboxRecords().filter((i) => i.parts.join('').includes(name));
      return r.length ? r : undefined;
    }, 'the stored record', 1000);
    assert.equal(held.state, 'waiting', 'stored before the debounce ends');
    assert.deepEqual(ok.api.outboxItems(), [], 'not listed as unsent while it waits');
    assert.equal(await ok.api.restartOutbox(), 1, 'found after the stop');
    const [item] = ok.api.outboxItems();
    assert.ok(item?.parts.join('').includes(name));
    assert.equal(item.delivery, 'not-sent', 'nothing was requested: not sent, safe to retry');
    // the stopped run's debounce ends and it finds the message no longer its own
    await logLine(ok.api, new RegExp(`build notification ${item.id} to \\S+ not sent by this run`), 'the stopped run\'s debounce');
    assert.equal(ok.server.messages.length, 0, 'the stopped run sends nothing');
    await runCommand('okChat.retrySend', { id: item.id });
    assert.equal(texts().filter((t) => t.includes(name)).length, 1);
  });

  it('ignores rules from workspace settings unless the user opted in', async () => {
    const dir = path.join(workspaceDir(), '.vscode');
    const file = path.join(dir, 'settings.json');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    fs.mkdirSync(dir, { recursive: true });
    const ignoredBefore = (await readLog(ok.api)).split('\n').filter((l) => IGNORED.test(l)).length;
    const settings = before ? (JSON.parse(before) as Record<string, unknown>) : {};
    fs.writeFileSync(file, JSON.stringify({ ...settings, 'okChat.buildNotifications': [{ chat: CHAT, when: 'always' }] }, null, 2));
    try {
      await waitFor(() => (okConfig().inspect<unknown[]>('buildNotifications')?.workspaceValue?.length ?? 0) > 0, 'VS Code to read the workspace rule', 8000);
      // the watcher read the rules and left the workspace's out: no rule, nothing listens for builds
      await logLine(ok.api, IGNORED, 'the workspace rule ignored', ignoredBefore + 1);
      const name = taskName('workspace-rule');
      await runTask(name, 1);
      assert.deepEqual(texts(), [], 'a workspace rule was honoured without the user opting in');
      await setUserSetting('allowWorkspaceBuildRules', true);
      await runTask(name, 1);
      await waitFor(() => texts().length === 1, 'the message once the user opted in', 8000);
    } finally {
      if (before === undefined) fs.rmSync(file);
      else fs.writeFileSync(file, before);
    }
  });

  it('"Send Test Build Notification" posts a sample with the rule template', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, template: '{icon} [{name}] {statusText} code={exitCode}' }]);
    await runCommand('okChat.sendTestBuildNotification', { status: 'failure' });
    const [banner, ...sample] = texts()[0].split('\n');
    assert.equal(banner, '🧪 Test notification from OK Chat — not a real build', 'the first line says it is a test');
    assert.match(sample.join('\n'), /^❌ \[build\] failed code=1$/);
    await runCommand('okChat.sendTestBuildNotification', { chatId: CHAT2 });
    assert.match(texts(CHAT2)[0], /^🧪 .+\n✅ build succeeded/);
  });

  it('a task still running after startedAfterSeconds posts "started", and its failure edits that message', async () => {
    ok.api.setBuildSecond(10); // a rule's second lasts 10 ms here
    try {
      await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', startedAfterSeconds: 5 }]);
      const name = taskName('deploy');
      // the task runs until the test has seen its "started" message
      const { started, finish } = await startedTask(ok, name, 4);
      assert.match(started.text ?? '', new RegExp(`^⏳ ${name} started · ${path.basename(workspaceDir())}`));
      await finish();
      await logLine(ok.api, new RegExp(`edited the started message ${escapeRegExp(started.message_id)}`), 'the edit');
      const messages = ok.server.messages.filter((m) => m.chat_id === CHAT);
      assert.equal(messages.length, 1, 'one message, edited');
      assert.equal(messages[0].edited, true);
      assert.match(messages[0].text ?? '', new RegExp(`^❌ ${name} (failed|is broken) \\(exit code 4\\)`));
      assert.equal(ok.server.requestsTo('POST', `/${started.message_id}/edit`).length, 1);
      assert.deepEqual(ok.api.outboxItems(), [], 'nothing left in the Outbox');
      assert.deepEqual(ok.api.buildWatch(), { startedRuns: 0, diagnosticsListening: false }, 'no timer nor listener left');
    } finally {
      ok.api.setBuildSecond(undefined);
    }
  });

  it('a task that ends before startedAfterSeconds posts no "started", only its result', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', startedAfterSeconds: 600 }]);
    const name = taskName('quick');
    await runTask(name, 1);
    // decided once the task's diagnostics settled
    assert.match(await buildDecided(ok.api, name), /: 1 notification\(s\) queued$/);
    assert.deepEqual(ok.api.buildWatch(), { startedRuns: 0, diagnosticsListening: false }, 'the timer was cancelled at the end, the diagnostics no longer listened to');
    const [msg] = await textsOnce(1, 'the failure message');
    assert.match(msg, /^❌/);
    assert.equal(texts().length, 1);
    assert.ok(!ok.server.requests.some((r) => r.path.endsWith('/edit')), 'nothing edited');
  });

  it('rejects a test notification to a malformed chat id', async () => {
    const e = await rejection(runCommand('okChat.sendTestBuildNotification', { chatId: 'general' }));
    assert.match(e.message, /not an OK chat id/);
  });
});

describe('build notifications where OK refuses edits (the "recorded" dialect)', function () {
  this.timeout(60000);
  const ok = useFakeOk({ dialect: 'recorded' });

  it('the result of a task that posted "started" answers it (a reply), once', async () => {
    ok.api.setBuildDebounce(150);
    ok.api.setBuildSecond(10);
    try {
      await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always', startedAfterSeconds: 5 }]);
      const name = taskName('release');
      const { started, finish } = await startedTask(ok, name, 0);
      await finish();
      await logLine(ok.api, new RegExp(`a reply to the started message ${escapeRegExp(started.message_id)}`), 'the reply');
      const messages = ok.server.messages.filter((m) => m.chat_id === CHAT);
      assert.equal(messages.length, 2, messages.map((m) => m.text).join('\n---\n'));
      assert.match(messages[0].text ?? '', /^⏳ /, 'the started message stays as it was');
      assert.equal(messages[1].reply_to, started.message_id);
      assert.match(messages[1].text ?? '', new RegExp(`^✅ ${name} succeeded`));
      assert.deepEqual(ok.api.outboxItems(), []);
    } finally {
      ok.api.setBuildDebounce(undefined);
      ok.api.setBuildSecond(undefined);
      await setUserSetting('buildNotifications', undefined);
    }
  });

  it('a result the rule does not post (a success under "failure") only tries the edit: nothing is sent when OK refuses it', async () => {
    ok.api.setBuildSecond(10);
    try {
      await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', startedAfterSeconds: 5 }]);
      const name = taskName('publish');
      const { started, finish } = await startedTask(ok, name, 0);
      await finish();
      await logLine(ok.api, new RegExp(`OK refused to edit \\(a result the rule does not post: nothing sent\\), the started message ${escapeRegExp(started.message_id)}`), 'the refused edit');
      assert.equal(ok.server.requests.filter((r) => r.path.endsWith('/edit')).length, 1, 'one edit tried');
      assert.deepEqual(ok.server.messages.filter((m) => m.chat_id === CHAT).map((m) => m.message_id), [started.message_id], 'no reply, no new message');
      assert.deepEqual(ok.api.outboxItems(), [], 'nothing kept to send');
    } finally {
      ok.api.setBuildSecond(undefined);
      await setUserSetting('buildNotifications', undefined);
    }
  });
});
