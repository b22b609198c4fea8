import * as os from 'node:os';
import * as vscode from 'vscode';
import type { OutputPaths } from '../../core/notify/outputTail';
import { ruleMatches, type BuildEvent, type BuildRule } from '../../core/notify/buildRules';
import type { ChatId } from '../../core/model/ids';
import { splitMessage } from '../../core/messages/messageText';
import { formatBuildMessage } from '../../core/notify/buildMessage';
import { redactSecrets } from '../../core/notify/buildOutput';
import { shouldNotify, statusOf, statusToRemember, type BuildResult, type BuildStatus } from '../../core/notify/buildStatus';
import { chatLabel } from '../savedChats/savedChat';
import { SendFailed } from '../outbox/sendThroughOutbox';
import { sendJob } from '../outbox/sendThroughOutbox';
import { newJob, type OutboxItem } from '../../core/outbox/outboxItems';
import type { Services } from '../services';
import { gitHostKinds, linkButtonsEnabled, maxMessageLength, readRulesAndProblems } from '../platform/settings';
import { RuleMistakes } from './ruleMistakes';
import { repositoryInfo } from '../platform/gitRepository';
import { core } from '../platform/lazyCore';
import type { LinkButton } from '../../core/net/okRequests';
import type { BuildStatusBar } from './buildStatusBar';
import { authorOfBreak, tellAuthor } from './tellAuthor';

/** How long to wait for more builds ending before posting, so a burst becomes one message per chat. */
export const DEBOUNCE_MS = 1500;
const OUTPUT_BUFFER_CHARS = 64 * 1024;
/** The most link buttons under one message of a burst of builds (well under OK's limit). */
const MAX_BUILD_BUTTONS = 10;

export interface EndedBuild extends BuildEvent {
  exitCode: number | undefined;
  durationMs?: number;
  folder?: vscode.WorkspaceFolder;
  output?: string;
}

/** The outbox job that posts a build notification to a chat (split into parts if long), with its link buttons. */
export function buildNotificationJob(s: Services, chat: ChatId, text: string, buttons: LinkButton[] = []): OutboxItem {
  return newJob('text', splitMessage(text, maxMessageLength()), { chatId: chat, chatTitle: s.chats.get(chat)?.title, buttons }, 'build');
}

/** Where a folder's build stands in git: branch, commit, and the commit's page when it is pushed. */
export async function buildGitFacts(folder: vscode.Uri | undefined): Promise<Pick<BuildResult, 'branch' | 'commit' | 'commitUrl'>> {
  const repo = await repositoryInfo(folder, { orFirst: true });
  if (!repo) return {};
  const { commitUrlFor, repositoryPage } = core();
  const page = repositoryPage(repo.remoteUrl);
  return {
    branch: repo.branch ?? repo.commit?.slice(0, 8),
    commit: repo.commit,
    commitUrl: repo.pushed ? commitUrlFor(page, repo.commit, undefined, gitHostKinds(folder)) : undefined,
  };
}

/** The folders a build's output paths are shown relative to: its workspace folder (on disk) and the home folder as `~`. */
export function outputPaths(folder: vscode.WorkspaceFolder | undefined): OutputPaths {
  return { workspace: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined, home: os.homedir() };
}

/** A build's link buttons (its commit), unless `okChat.linkButtons` is off (then the links are text only). */
export function buildButtons(result: BuildResult, status: BuildStatus): LinkButton[] {
  return linkButtonsEnabled() ? core().buildLinkButtons({ commitUrl: result.commitUrl, runUrl: result.runUrl }, status) : [];
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
  /** Per chat, the build results waiting for the debounce; their job is already in the Outbox (held). */
  private readonly pending = new Map<ChatId, { messages: string[]; buttons: LinkButton[]; at: Date; timer: ReturnType<typeof setTimeout>; job: OutboxItem }>();
  private rules: BuildRule[] = [];

  constructor(private readonly s: Services, private readonly status: BuildStatusBar) {
    this.mistakes = new RuleMistakes(s.log);
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
      }),
      vscode.tasks.onDidEndTaskProcess((e) => {
        const task = e.execution.task;
        // Forget the task's shell process a little later (its shell-integration end event may follow).
        const proc = this.taskProcesses.get(e.execution);
        if (proc) setTimeout(() => this.taskProcessIds.delete(proc.pid), 10_000).unref?.();
        const folder = typeof task.scope === 'object' ? task.scope : undefined;
        this.handle({ kind: 'task', name: task.name, group: task.group?.id, exitCode: e.exitCode, durationMs: proc ? Date.now() - proc.started : undefined, folder });
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
    if (build.exitCode === undefined) return 0; // stopped or terminated: no result to report
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
    };
    // The output is redacted with the token this window knows (in any encoding: see redact), besides anything that looks like a secret.
    const token = await this.s.tokens.get().catch(() => undefined);
    let queued = 0;
    for (const rule of matching) {
      const key = `okChat.lastBuild:${rule.chat}:${build.kind}:${build.name}:${folder?.uri.toString() ?? ''}`;
      const previous = this.s.context.workspaceState.get<BuildStatus>(key);
      await this.s.context.workspaceState.update(key, statusToRemember(status, previous));
      const decision = shouldNotify(rule.when, status, previous);
      if (!decision.notify) {
        this.s.log.debug(`build notification for "${build.name}" to ${rule.chat} not sent: ${decision.reason ?? ''}`);
        continue;
      }
      const person = rule.dmAuthor ? await authorOfBreak(this.s, folder, status, previous) : undefined;
      const text = formatBuildMessage(result, { template: rule.template, transition: decision.transition, outputLines: rule.outputLines, locale: vscode.env.language, secrets: [token], paths: outputPaths(folder), mention: person?.mention });
      this.enqueue(rule.chat, text, buildButtons(result, status), result.finishedAt ?? new Date());
      if (person) void tellAuthor(this.s, person, text, buildButtons(result, status));
      queued++;
    }
    return queued;
  }

  /** `at`: the build's end, the time the message shows; the status bar item shows the same. */
  private enqueue(chat: ChatId, text: string, buttons: LinkButton[], at: Date): void {
    let entry = this.pending.get(chat);
    if (entry) {
      clearTimeout(entry.timer);
      entry.messages.push(text);
      entry.at = at;
      entry.timer = setTimeout(() => void this.flush(chat), this.s.tuning.buildDebounceMs ?? DEBOUNCE_MS);
    } else {
      entry = { messages: [text], buttons: [], at, timer: setTimeout(() => void this.flush(chat), this.s.tuning.buildDebounceMs ?? DEBOUNCE_MS), job: buildNotificationJob(this.s, chat, text) };
      this.pending.set(chat, entry);
    }
    // the builds of a burst share one message: each link once, within OK's limit of buttons
    const pending = entry;
    for (const b of buttons) if (!pending.buttons.some((k) => k.url === b.url) && pending.buttons.length < MAX_BUILD_BUTTONS) pending.buttons.push(b);
    if (pending.buttons.length && pending.job.kind === 'text') pending.job.buttons = [...pending.buttons];
    // stored at once: if VS Code stops before the debounce ends, the result is in the Outbox (not sent)
    entry.job.parts = splitMessage(entry.messages.join('\n\n'), maxMessageLength());
    void this.s.outbox.hold(entry.job).catch((e: unknown) => this.s.log.warn(`build notification not stored: ${String(e)}`));
    this.status.set({ kind: 'pending', chat: this.chatName(chat) });
  }

  private chatName(chat: ChatId): string {
    const saved = this.s.chats.get(chat);
    return saved ? chatLabel(saved) : chat;
  }

  /** Posts what is queued for a chat as one message (split if long). */
  async flush(chat: ChatId): Promise<void> {
    const entry = this.pending.get(chat);
    if (!entry) return;
    this.pending.delete(chat);
    clearTimeout(entry.timer);
    const text = entry.messages.join('\n\n');
    // its parts were set as each build result joined it (see enqueue)
    const job = entry.job;
    // a stop of this run since (the test hook) left it in the Outbox: it is no longer this run's to send
    if (!this.s.outbox.isHeld(job.id)) {
      this.s.log.info(`build notification ${job.id} to ${chat} not sent by this run: it was stopped, the Outbox has it`);
      return;
    }
    try {
      await sendJob(this.s, job, { quiet: true });
      this.status.set({ kind: 'sent', chat: this.chatName(chat), at: entry.at, summary: text.split('\n')[0] });
      void vscode.commands.executeCommand('setContext', 'okChat.sentBuildNotification', true);
    } catch (e) {
      const message = e instanceof SendFailed ? e.message : e instanceof Error ? e.message : String(e);
      this.s.log.warn(`build notification to ${chat} not sent (kept in the Outbox): ${message}`);
      this.status.set({ kind: 'failed', chat: this.chatName(chat), at: entry.at, error: message });
    }
  }



  dispose(): void {
    // Whatever is still waiting for the debounce is kept in the Outbox, not dropped.
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      const job = { ...entry.job, state: undefined };
      job.lastError = vscode.l10n.t('VS Code closed before the build notification was sent.');
      job.delivery = 'not-sent';
      void this.s.outbox.put(job);
    }
    this.pending.clear();
    for (const sub of [...this.subscriptions, ...(this.listening ?? [])]) sub.dispose();
    this.listening = undefined;
  }
}
