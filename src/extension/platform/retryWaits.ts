import * as vscode from 'vscode';
import type { RetryWait } from '../../core';

/** What a {@link RetryWaitDisplay} reported (for tests). */
export interface ShownRetryWait {
  wait: RetryWait;
  message: string;
  secondsLeft: number;
}

/** Waits shorter than this (back-off between quick retries) are not shown: they would only flicker. */
const SHOWN_FROM_MS = 1000;

/**
 * Shows the waits between attempts of a task's calls in its progress (notification or status
 * bar): "OK asked to wait — retrying in 42 s…", counting down once a second. Cancelling the task
 * (its signal) ends the wait at once; the client then rejects with a cancel that says so.
 */
export class RetryWaitDisplay implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: RetryWait | undefined;
  private endsAt = 0;
  private disposed = false;

  constructor(
    private readonly progress: vscode.Progress<{ message?: string }>,
    private readonly observe?: (shown: ShownRetryWait) => void,
  ) {}

  show(wait: RetryWait): void {
    if (this.disposed || wait.ms < SHOWN_FROM_MS) return;
    this.stop();
    this.current = wait;
    this.endsAt = Date.now() + wait.ms;
    this.tick();
  }

  private tick(): void {
    const wait = this.current;
    if (!wait || this.disposed) return;
    const leftMs = this.endsAt - Date.now();
    if (leftMs <= 0) {
      this.stop();
      this.progress.report({ message: vscode.l10n.t('sending…') });
      return;
    }
    const secondsLeft = Math.ceil(leftMs / 1000);
    const message = wait.rateLimited
      ? vscode.l10n.t('OK asked to wait — retrying in {0} s…', secondsLeft)
      : vscode.l10n.t('Could not reach OK — retrying in {0} s…', secondsLeft);
    this.progress.report({ message });
    this.observe?.({ wait, message, secondsLeft });
    // the next redraw when the whole seconds left change
    this.timer = setTimeout(() => this.tick(), leftMs % 1000 || 1000);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
  }
}
