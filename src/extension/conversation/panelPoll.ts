// When a conversation panel reads new messages: by the extension's one poll policy
// (core/async/pollSchedule.ts), with the panel's own ceiling on the back-off. Pure: the panel
// passes its conditions and the timers (a fake clock tests it, test/unit/panelPoll.test.ts).
import { nextRound, type BackoffState, type RoundOutcome } from '../../core/async/pollSchedule';
import type { Timers } from '../../core/async/timers';

/** The longest wait between reads of a visible panel after errors (a person is looking at it). */
export const PANEL_MAX_BACKOFF_MS = 5 * 60_000;

export interface PanelPollOptions {
  timers: Timers;
  /** The interval between reads (ms), read at each scheduling. */
  intervalMs(): number;
  /** Whether the panel may read at all now (its page is ready and visible, the workspace trusted, the window in use). */
  may(): boolean;
  /** The read; it reports back with {@link PanelPoll.succeeded} or {@link PanelPoll.failed}, then schedules the next. */
  read(): void;
  maxBackoffMs?: number;
  /** Told of every decision: when the next read runs (undefined: none planned; `closed`: the panel is gone). */
  decided?(at: number | undefined, closed: boolean): void;
}

/**
 * The panel's next read: after the interval, longer after failures in a row (doubling up to the
 * ceiling, at least what OK asked for on a rate limit), none after a refused or missing token
 * until {@link reset} (the token changed), none while the panel may not read.
 */
export class PanelPoll {
  private timer: unknown;
  private backoff: BackoffState = { failures: 0 };
  /** The wait after the last read failed (undefined: the interval). */
  private waitMs: number | undefined;
  private stoppedByToken = false;
  private disposed = false;

  constructor(private readonly o: PanelPollOptions) {}

  /** A read is waiting to run. */
  get isScheduled(): boolean {
    return this.timer !== undefined;
  }

  /** No reads until the token changes. */
  get stopped(): boolean {
    return this.stoppedByToken;
  }

  /**
   * Plans the next read: after `ms`, or the interval (the back-off after failures); any planned
   * read is dropped first. Returns when it runs, or undefined when none is planned.
   */
  schedule(ms?: number): number | undefined {
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || this.stoppedByToken || !this.o.may()) {
      this.o.decided?.(undefined, this.disposed);
      return undefined;
    }
    const wait = ms ?? this.waitMs ?? this.o.intervalMs();
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = undefined;
      this.o.read();
    }, wait);
    const at = this.o.timers.now() + wait;
    this.o.decided?.(at, false);
    return at;
  }

  succeeded(): void {
    this.backoff = { failures: 0 };
    this.waitMs = undefined;
  }

  /** A read failed: returns the wait before the next try, or undefined when reads stop until the token changes. */
  failed(outcome: RoundOutcome): number | undefined {
    const next = nextRound(this.o.intervalMs(), this.backoff, outcome, this.o.maxBackoffMs ?? PANEL_MAX_BACKOFF_MS);
    if (!next) {
      this.stoppedByToken = true;
      return undefined;
    }
    this.backoff = next.state;
    this.waitMs = next.delayMs;
    return next.delayMs;
  }

  /** The token changed: the back-off and a stop for a refused token are forgotten. */
  reset(): void {
    this.succeeded();
    this.stoppedByToken = false;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.o.decided?.(undefined, true);
  }
}
