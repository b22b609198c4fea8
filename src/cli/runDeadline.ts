/**
 * `--timeout`: one deadline for all of a run's talking to OK (reading stdin or a log file is not
 * counted: the clock starts with the first request), and every wait between attempts announced
 * on stderr. Past the deadline the run ends with the truth: "may have been sent" (exit 5) when a
 * request was on its way, else "not sent" (exit 4). A wait OK asks for that would end past the
 * deadline is not started.
 */
import { OkApiError, describeWait, isOkApiError, parseDuration, type CallOptions, type RetryWait } from '../core';
import { EXIT, Exit, UsageError } from './exitCodes';

/** Two minutes: longer than any wait OK asks for that the client honours (Retry-After up to 120 s is waited for once). */
export const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 24 * 3_600_000;

/** `2m`, `90s`, `1.5s`, `1h`: a limit as a user would type it. */
export function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 100) / 10}s`;
}

/** `--timeout <duration>`: 90s, 2m, 120 (seconds). */
export function timeoutOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw new UsageError(`--timeout must be a duration such as 90s, 2m or 120 (seconds), not "${value}".`);
  }
  if (!(ms >= 1000) || ms > MAX_TIMEOUT_MS) throw new UsageError(`--timeout must be from 1s to 24h, not "${value}".`);
  return ms;
}

/** Why the run stopped before OK's answer. */
type Stop = { why: 'passed' } | { why: 'wait'; wait: RetryWait; leftMs: number };

export class RunDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private endsAt: number | undefined;
  private stop: Stop | undefined;
  /** What a wait is announced with: `--timeout 2m`. */
  readonly label: string;

  constructor(
    readonly ms: number,
    private readonly err: (s: string) => void,
  ) {
    this.label = `--timeout ${formatLimit(ms)}`;
  }

  /** Starts the clock (the first request does; later calls do nothing). */
  private start(): void {
    if (this.endsAt !== undefined) return;
    this.endsAt = Date.now() + this.ms;
    this.timer = setTimeout(() => {
      this.stop ??= { why: 'passed' };
      this.controller.abort();
    }, this.ms);
    this.timer.unref();
  }

  private leftMs(): number {
    return this.endsAt === undefined ? this.ms : Math.max(0, this.endsAt - Date.now());
  }

  /** The options of every call of the run: its signal, and the announcement of each wait. */
  options(): CallOptions {
    this.start();
    return { signal: this.controller.signal, onRetryWait: (wait) => this.announce(wait) };
  }

  /** Refuses to start a request once the deadline has passed (nothing is sent then). */
  check(action: string): void {
    this.start();
    if (this.controller.signal.aborted) throw new OkApiError({ kind: 'cancelled', delivery: 'not-sent', action });
  }

  private announce(wait: RetryWait): void {
    const left = this.leftMs();
    const why = wait.rateLimited ? 'OK asks to wait' : 'could not reach OK: trying again in';
    if (wait.ms > left) {
      this.stop = { why: 'wait', wait, leftMs: left };
      this.controller.abort();
      return;
    }
    const tail = wait.rateLimited ? ' (rate limit)' : ` (attempt ${wait.attempt + 1})`;
    this.err(`${why} ${describeWait(wait.ms)}${tail}; waiting, up to ${this.label}.`);
  }

  /**
   * The error to report for `e`: when the run stopped because of the deadline, an Exit with the
   * truth ("may have been sent" when a request was on its way, else "not sent"); `e` otherwise.
   */
  explain(e: unknown): unknown {
    const stop = this.stop;
    if (!stop || !isOkApiError(e) || e.kind !== 'cancelled') return e;
    if (stop.why === 'wait') {
      const asked = `${stop.wait.rateLimited ? 'OK asks to wait' : 'the next attempt would start in'} ${describeWait(stop.wait.ms)}${stop.wait.rateLimited ? ' (rate limit)' : ''}`;
      return new Exit(EXIT.network, `not sent: ${asked}, longer than what is left of ${this.label} (${describeWait(stop.leftMs)}). Try again later, or allow more time with --timeout.`);
    }
    if (e.delivery === 'unknown') {
      const sending = /^send/i.test(e.action ?? '');
      return new Exit(
        EXIT.maybeSent,
        `may have been ${sending ? 'sent' : 'applied'}: ${this.label} passed while OK's answer was awaited, so OK may have the request. Check the chat before ${sending ? 'sending' : 'trying'} again.`,
      );
    }
    return new Exit(EXIT.network, `not sent: ${this.label} passed before OK answered. Check the network connection, or allow more time with --timeout.`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
