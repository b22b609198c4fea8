import * as vscode from 'vscode';
import type { RetryWait } from '../../core';
import { Countdown } from '../../core/async/countdown';
import { realTimers } from '../../core/async/timers';

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
 * bar): "OK asked to wait — retrying in 42 s…", counting down once a second (core/async/countdown).
 * Cancelling the task (its signal) ends the wait at once; the client then rejects with a cancel
 * that says so.
 */
export class RetryWaitDisplay implements vscode.Disposable {
  private countdown: Countdown | undefined;
  private disposed = false;

  constructor(
    private readonly progress: vscode.Progress<{ message?: string }>,
    private readonly observe?: (shown: ShownRetryWait) => void,
  ) {}

  show(wait: RetryWait): void {
    if (this.disposed || wait.ms < SHOWN_FROM_MS) return;
    this.countdown?.stop();
    this.countdown = new Countdown(
      realTimers,
      realTimers.now() + wait.ms,
      (secondsLeft) => {
        const message = wait.rateLimited
          ? vscode.l10n.t('OK asked to wait — retrying in {0} s…', secondsLeft)
          : vscode.l10n.t('Could not reach OK — retrying in {0} s…', secondsLeft);
        this.progress.report({ message });
        this.observe?.({ wait, message, secondsLeft });
      },
      () => this.progress.report({ message: vscode.l10n.t('sending…') }),
    );
  }

  dispose(): void {
    this.countdown?.stop();
    this.disposed = true;
  }
}
