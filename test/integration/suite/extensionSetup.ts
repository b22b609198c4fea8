// Shared by the integration suites: the extension's test API, a fake OK server per
// `describe`, and a clean state (saved chats, outbox, token, settings) before every test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, beforeEach } from 'mocha';
import * as vscode from 'vscode';
import type { ShownPrompt } from '../../../src/extension/platform/tuning';
import type { TestSeam } from '../../../src/extension/testing/testSeam';
import type { UnreadPollDecision, UnreadPollTimings } from '../../../src/extension/unread/unreadPoll';
import { resolvesToNothing, type Args, type CommandId, type Result } from '../../../src/extension/commands/commandContract';
import { SEED_CHAT_IDS, type FakeOkOptions, type FakeOkServer, type RecordedRequest } from '../../fake-ok/server';
import { useFakeOkServer } from '../../helpers/fakeOk';
import { rejection } from '../../helpers/rejection';
import { sleep } from '../../helpers/sleep';

export const EXTENSION_ID = 'ok-chat.ok-chat';
/** "Backend" in the fake server's demo content. */
export const CHAT = SEED_CHAT_IDS[0];
export const CHAT2 = SEED_CHAT_IDS[1];

export { sleep };

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
/**
 * How long VS Code may take to notice a new `.vscode/settings.json`: it learns of the file from a
 * file watcher, which on a busy machine took over 5 s.
 */
export const WORKSPACE_SETTINGS_READ_MS = 30_000;

/** Polls `check` until it gives a truthy value; `what` may be a function, to say what was seen at the timeout. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string | (() => string), timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(25);
  }
}

/** The hook that feeds a finished build to the watcher (see TestSeam.reportBuildEnd). */
export function reportBuildEnd(api: TestSeam): TestSeam['reportBuildEnd'] {
  return (build) => api.reportBuildEnd(build);
}

/** The extension's test seam: what `activate` returns in ExtensionMode.Test (outside a test run it returns nothing). */
export async function okChatApi(): Promise<TestSeam> {
  const ext = vscode.extensions.getExtension<TestSeam | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  const seam = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(seam, 'the extension exported no test seam although the tests run in ExtensionMode.Test');
  return seam;
}

/**
 * Runs a command the way another extension would: with its argument object, typed by the command
 * contract, resolving to the command's result (or rejecting with its error). A command that has a
 * result but resolves to nothing was cancelled: that fails the test.
 */
export async function runCommand<K extends CommandId>(id: K, arg: Args<K>): Promise<Result<K>> {
  const value = await vscode.commands.executeCommand<Result<K> | undefined>(id, arg);
  if (value === undefined && !resolvesToNothing(id)) assert.fail(`${id} resolved to nothing: was it cancelled?`);
  return value as Result<K>;
}

/**
 * Runs a command untyped: for what the contract does not describe on purpose (a tree node or
 * the explorer's files as a menu passes them, no argument as from the palette, a partial object).
 */
export function run<T = unknown>(command: string, arg?: unknown, ...rest: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, arg, ...rest));
}

/** Asserts that the command rejects and returns the error (`what` names it in the failure). */
export { rejection };

/** The outbox id carried by a SendFailed rejection. */
export function outboxIdOf(e: unknown): string {
  const err = e as { name?: unknown; item?: { id?: unknown } };
  assert.equal(err.name, 'SendFailed', `expected a SendFailed, got ${String(err.name)}: ${String((e as Error).message)}`);
  assert.equal(typeof err.item?.id, 'string', 'SendFailed.item.id');
  return err.item?.id as string;
}

export function okConfig(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('okChat');
}

/** Sets (or with undefined removes) a user (global) setting and waits until the extension host sees it. */
export async function setUserSetting(key: string, value: unknown): Promise<void> {
  const same = () => JSON.stringify(okConfig().inspect(key)?.globalValue) === JSON.stringify(value);
  if (same()) return;
  await okConfig().update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(same, `user setting okChat.${key} = ${JSON.stringify(value)}`);
}

/** POST bodies sent to one chat (or every POST when chatId is omitted), as raw strings. */
export function postBodies(server: FakeOkServer, chatId?: string): string[] {
  return server.requestsTo('POST', chatId ? `/me/messages/${chatId}` : '/me/messages').map((r) => r.rawBody);
}

export function describeRequests(requests: readonly RecordedRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path} ${r.rawBody}`).join('\n') || '(none)';
}

/** The workspace folder the suite runs in. */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  return folder.uri.fsPath;
}

/** The user settings.json of this VS Code (both test launchers put user-data next to the workspace). */
export function userSettingsFile(): string | undefined {
  const candidate = path.join(path.dirname(workspaceDir()), 'user-data', 'User', 'settings.json');
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** `text` matched literally in a RegExp (a message id, a URL, a task name). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text of the extension's log file ("OK Chat.log" in the extension's log folder). */
export async function readLog(api: TestSeam): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(api.logUri, 'OK Chat.log'));
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Waits until the extension's log has `count` lines that match `pattern` and returns the last of
 * them: a positive signal that some work ran (then a test checks what it did, or that it did
 * nothing), instead of a fixed sleep.
 */
export async function logLine(api: TestSeam, pattern: RegExp, what: string, count = 1, timeoutMs = 15_000): Promise<string> {
  const lines = await waitFor(async () => {
    const found = (await readLog(api).catch(() => '')).split('\n').filter((l) => pattern.test(l));
    return found.length >= count ? found : undefined;
  }, `${count} log line(s) of ${what} (${String(pattern)})`, timeoutMs);
  return lines[count - 1];
}

/**
 * Waits until a command shows the quick pick or input box titled (or matching) `title` (its title, else its
 * placeholder, else its prompt line), the first such after the first `from` prompts of the
 * session (take `api.promptsShown().length` before the command runs): a test answers a prompt
 * once it is shown, not after a guessed wait.
 */
export async function promptShown(api: TestSeam, title: string | RegExp, from: number): Promise<ShownPrompt> {
  const matches = (p: ShownPrompt) => (typeof title === 'string' ? p.title === title : title.test(p.title));
  return waitFor(() => api.promptsShown().slice(from).find(matches), () => `the prompt ${String(title)} (shown since: ${JSON.stringify(api.promptsShown().slice(from))})`, 10_000);
}

/**
 * The `count`th log line the build watcher writes once it has decided about an ended build named
 * `name` (see BuildWatcher.handle): "build "<name>" ended (exit N): M notification(s) queued".
 */
export function buildDecided(api: TestSeam, name: string, count = 1): Promise<string> {
  return logLine(api, new RegExp(`build "${escapeRegExp(name)}" ended \\(exit `), `the decision about the build "${name}"`, count);
}

/**
 * Sets the unread poll's test timings and collects its decisions (UnreadPollDecision): `next`
 * waits for the first one from `from` on (default: one not seen by an earlier `next`) that matches.
 */
export function pollDecisions(api: TestSeam, timings: Omit<UnreadPollTimings, 'onDecided'>): { list: UnreadPollDecision[]; next(match: (d: UnreadPollDecision) => boolean, what: string, from?: number): Promise<UnreadPollDecision> } {
  const list: UnreadPollDecision[] = [];
  let seen = 0;
  api.setUnreadPollTimings({ ...timings, onDecided: (d) => list.push(d) });
  return {
    list,
    async next(match, what, from) {
      const start = from ?? seen;
      const found = await waitFor(() => list.slice(start).find(match), `${what} (decisions so far: ${JSON.stringify(list)})`, 10_000);
      seen = list.indexOf(found) + 1;
      return found;
    },
  };
}

export interface FakeOk {
  readonly server: FakeOkServer;
  readonly api: TestSeam;
}

/**
 * Starts a fake OK server for the enclosing `describe` (in `options.dialect`'s answer style)
 * and points the extension at it (user setting okChat.apiBaseUrl). Before every test: the
 * server is reset to its demo content, uploads wait {@link FAST_UPLOAD_TIMINGS}, the token is set, the saved chats and the outbox are emptied, the message
 * settings are back to their defaults, and the request log is empty.
 */
/** OK's waits for uploaded files (5 s + 1 s per MB, retries from 2 s), scaled down 50 times. */
export const FAST_UPLOAD_TIMINGS = { baseWaitMs: 100, perMbWaitMs: 20, maxWaitMs: 600, retryDelayMs: 40, maxRetryDelayMs: 200 };

export function useFakeOk(options: FakeOkOptions = {}): FakeOk {
  // the fixture resets the server to its demo content before each test
  const fixture = useFakeOkServer({ server: { seed: true, ...options }, each: 'seed' });
  let api: TestSeam | undefined;
  const ctx: FakeOk = {
    get server() {
      return fixture.server;
    },
    get api() {
      assert.ok(api, 'the extension is not active');
      return api;
    },
  };

  before(async () => {
    api = await okChatApi();
  });

  beforeEach(async () => {
    const s = ctx.server;
    const a = ctx.api;
    a.setUploadTimings(FAST_UPLOAD_TIMINGS);
    await setUserSetting('apiBaseUrl', s.baseUrl);
    await setUserSetting('maxMessageLength', undefined);
    await setUserSetting('snippetHeader', undefined);
    // no background reads of unread counts unless a test asks for them (they would add requests)
    await setUserSetting('unreadPollMinutes', 0);
    a.setUnreadPollTimings(undefined);
    // nor the Outbox's own retries of what an earlier test left (a test that needs them sets their timings)
    a.setOutboxRetryTimings({ off: true });
    await runCommand('okChat.setToken', { token: s.token });
    for (const item of a.outboxItems()) await runCommand('okChat.discardOutboxItem', { id: item.id });
    for (const chat of a.savedChats()) await runCommand('okChat.removeChat', { chatId: chat.chatId });
    assert.deepEqual(a.outboxItems(), [], 'the outbox could not be emptied');
    assert.deepEqual(a.savedChats(), [], 'the saved chats could not be removed');
    s.requests.length = 0;
  });

  return ctx;
}

/**
 * Runs a real shell task in the build group and waits until its process ended; `shell.command`
 * runs before the exit (in place of an echo), read by `shell.problemMatchers`.
 */
export async function runTask(name: string, exitCode: number, group: vscode.TaskGroup = vscode.TaskGroup.Build, shell: { command?: string; problemMatchers?: string[] } = {}): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const task = new vscode.Task({ type: 'shell', name }, folder, name, 'okChatTest', new vscode.ShellExecution(`${shell.command ?? `echo building ${name}`}; exit ${exitCode}`), shell.problemMatchers ?? []);
  task.group = group;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Never, echo: false };
  const ended = new Promise<number | undefined>((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name === name) {
        sub.dispose();
        resolve(e.exitCode);
      }
    });
  });
  await vscode.tasks.executeTask(task);
  // a guard against a hang (a shell task takes well under a second, over 15 s on a very busy machine)
  const code = await Promise.race([ended, sleep(45_000).then(() => 'timeout' as const)]);
  assert.equal(code, exitCode, `task ${name} should have exited with ${exitCode}`);
}
