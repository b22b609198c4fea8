// A count of whole seconds down to a deadline ("retrying in 3 s…, 2 s…, 1 s…"), on injected
// timers (test/unit/countdown.test.ts runs it on a fake clock).
import type { Timers } from './timers';

/**
 * Tells each whole number of seconds left once, in order, until the deadline, then ends. A number
 * is never told twice and never goes up: a timer can fire a little before its time (Node's timers
 * count from the event loop's cached time, which lags the wall clock on a busy machine), and one
 * that fires while the same number is still left is set again for the rest instead of repeating it.
 * A late timer skips the numbers that passed.
 */
export class Countdown {
  private timer: unknown;
  private told: number | undefined;
  private stopped = false;

  constructor(
    private readonly timers: Timers,
    private readonly endsAt: number,
    private readonly onSecond: (secondsLeft: number) => void,
    private readonly onEnd: () => void,
  ) {
    this.tick();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const leftMs = this.endsAt - this.timers.now();
    if (leftMs <= 0) {
      this.stopped = true;
      this.onEnd();
      return;
    }
    const seconds = Math.ceil(leftMs / 1000);
    if (this.told === undefined || seconds < this.told) {
      this.told = seconds;
      this.onSecond(seconds);
    }
    // the next tick when the whole seconds left change (in (0, 1000] ms)
    this.timer = this.timers.setTimeout(() => this.tick(), leftMs - (seconds - 1) * 1000);
  }

  /** Ends the count without {@link onEnd}. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
