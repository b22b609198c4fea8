import * as vscode from 'vscode';
import { isOkApiError } from '../../core/model/okApiError';
import { core } from '../platform/lazyCore';
import { unreadPollMinutes } from '../platform/settings';
import type { Services } from '../services';
import { chatGapMs, nextRound, pollIntervalMs, whyNotPoll, type BackoffState, type RoundOutcome } from '../../core/async/pollSchedule';
import { UNREAD_PAGE } from './unreadCount';
import { sentIds } from '../outbox/sentIds';
import type { UnreadTracker } from './unreadTracker';

/** The first round waits this long after activation (activation itself does no request). */
const FIRST_ROUND_DELAY_MS = 60_000;

/** What the poll decided: a round ran or not (why not), and when the next one comes (undefined: none scheduled). */
export interface UnreadPollDecision {
  ran: boolean;
  why?: string;
  nextMs: number | undefined;
}

/** For tests (through `Services.tuning.unreadPoll`): shorter timings (a "minute" of the setting, the first delay) and a window taken as focused. */
export interface UnreadPollTimings {
  msPerMinute?: number;
  firstDelayMs?: number;
  focused?: boolean;
  /** told each decision (a test waits for it instead of a fixed time, then checks what happened) */
  onDecided?: (decision: UnreadPollDecision) => void;
}

/**
 * The slow background poll of unread counts: every `okChat.unreadPollMinutes`, one request for
 * the newest messages of each saved chat, the chats spread over the interval, only while a token
 * is set, the workspace is trusted, the window is (or was lately) focused and chats are saved.
 * Errors lengthen the wait, a rate limit waits at least what OK asked for, a refused token stops
 * the poll until the token changes. Nothing is loaded or requested at activation.
 */
export class UnreadPoll implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private backoff: BackoffState = { failures: 0 };
  private authStopped = false;
  private lastFocusedAt: number | undefined;
  private groupId: string | undefined;
  private running: Promise<Record<string, number>> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly s: Pick<Services, 'tokens' | 'chats' | 'api' | 'log' | 'tuning' | 'people'>, readonly tracker: UnreadTracker) {
    if (vscode.window.state.focused) this.lastFocusedAt = Date.now();
    this.subscriptions = [
      // focused now, or focused until now
      vscode.window.onDidChangeWindowState(() => (this.lastFocusedAt = Date.now())),
      s.tokens.onDidChange(() => {
        this.authStopped = false;
        this.groupId = undefined;
        this.backoff = { failures: 0 };
        this.schedule(this.intervalMs());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('okChat.unreadPollMinutes')) this.schedule(this.intervalMs());
        if (e.affectsConfiguration('okChat.apiBaseUrl')) this.groupId = undefined;
      }),
    ];
    this.schedule(FIRST_ROUND_DELAY_MS);
  }

  private get timings(): UnreadPollTimings {
    return this.s.tuning.unreadPoll ?? {};
  }

  private intervalMs(): number {
    return pollIntervalMs(unreadPollMinutes(), this.timings.msPerMinute);
  }

  /** `Services.tuning.unreadPoll` changed: the next round is scheduled again, after its first delay. */
  retuned(): void {
    this.schedule(this.timings.firstDelayMs ?? this.intervalMs());
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.intervalMs() <= 0) {
      this.timings.onDecided?.({ ran: false, why: 'off', nextMs: undefined });
      return;
    }
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private decided(ran: boolean, why: string | undefined, nextMs: number | undefined): void {
    this.timings.onDecided?.({ ran, ...(why === undefined ? {} : { why }), nextMs: this.timer ? nextMs : undefined });
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const interval = this.intervalMs();
    const hasToken = (await this.s.tokens.get()) !== undefined;
    const why = whyNotPoll(
      {
        intervalMs: interval,
        hasToken,
        trusted: vscode.workspace.isTrusted,
        focused: this.timings.focused ?? vscode.window.state.focused,
        lastFocusedAt: this.lastFocusedAt,
        chatCount: this.s.chats.size,
        authStopped: this.authStopped,
      },
      Date.now(),
    );
    if (why !== undefined) {
      if (!this.authStopped && interval > 0 && !this.timer) this.schedule(interval);
      this.decided(false, why, interval);
      return;
    }
    const outcome = await this.round(chatGapMs(interval, this.s.chats.size));
    const next = nextRound(interval, this.backoff, outcome.outcome);
    if (!next) {
      this.authStopped = true;
      this.s.log.warn('unread counts: OK refused the token; not asking again until the token changes');
      this.decided(true, 'token refused', undefined);
      return;
    }
    this.backoff = next.state;
    if (!this.timer) this.schedule(next.delayMs);
    this.decided(true, undefined, next.delayMs);
  }

  /** Polls every saved chat now (the command "Refresh Unread Counts"); resolves to the counts by chat. */
  refreshNow(): Promise<Record<string, number>> {
    return this.round(0).then((r) => {
      // what the client threw (an OkApiError, an InputError…), as any command's error
      if ('error' in r) throw r.error as Error;
      return r.counts;
    });
  }

  /** One round, chats one after another with `gapMs` between them; stops at the first failure. */
  private round(gapMs: number): Promise<{ outcome: RoundOutcome; counts: Record<string, number>; error?: unknown }> {
    const run = async () => {
      const counts: Record<string, number> = {};
      try {
        const ids = this.s.chats.all().map((c) => c.chatId);
        await this.tracker.follow(new Set(ids));
        const c = core();
        this.groupId ??= (await this.s.api.call(c.requests.getMeInfo())).group_id;
        const isOurs = c.oursBy({ groupId: this.groupId, sentIds: sentIds().snapshot() });
        for (const [i, chatId] of ids.entries()) {
          if (i > 0 && gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
          if (!this.s.chats.has(chatId)) continue;
          const seenAt = this.tracker.get(chatId)?.seenAt;
          // every message since the last seen, paged back (bounded: past it the count shows "500+")
          const pages = c.chatPages((req) => this.s.api.call(req), chatId);
          const { messages, gap } = await c.newSince(pages, { ...(seenAt === undefined ? {} : { since: seenAt + 1 }), pageSize: UNREAD_PAGE });
          const fullPage = gap ? messages.length : seenAt === undefined ? UNREAD_PAGE : Number.POSITIVE_INFINITY;
          counts[chatId] = (await this.tracker.update(chatId, messages, isOurs, fullPage)).count;
          await this.s.people.learn(this.groupId, messages);
        }
        return { outcome: { kind: 'ok' } as RoundOutcome, counts };
      } catch (e) {
        this.s.log.warn(`unread counts: ${e instanceof Error ? e.message : String(e)}`);
        const outcome: RoundOutcome = !isOkApiError(e)
          ? { kind: 'error' }
          : e.isAuth
            ? { kind: 'auth' }
            : e.kind === 'rate-limit'
              ? { kind: 'rate-limit', ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }) }
              : { kind: 'error' };
        return { outcome, counts, error: e };
      }
    };
    // one round at a time: a refresh during a background round waits for it, then runs its own
    const p = (this.running ?? Promise.resolve()).then(run, run);
    this.running = p.then((r) => r.counts);
    return p;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.subscriptions) d.dispose();
  }
}
