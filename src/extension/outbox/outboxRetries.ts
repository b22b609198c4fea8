import type * as vscode from 'vscode';
import { roundOutcome } from '../../core/async/pollSchedule';
import { DEFAULT_AUTO_RETRY, nextRetry, passesLater, retriesOnItsOwn, type AutoRetryTimings } from '../../core/outbox/autoRetry';
import type { BackoffState, RoundOutcome } from '../../core/async/pollSchedule';
import type { OutboxItem } from '../../core/outbox/outboxItems';
import type { Services } from '../services';
import { confirmSent, SendFailed, sendJob } from './sendThroughOutbox';

/**
 * Sends again, on its own, what the Outbox holds as not sent for a reason that passes (OK could
 * not be reached, asked to slow down; see core/outbox/autoRetry.ts): one round at a time, the
 * messages one after another, the oldest first, in the status bar. A round stops at the first
 * message that fails so again (the rest waits for the next round, later each time); OK answering
 * any call meanwhile brings the next round forward (not after a rate limit). Each attempt claims
 * the record first (`Outbox.begin`), so two windows never send the same message: the second finds
 * it taken, sent or changed, and leaves it. Messages that may have been sent never go on their own.
 */
export class OutboxRetries implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private backoff: BackoffState = { failures: 0 };
  private delayMs: number | undefined;
  private last: RoundOutcome = { kind: 'ok' };
  private running = false;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly s: Services) {
    this.subscriptions = [s.outbox.onDidChange(() => this.schedule()), s.api.onDidReachOk(() => this.reached()), s.tokens.onDidChange(() => this.reached())];
    this.schedule();
  }

  private timings(): AutoRetryTimings {
    return { ...DEFAULT_AUTO_RETRY, ...this.s.tuning.outboxRetry };
  }

  /** The messages a round sends, oldest first. */
  private due(): OutboxItem[] {
    return this.s.outbox.listed().filter((i) => retriesOnItsOwn(i) && !this.s.outbox.isRunning(i.id));
  }

  /** A round is scheduled when messages wait for one and none is (the wait after the last round, else the first). */
  private schedule(delayMs?: number): void {
    if (this.disposed || this.running) return;
    if (this.s.tuning.outboxRetry?.off || this.due().length === 0) {
      this.cancel();
      this.backoff = { failures: 0 };
      this.delayMs = undefined;
      return;
    }
    if (this.timer && delayMs === undefined) return;
    this.cancel();
    const ms = delayMs ?? this.delayMs ?? this.timings().firstMs;
    this.timer = setTimeout(() => void this.round(), ms);
    this.s.log.debug(`outbox: sending again on its own in ${ms} ms`);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** OK answered (or the token changed): the next round comes now, unless OK asked to slow down. */
  private reached(): void {
    if (this.running || this.last.kind === 'rate-limit' || !this.timer) return;
    this.backoff = { failures: 0 };
    this.delayMs = undefined;
    this.schedule(0);
  }

  /** Tests changed the timings: the next round is scheduled again with them. */
  retuned(): void {
    this.backoff = { failures: 0 };
    this.delayMs = undefined;
    this.cancel();
    this.schedule();
  }

  private async round(): Promise<void> {
    this.timer = undefined;
    if (this.disposed || this.running || this.s.tuning.outboxRetry?.off) return;
    if ((await this.s.tokens.get()) === undefined) return; // a token set later brings the round (tokens.onDidChange)
    this.running = true;
    let failure: unknown;
    try {
      for (const queued of this.due()) {
        const item = this.s.outbox.get(queued.id);
        if (!item || !retriesOnItsOwn(item) || this.s.outbox.isRunning(item.id)) continue;
        try {
          await sendJob(this.s, structuredClone(item), { quiet: true });
          this.s.log.info(`outbox: ${item.id} sent on its own (attempt ${item.attempts + 1})`);
          confirmSent(item);
        } catch (e) {
          this.s.log.info(`outbox: ${item.id} not sent on its own: ${e instanceof Error ? e.message : String(e)}`);
          // OK still out of reach (or asking to slow down): the rest waits for the next round
          if (e instanceof SendFailed && passesLater(e.cause)) {
            failure = e.cause;
            break;
          }
          // refused for its content, taken, sent or changed in another window: the next one
        }
      }
    } finally {
      this.running = false;
      this.last = roundOutcome(failure);
      const next = nextRetry(this.timings(), this.backoff, this.last);
      this.backoff = next.state;
      this.delayMs = next.delayMs;
      this.s.log.info(`outbox: round of retries ended ${failure === undefined ? 'with nothing left that OK could not take' : `in a failure (${this.last.kind}); the next in ${next.delayMs} ms`}`);
      this.schedule();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    for (const sub of this.subscriptions) sub.dispose();
  }
}
