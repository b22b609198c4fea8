import * as vscode from 'vscode';
import type { ChatId } from '../../core/model/ids';
import type { BuildRule } from '../../core/notify/buildRules';
import type { Services } from '../services';

/** A second of a rule's `startedAfterSeconds` (the tests shorten it through Services.tuning). */
const SECOND_MS = 1000;

/** What a "started" message says of the task. */
export interface StartedBuild {
  name: string;
  folder?: vscode.WorkspaceFolder;
}

interface Run {
  timers: Array<ReturnType<typeof setTimeout>>;
  /** Per chat, the send of its "started" message: the id OK gave it, or undefined (not sent, no id). */
  posted: Map<ChatId, Promise<string | undefined>>;
}

/**
 * The "started" messages of tasks that run long (a rule's `startedAfterSeconds`): one per chat when
 * the task is still running after the shortest threshold of that chat's rules; none for a task that
 * ends sooner. At the task's end, {@link end} gives their ids, which its result then edits.
 */
export class StartedMessages implements vscode.Disposable {
  private readonly runs = new Map<vscode.TaskExecution, Run>();

  constructor(
    private readonly s: Services,
    /** Posts the "started" message of a task to a chat; resolves to its id (undefined when OK gave none or it failed). */
    private readonly post: (chat: ChatId, build: StartedBuild) => Promise<string | undefined>,
  ) {}

  /** Arms the timers of the rules (of those matching a task) that ask for a "started" message. */
  start(execution: vscode.TaskExecution, build: StartedBuild, rules: readonly BuildRule[]): void {
    const name = build.name;
    const thresholds = new Map<ChatId, number>();
    for (const r of rules) if (r.startedAfterSeconds) thresholds.set(r.chat, Math.min(thresholds.get(r.chat) ?? Infinity, r.startedAfterSeconds));
    if (thresholds.size === 0) return;
    const run: Run = { timers: [], posted: new Map() };
    const second = this.s.tuning.buildSecondMs ?? SECOND_MS;
    for (const [chat, seconds] of thresholds) {
      const timer = setTimeout(() => {
        // like every send without a click: only in a trusted workspace (the rules already passed the consent)
        if (!vscode.workspace.isTrusted) {
          this.s.log.info(`build "${name}" started message to ${chat} not sent: the workspace is not trusted`);
          return;
        }
        run.posted.set(
          chat,
          this.post(chat, build).then(
            (id) => {
              this.s.log.info(`build "${name}" started message to ${chat} posted (${id ? `id ${id}` : 'OK gave no id'})`);
              return id;
            },
            (e: unknown) => {
              this.s.log.warn(`build "${name}" started message to ${chat} not sent: ${e instanceof Error ? e.message : String(e)}`);
              return undefined;
            },
          ),
        );
      }, seconds * second);
      run.timers.push(timer);
    }
    this.runs.set(execution, run);
  }

  /** The task ended: the timers not yet fired are cancelled; the ids of the "started" messages it posted (once their sends are done). */
  async end(execution: vscode.TaskExecution): Promise<Map<ChatId, string>> {
    const run = this.runs.get(execution);
    const ids = new Map<ChatId, string>();
    if (!run) return ids;
    this.runs.delete(execution);
    for (const t of run.timers) clearTimeout(t);
    for (const [chat, sending] of run.posted) {
      const id = await sending;
      if (id) ids.set(chat, id);
    }
    return ids;
  }

  /** How many tasks have "started" timers or messages (for tests: none once every task ended). */
  get running(): number {
    return this.runs.size;
  }

  dispose(): void {
    for (const run of this.runs.values()) for (const t of run.timers) clearTimeout(t);
    this.runs.clear();
  }
}
