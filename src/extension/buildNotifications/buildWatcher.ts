import * as vscode from 'vscode';
import { ruleMatches, type BuildEvent, type BuildRule } from '../../core/notify/buildRules';
import type { ChatId } from '../../core/model/ids';
import { formatBuildMessage } from '../../core/notify/buildMessage';
import { redactSecrets } from '../../core/notify/buildOutput';
import { shouldNotify, statusOf, statusToRemember, type BuildResult, type BuildStatus } from '../../core/notify/buildStatus';
import type { Services } from '../services';
import { readRulesAndProblems } from '../platform/settings';
import { RuleMistakes } from './ruleMistakes';
import type { BuildStatusBar } from './buildStatusBar';
import { authorOfBreak, tellAuthor } from './tellAuthor';
import { buildButtons, buildGitFacts, outputPaths } from './buildFacts';
import { BuildQueue } from './buildQueue';
import { TaskProblems } from './taskProblems';
import type { BuildFindings } from '../../core/notify/buildFindings';
import { StartedMessages } from './startedMessages';
import { finishStory, postStarted } from './buildStories';

export { buildButtons, buildGitFacts, buildNotificationJob, outputPaths } from './buildFacts';
export { DEBOUNCE_MS } from './buildQueue';

const OUTPUT_BUFFER_CHARS = 64 * 1024;

export interface EndedBuild extends BuildEvent {
  exitCode: number | undefined;
  durationMs?: number;
  folder?: vscode.WorkspaceFolder;
  output?: string;
  /** A failed task's errors, as its problem matcher reported them (kind `problems`). */
  findings?: BuildFindings;
  /** Per chat, the id of the "started" message the result edits (see startedMessages.ts). */
  startedMessages?: ReadonlyMap<ChatId, string>;
}

/**
 * Watches tasks and terminal commands, and posts their results to chats by rule. Runs only in
 * trusted workspaces; sending failures go to the Outbox and never interrupt anything.
 */
export class BuildWatcher implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** When each running task's process started, and its process id. */
  private readonly taskProcesses = new WeakMap<vscode.TaskExecution, { started: number; pid: number }>();
  /** Shell processes of tasks, whose terminal commands the task events already report. */
  private readonly taskProcessIds = new Set<number>();
  private readonly shellOutputs = new WeakMap<vscode.TerminalShellExecution, { started: number; text: string; done: Promise<void> }>();
  private rules: BuildRule[] = [];
  /** The results on their way to the chats (a burst of builds: one message per chat). */
  readonly queue: BuildQueue;
  /** The errors the problem matchers of watched tasks report while they run. */
  readonly problems = new TaskProblems();
  /** The "started" messages of tasks that run long (rules with `startedAfterSeconds`). */
  readonly started: StartedMessages;

  constructor(private readonly s: Services, private readonly status: BuildStatusBar) {
    this.mistakes = new RuleMistakes(s.log);
    this.queue = new BuildQueue(s, status);
    this.started = new StartedMessages(s, (chat, build) => postStarted(s, chat, build));
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('okChat.buildNotifications') || e.affectsConfiguration('okChat.allowWorkspaceBuildRules')) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
    this.reload();
  }

  /** Tasks and terminal commands are watched only while there are rules (none: nothing to do at all). */
  private listen(): vscode.Disposable[] {
    const listeners = [
      vscode.tasks.onDidStartTaskProcess((e) => {
        this.taskProcesses.set(e.execution, { started: Date.now(), pid: e.processId });
        this.taskProcessIds.add(e.processId);
        this.taskStarted(e.execution);
      }),
      vscode.tasks.onDidEndTaskProcess((e) => {
        const task = e.execution.task;
        // Forget the task's shell process a little later (its shell-integration end event may follow).
        const proc = this.taskProcesses.get(e.execution);
        if (proc) setTimeout(() => this.taskProcessIds.delete(proc.pid), 10_000).unref?.();
        const folder = typeof task.scope === 'object' ? task.scope : undefined;
        void this.taskEnded(e.execution, { kind: 'task', name: task.name, group: task.group?.id, exitCode: e.exitCode, durationMs: proc ? Date.now() - proc.started : undefined, folder });
      }),
    ];
    // Terminal commands typed by hand, where shell integration reports them.
    if (typeof vscode.window.onDidEndTerminalShellExecution === 'function') {
      listeners.push(
        vscode.window.onDidStartTerminalShellExecution((e) => this.onShellStart(e)),
        vscode.window.onDidEndTerminalShellExecution((e) => {
          void this.onShellEnd(e);
        }),
      );
    }
    return listeners;
  }

  /** The listeners of tasks and terminal commands, while there are rules. */
  private listening: vscode.Disposable[] | undefined;

  /** The rule mistakes the user was told of in this window (each once). */
  private readonly mistakes: RuleMistakes;

  private reload(): void {
    const { rules, problems, ignoredWorkspaceRules } = readRulesAndProblems();
    this.rules = rules;
    if (ignoredWorkspaceRules) this.s.log.warn(`build notifications: ${ignoredWorkspaceRules.count} rule(s) in the workspace settings ignored (${ignoredWorkspaceRules.reason === 'untrusted' ? 'the workspace is not trusted' : 'okChat.allowWorkspaceBuildRules is not on in the user settings'})`);
    for (const p of problems) this.s.log.warn(`build notifications: ${p}`);
    this.mistakes.tell(problems);
    this.s.log.info(`build notifications: ${rules.length} rule(s) in use`);
    this.status.setVisible(this.rules.length > 0);
    if (this.rules.length > 0) this.listening ??= this.listen();
    else if (this.listening) {
      for (const d of this.listening.splice(0)) d.dispose();
      this.listening = undefined;
    }
  }

  /** A watched task started: its problems are noted, and its "started" messages timed. */
  private taskStarted(execution: vscode.TaskExecution): void {
    // nothing is sent in Restricted Mode: nothing to prepare either
    if (!vscode.workspace.isTrusted) return;
    const task = execution.task;
    const rules = this.rules.filter((r) => ruleMatches(r, { kind: 'task', name: task.name, group: task.group?.id }));
    if (rules.length === 0) return;
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    this.problems.start(execution, folder);
    this.started.start(execution, { name: task.name, folder }, rules);
  }

  /** A task ended: its result goes with the errors its problem matcher reported and the "started" messages to edit. */
  private async taskEnded(execution: vscode.TaskExecution, build: EndedBuild): Promise<void> {
    const failed = build.exitCode !== undefined && statusOf(build.exitCode) === 'failure';
    const [findings, startedMessages] = await Promise.all([
      this.problems.end(execution, failed).catch((e: unknown) => void this.s.log.warn(`build "${build.name}": its problems could not be read: ${String(e)}`)),
      this.started.end(execution),
    ]);
    if (findings) this.s.log.info(`build "${build.name}": ${findings.failed} error(s) in its folder's diagnostics`);
    this.handle({ ...build, ...(findings ? { findings } : {}), ...(startedMessages.size ? { startedMessages } : {}) });
  }

  private commandRules(commandLine: string): BuildRule[] {
    return this.rules.filter((r) => ruleMatches(r, { kind: 'command', name: commandLine }));
  }

  private onShellStart(e: vscode.TerminalShellExecutionStartEvent): void {
    const line = e.execution.commandLine.value;
    const rules = this.commandRules(line);
    if (rules.length === 0) return;
    const entry = { started: Date.now(), text: '', done: Promise.resolve() };
    if (rules.some((r) => r.outputLines > 0)) {
      entry.done = (async () => {
        try {
          for await (const chunk of e.execution.read()) {
            entry.text = (entry.text + chunk).slice(-OUTPUT_BUFFER_CHARS);
          }
        } catch {
          // output is a bonus; the notification goes without it
        }
      })();
    }
    this.shellOutputs.set(e.execution, entry);
  }

  private async onShellEnd(e: vscode.TerminalShellExecutionEndEvent): Promise<void> {
    const entry = this.shellOutputs.get(e.execution);
    if (!entry) return;
    // Task terminals are reported by the task events already.
    const pid = await e.terminal.processId;
    if (pid !== undefined && this.taskProcessIds.has(pid)) return;
    // The output stream may still be delivering its last chunks.
    await Promise.race([entry.done, new Promise((r) => setTimeout(r, 2000))]);
    this.s.log.debug(`terminal command ended (exit ${String(e.exitCode)}), ${entry.text.length} characters of output captured`);
    const folder = e.execution.cwd ? vscode.workspace.getWorkspaceFolder(e.execution.cwd) : undefined;
    // A command line can carry secrets (`curl -u user:pass …`, `PASSWORD=… make`, the group's token).
    const token = await this.s.tokens.get().catch(() => undefined);
    this.handle({ kind: 'command', name: redactSecrets(e.execution.commandLine.value.trim(), token), exitCode: e.exitCode, durationMs: Date.now() - entry.started, folder, output: entry.text });
  }

  /** Decides, per matching rule, whether to post, and queues the message. Exposed for tests. */
  handle(build: EndedBuild): void {
    // one line per ended build, once it is decided: what to look for when a notification did not come
    this.process(build).then(
      (queued) => this.s.log.info(`build "${build.name}" ended (exit ${build.exitCode ?? 'none'}): ${queued} notification(s) queued`),
      (err: unknown) => this.s.log.error(`build notification: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  /** How many messages it queued. */
  private async process(build: EndedBuild): Promise<number> {
    // stopped or terminated: no result to report, only its "started" messages to finish
    if (build.exitCode === undefined && !build.startedMessages) return 0;
    const matching = this.rules.filter((r) => ruleMatches(r, build));
    if (matching.length === 0) return 0;
    if (!vscode.workspace.isTrusted) {
      this.s.log.info(`build notification for "${build.name}" not sent: the workspace is not trusted`);
      return 0;
    }
    const status = statusOf(build.exitCode);
    const folder = build.folder ?? vscode.workspace.workspaceFolders?.[0];
    const result: BuildResult = {
      name: build.name,
      exitCode: build.exitCode,
      durationMs: build.durationMs,
      workspace: folder?.name ?? vscode.workspace.name,
      ...(await buildGitFacts(folder?.uri)),
      finishedAt: new Date(),
      kind: build.kind,
      output: build.output,
      findings: build.findings,
    };
    // The output is redacted with the token this window knows (in any encoding: see redact), besides anything that looks like a secret.
    const token = await this.s.tokens.get().catch(() => undefined);
    let queued = 0;
    // each "started" message is settled once, by the first rule of its chat: a result its `when` does not post only edits it
    const started = new Map(build.startedMessages ?? []);
    for (const rule of matching) {
      const key = `okChat.lastBuild:${rule.chat}:${build.kind}:${build.name}:${folder?.uri.toString() ?? ''}`;
      const previous = this.s.context.workspaceState.get<BuildStatus>(key);
      await this.s.context.workspaceState.update(key, statusToRemember(status, previous));
      const decision = shouldNotify(rule.when, status, previous);
      const startedId = started.get(rule.chat);
      if (!decision.notify && !startedId) {
        this.s.log.debug(`build notification for "${build.name}" to ${rule.chat} not sent: ${decision.reason ?? ''}`);
        continue;
      }
      const person = rule.dmAuthor && decision.notify ? await authorOfBreak(this.s, folder, status, previous) : undefined;
      const text = formatBuildMessage(result, { template: rule.template, transition: decision.transition, outputLines: rule.outputLines, locale: vscode.env.language, secrets: [token], paths: outputPaths(folder), mention: person?.mention });
      if (startedId) {
        started.delete(rule.chat);
        void finishStory(this.s, this.queue, { chat: rule.chat, startedId, text, buttons: buildButtons(result, status), at: result.finishedAt ?? new Date(), editOnly: !decision.notify });
      } else this.queue.enqueue(rule.chat, text, buildButtons(result, status), result.finishedAt ?? new Date());
      if (person) void tellAuthor(this.s, person, text, buildButtons(result, status));
      queued++;
    }
    return queued;
  }

  dispose(): void {
    // Whatever is still waiting for the debounce is kept in the Outbox, not dropped; no "started" timer is left behind.
    this.queue.dispose();
    this.started.dispose();
    this.problems.dispose();
    for (const sub of [...this.subscriptions, ...(this.listening ?? [])]) sub.dispose();
    this.listening = undefined;
  }
}
