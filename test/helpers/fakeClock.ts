// Timers that run only when a test moves the clock (no wall-clock waits).
import type { Timers } from '../../src/core/async/timers';

export class FakeClock implements Timers {
  private t = 1_800_000_000_000;
  private readonly due = new Map<number, { at: number; run: () => void }>();
  private next = 1;

  /**
   * @param earlyMs each timer longer than this fires this much before its time (as Node's can on
   * a busy machine: they count from the event loop's cached time, which lags the wall clock)
   */
  constructor(private readonly earlyMs = 0) {}

  now(): number {
    return this.t;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.t + (ms > this.earlyMs ? ms - this.earlyMs : ms), run });
    return id;
  }
  clearTimeout(timer: unknown): void {
    this.due.delete(timer as number);
  }
  get pending(): number {
    return this.due.size;
  }
  /** Moves the clock on by `ms` without running anything (time a busy process did not notice). */
  advance(ms: number): void {
    this.t += ms;
  }
  /** Moves the clock to the next timer (not back) and runs it; returns how far it moved (undefined: nothing due). */
  step(): number | undefined {
    const [id, first] = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || !first) return undefined;
    const moved = Math.max(0, first.at - this.t);
    this.t += moved;
    this.due.delete(id);
    first.run();
    return moved;
  }
}
