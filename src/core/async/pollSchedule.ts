/**
 * The one poll policy of the extension, pure (a fake clock tests it): whether the window is in
 * use, whether the background poll of unread counts may run now, the wait after a round (longer
 * after errors, at least what OK asked for on a rate limit, none after a refused token), and the
 * gap between the chats of one round. The unread poll (extension/unread/unreadPoll.ts) and a
 * visible conversation's reads (extension/conversation/panelPoll.ts) both follow it.
 */

/** The window counts as in use this long after it lost focus. */
export const RECENT_FOCUS_MS = 5 * 60_000;
/** The longest wait after errors. */
export const MAX_BACKOFF_MS = 60 * 60_000;
/** The longest gap between two chats of one round. */
export const MAX_CHAT_GAP_MS = 5_000;

export interface PollConditions {
  /** The interval in ms; 0: the poll is off. */
  intervalMs: number;
  hasToken: boolean;
  /** Restricted Mode: false. */
  trusted: boolean;
  focused: boolean;
  /** When the window was last focused (ms), if ever since activation. */
  lastFocusedAt: number | undefined;
  chatCount: number;
  /** OK refused the token: no polling until it changes. */
  authStopped: boolean;
}

/** The window is focused, or was until {@link RECENT_FOCUS_MS} ago (`lastFocusedAt`: when it last gained or lost focus). */
export function windowInUse(focused: boolean, lastFocusedAt: number | undefined, now: number): boolean {
  return focused || (lastFocusedAt !== undefined && now - lastFocusedAt <= RECENT_FOCUS_MS);
}

/** Why the poll does not run now, or undefined when it may. */
export function whyNotPoll(c: PollConditions, now: number): string | undefined {
  if (c.intervalMs <= 0) return 'off';
  if (!c.trusted) return 'untrusted';
  if (!c.hasToken) return 'no token';
  if (c.authStopped) return 'token refused';
  if (c.chatCount === 0) return 'no saved chats';
  if (!windowInUse(c.focused, c.lastFocusedAt, now)) return 'window not in use';
  return undefined;
}

/** How a round ended. */
export type RoundOutcome = { kind: 'ok' } | { kind: 'error' } | { kind: 'rate-limit'; retryAfterMs?: number } | { kind: 'auth' };

/**
 * How a round that ended in `failure` counts (undefined: it went through), for the unread poll,
 * a conversation's reads and the Outbox's own retries alike. Read by the fields of an OkApiError
 * (`kind`, `retryAfterMs`), so that one made in another bundle counts the same: a refused token
 * stops the rounds, a rate limit waits at least what OK asked for, any other failure backs off.
 */
export function roundOutcome(failure: unknown): RoundOutcome {
  if (failure === undefined) return { kind: 'ok' };
  const f = (typeof failure === 'object' && failure !== null ? failure : {}) as { kind?: unknown; retryAfterMs?: unknown };
  if (f.kind === 'auth' || f.kind === 'user-token') return { kind: 'auth' };
  if (f.kind === 'rate-limit') return { kind: 'rate-limit', ...(typeof f.retryAfterMs === 'number' ? { retryAfterMs: f.retryAfterMs } : {}) };
  return { kind: 'error' };
}

export interface BackoffState {
  /** Rounds in a row that ended in an error. */
  failures: number;
}

/**
 * The wait before the next round and the new state. Errors double the interval per failure in a
 * row (up to `maxBackoffMs`, {@link MAX_BACKOFF_MS} unless given); a rate limit waits at least
 * what OK asked for; `auth` returns undefined: no next round until the token changes.
 */
export function nextRound(intervalMs: number, state: BackoffState, outcome: RoundOutcome, maxBackoffMs = MAX_BACKOFF_MS): { delayMs: number; state: BackoffState } | undefined {
  switch (outcome.kind) {
    case 'ok':
      return { delayMs: intervalMs, state: { failures: 0 } };
    case 'auth':
      return undefined;
    case 'error':
    case 'rate-limit': {
      const failures = state.failures + 1;
      const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** failures);
      const asked = outcome.kind === 'rate-limit' ? (outcome.retryAfterMs ?? 0) : 0;
      return { delayMs: Math.max(intervalMs, backoff, asked), state: { failures } };
    }
  }
}

/** The gap between two chats of one round: the round takes at most half the interval. */
export function chatGapMs(intervalMs: number, chatCount: number): number {
  if (chatCount <= 1) return 0;
  return Math.min(MAX_CHAT_GAP_MS, Math.floor(intervalMs / 2 / chatCount));
}

/** The interval of `okChat.unreadPollMinutes`: 0 (off) or at least 2 minutes. */
export function pollIntervalMs(minutes: unknown, msPerMinute = 60_000): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) return minutes === 0 ? 0 : 2 * msPerMinute;
  return Math.max(2, minutes) * msPerMinute;
}
