/**
 * The Outbox's own retries, pure (a fake clock tests them): which messages are sent again without
 * being asked, and how long to wait between rounds. Only messages OK certainly does not have, and
 * whose failure a later attempt may get past (OK could not be reached, OK or the network failed
 * before the message was asked for, OK asked to slow down) go again; never one that may have
 * been sent, one OK refused for its content or the token, nor one whose wait the user cancelled.
 * The waits follow the one poll policy (core/async/pollSchedule.ts): doubled after each round that
 * failed, at least what OK asked for, up to the longest back-off.
 */
import { isOkApiError } from '../model/okApiError';
import type { OkErrorKind } from '../model/okErrorCodes';
import { worthRetrying } from '../net/clientOptions';
import { nextRound, type BackoffState, type RoundOutcome } from '../async/pollSchedule';
import type { OutboxItem } from './outboxItems';

/** The failures a later attempt may get past. */
const PASSING: ReadonlySet<OkErrorKind> = new Set<OkErrorKind>(['network', 'timeout', 'temporary', 'rate-limit']);

/**
 * Whether a send that failed with `error` may go again on its own once OK is reachable (what is
 * recorded on the item as `autoRetry`). A cancel (also of the wait OK asked for) is the user's:
 * never. A connection that failed for a reason a retry does not change (a rejected certificate,
 * wrong proxy credentials) neither.
 */
export function passesLater(error: unknown): boolean {
  if (!isOkApiError(error)) return false;
  if (error.kind === 'cancelled' || !PASSING.has(error.kind)) return false;
  return !(error.connection && !worthRetrying(error.connection));
}

/** Whether the Outbox sends this item again on its own (see {@link passesLater}). */
export function retriesOnItsOwn(item: Pick<OutboxItem, 'autoRetry' | 'delivery' | 'state'>): boolean {
  return item.autoRetry === true && item.state === undefined && (item.delivery === 'not-sent' || item.delivery === 'rejected');
}

export interface AutoRetryTimings {
  /** The wait before the first round after a failure (ms). */
  firstMs: number;
  /** The longest wait between rounds (ms); OK's own wait (`Retry-After`) is honoured up to it. */
  maxMs: number;
}

export const DEFAULT_AUTO_RETRY: AutoRetryTimings = { firstMs: 30_000, maxMs: 60 * 60_000 };

/**
 * The wait before the next round and the new state: after a round that ended in a failure a later
 * attempt may get past, doubled per round in a row (first `firstMs`), at least what OK asked for,
 * never longer than `maxMs`; after a round that sent everything, `firstMs` (for what fails next).
 */
export function nextRetry(t: AutoRetryTimings, state: BackoffState, outcome: RoundOutcome): { delayMs: number; state: BackoffState } {
  // nextRound doubles from the first failure on; the first round after a failure waits firstMs
  const next = nextRound(t.firstMs / 2, state, outcome, t.maxMs);
  if (!next || outcome.kind === 'ok') return { delayMs: t.firstMs, state: { failures: 0 } };
  return { delayMs: Math.min(t.maxMs, Math.max(t.firstMs, next.delayMs)), state: next.state };
}
