/** A build's result and status, how it changed since the last run, and whether a rule reports it. */
import * as l10n from '@vscode/l10n';
import { InputError } from '../model/ids';
import type { BuildFindings } from './buildFindings';

/** `started`: a build that has begun (a message the result edits later); never a result to remember. */
export type BuildStatus = 'success' | 'failure' | 'cancelled' | 'started';

export interface BuildResult {
  /** What ran: a task label, a command, a CI job name. */
  name: string;
  /** The process exit code; undefined when there is none (killed, cancelled, not known). */
  exitCode?: number;
  /** Overrides the status derived from {@link exitCode} (e.g. a CI job status without an exit code). */
  status?: BuildStatus;
  durationMs?: number;
  workspace?: string;
  branch?: string;
  /** Where to look in CI (see ciEnvironment.ts): the run's page, the commit and its page, who pushed it, the PR number. */
  runUrl?: string;
  commit?: string;
  commitUrl?: string;
  author?: string;
  pr?: string;
  startedAt?: Date;
  finishedAt?: Date;
  /** The build's output (or its last lines); only failures show it, redacted. */
  output?: string;
  /** What failed (failed tests, problems); only failures show it, as {failedTests} or {problems}. */
  findings?: BuildFindings;
  kind?: 'task' | 'command' | 'ci';
}

/** How the status changed compared with the previous run of the same build. */
export type BuildTransition = 'broken' | 'fixed' | 'still-failing' | 'still-passing';

export type NotifyWhen = 'always' | 'failure' | 'success' | 'change';
export const NOTIFY_WHEN: readonly NotifyWhen[] = ['always', 'failure', 'success', 'change'];

export function isNotifyWhen(value: unknown): value is NotifyWhen {
  return typeof value === 'string' && (NOTIFY_WHEN as readonly string[]).includes(value);
}

/** 0 → success, any other number → failure, no exit code → cancelled (the process did not finish on its own). */
export function statusOf(exitCode: number | null | undefined): BuildStatus {
  if (exitCode === undefined || exitCode === null || Number.isNaN(exitCode)) return 'cancelled';
  return exitCode === 0 ? 'success' : 'failure';
}

/*
 * The words below go into messages posted to the team's chat. The chat's language is the team's,
 * not that of the editor that happens to post, so they are not translated (like the default
 * templates); a rule's own template can say it in any language.
 */
export function statusText(status: BuildStatus): string {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'failure':
      return 'failed';
    case 'started':
      return 'started';
    default:
      return 'was cancelled';
  }
}

export function transitionText(transition: BuildTransition | undefined): string {
  switch (transition) {
    case 'broken':
      return 'broken';
    case 'fixed':
      return 'fixed';
    case 'still-failing':
      return 'still failing';
    case 'still-passing':
      return 'still passing';
    default:
      return '';
  }
}

export const STATUS_ICONS: Readonly<Record<BuildStatus, string>> = { success: '✅', failure: '❌', cancelled: '⏹️', started: '⏳' };

export interface NotifyDecision {
  notify: boolean;
  transition?: BuildTransition;
  /** Why nothing is sent (when `notify` is false), as a sentence fragment for the user. */
  reason?: string;
}

/**
 * The transition from the previous status to this one. A cancelled run tells nothing:
 * it has no transition, and a cancelled previous run counts as unknown.
 * The first failure counts as `broken`; the first success is not `fixed`.
 */
export function transitionOf(status: BuildStatus, previous?: BuildStatus): BuildTransition | undefined {
  const prev = previous === 'cancelled' || previous === 'started' ? undefined : previous;
  if (status === 'failure') return prev === 'failure' ? 'still-failing' : 'broken';
  if (status === 'success') {
    if (prev === 'failure') return 'fixed';
    if (prev === 'success') return 'still-passing';
  }
  return undefined;
}

/** The status to remember for the next run: a cancelled run, or one that has only started, keeps the previous one. */
export function statusToRemember(status: BuildStatus, previous?: BuildStatus): BuildStatus | undefined {
  return status === 'cancelled' || status === 'started' ? previous : status;
}

/**
 * Decides whether a finished build is worth a message.
 * - `always`: every result.
 * - `failure` / `success`: only that status.
 * - `change`: only `broken` (a failure after a success, or the first failure seen) and
 *   `fixed` (a success after a failure). A first success with nothing to compare with is not sent.
 */
export function shouldNotify(when: NotifyWhen, status: BuildStatus, previousStatus?: BuildStatus): NotifyDecision {
  const transition = transitionOf(status, previousStatus);
  const yes = (): NotifyDecision => ({ notify: true, transition });
  const no = (reason: string): NotifyDecision => ({ notify: false, transition, reason });
  // A start is no result: posted only where every result is, and never a change.
  if (status === 'started' && isNotifyWhen(when)) return when === 'always' ? yes() : no(l10n.t('the build started, and a start is posted only when every result is'));
  switch (when) {
    case 'always':
      return yes();
    case 'failure':
      return status === 'failure' ? yes() : no(l10n.t('the build {0} and only failures are reported', statusText(status)));
    case 'success':
      return status === 'success' ? yes() : no(l10n.t('the build {0} and only successes are reported', statusText(status)));
    case 'change':
      if (transition === 'broken' || transition === 'fixed') return yes();
      if (transition === 'still-failing') return no(l10n.t('the build is still failing and only changes are reported'));
      if (transition === 'still-passing') return no(l10n.t('the build still passes and only changes are reported'));
      if (status === 'success') return no(l10n.t('the build succeeded, there is no earlier result to compare with, and only changes are reported'));
      return no(l10n.t('the build {0} and only changes are reported', statusText(status)));
    default:
      throw new InputError(l10n.t('Unknown notification rule "{0}". Expected one of: {1}.', String(when), NOTIFY_WHEN.join(', ')), 'when');
  }
}
