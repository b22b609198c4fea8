import * as vscode from 'vscode';
import type { BuildFindings } from '../../core/notify/buildFindings';
import { problemFindings, selectProblems, type BuildProblem } from '../../core/notify/problemFindings';
import { linkToLines } from '../commands/codeLinks';

/** How long the diagnostics must stay still after a task ended before its problems are read (its matcher's last ones arrive after the process ended). */
const SETTLE_MS = 300;
/** The longest wait for them to settle (or, for a task with problem matchers, for its matchers' report to come). */
const SETTLE_MAX_MS = 3000;

interface Run {
  folder: vscode.WorkspaceFolder;
  /** The files of the folder whose diagnostics changed while the task ran. */
  changed: Set<string>;
  /** The task has problem matchers: their report may come after the process ended. */
  matched: boolean;
}

/**
 * The error diagnostics that appeared in a task's folder while it ran. VS Code does not say which
 * diagnostics a task's problem matcher made, so the files whose diagnostics changed during the run
 * are noted; a matcher reports its problems again on every run, so a file still failing is among
 * them. The diagnostics are listened to only while a watched task runs.
 */
export class TaskProblems implements vscode.Disposable {
  private readonly runs = new Map<vscode.TaskExecution, Run>();
  private listener: vscode.Disposable | undefined;
  /** When the diagnostics last changed (for the settling wait). */
  private lastChange = 0;
  private readonly settleWaits = new Set<() => void>();

  /** Starts noting the changes in the task's folder (a task of no folder has none to note). */
  start(execution: vscode.TaskExecution, folder: vscode.WorkspaceFolder | undefined): void {
    if (!folder || folder.uri.scheme !== 'file') return;
    this.runs.set(execution, { folder, changed: new Set(), matched: execution.task.problemMatchers.length > 0 });
    this.listener ??= vscode.languages.onDidChangeDiagnostics((e) => this.noted(e.uris));
  }

  private noted(uris: readonly vscode.Uri[]): void {
    this.lastChange = Date.now();
    for (const run of this.runs.values()) {
      const root = run.folder.uri.path.replace(/\/+$/, '');
      for (const uri of uris) if (uri.scheme === 'file' && uri.path.startsWith(`${root}/`)) run.changed.add(uri.toString());
    }
  }

  /**
   * Stops noting for the task; for a failure (`read`), waits for the diagnostics to settle and
   * gives its errors (kind `problems`), the first `limit` with links to their lines. Nothing when there are none.
   */
  async end(execution: vscode.TaskExecution, read: boolean, limit?: number): Promise<BuildFindings | undefined> {
    const run = this.runs.get(execution);
    if (!run) return undefined;
    try {
      if (!read) return undefined;
      // a matcher's report of the end comes after the process ended, later the busier the machine: wait for it
      await this.settled(run.matched ? Date.now() : undefined);
      return await problemsOf(run, limit);
    } finally {
      this.runs.delete(execution);
      this.stopWhenIdle();
    }
  }

  /**
   * Resolves once the diagnostics did not change for {@link SETTLE_MS} — with `after`, once they
   * changed after that time and then did not for as long — at most {@link SETTLE_MAX_MS}.
   */
  private settled(after?: number): Promise<void> {
    const deadline = Date.now() + SETTLE_MAX_MS;
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        this.settleWaits.delete(done);
        resolve();
      };
      const check = () => {
        const still = Date.now() - this.lastChange;
        const reported = after === undefined || this.lastChange >= after;
        if ((reported && still >= SETTLE_MS) || Date.now() >= deadline) return done();
        timer = setTimeout(check, Math.max(1, Math.min(reported ? SETTLE_MS - still : SETTLE_MS, deadline - Date.now())));
      };
      this.settleWaits.add(done);
      timer = setTimeout(check, SETTLE_MS);
    });
  }

  private stopWhenIdle(): void {
    if (this.runs.size > 0 || this.settleWaits.size > 0) return;
    this.listener?.dispose();
    this.listener = undefined;
  }

  /** Whether the diagnostics are listened to (for tests: only while a watched task runs). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  dispose(): void {
    for (const done of [...this.settleWaits]) done();
    this.runs.clear();
    this.listener?.dispose();
    this.listener = undefined;
  }
}

async function problemsOf(run: Run, limit?: number): Promise<BuildFindings | undefined> {
  const root = run.folder.uri.path.replace(/\/+$/, '');
  const found: Array<BuildProblem & { uri: vscode.Uri }> = [];
  for (const key of run.changed) {
    const uri = vscode.Uri.parse(key);
    for (const d of vscode.languages.getDiagnostics(uri)) {
      if (d.severity !== vscode.DiagnosticSeverity.Error) continue;
      found.push({ uri, path: uri.path.slice(root.length + 1), line: d.range.start.line + 1, message: d.message });
    }
  }
  const { failed, shown } = selectProblems(found, limit);
  if (failed === 0) return undefined;
  const items = await Promise.all(
    shown.map(async (p) => {
      const uri = vscode.Uri.joinPath(run.folder.uri, p.path);
      // the same link as a snippet of that line; a problem goes without one where there is none
      const found = await linkToLines(uri, p.line, p.line).catch(() => undefined);
      return { ...p, url: found?.link?.url };
    }),
  );
  return problemFindings(failed, items);
}
