/**
 * How chats, unsent messages and times are shown in the editor (tree items, tooltips, the status
 * bar): plain functions of data, a clock and a locale, so they can be tested without VS Code.
 * The VS Code layer passes `vscode.env.language` as the locale.
 */
import * as l10n from '@vscode/l10n';
import { shortChatId } from '../model/ids';
import { countText } from './plural';

const accepted = new Map<string, string | undefined>();

/** A locale Intl accepts, else the runtime's default (VS Code's "qps-ploc" and the like). Checked once per locale. */
function intlLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  if (accepted.has(locale)) return accepted.get(locale);
  let result: string | undefined;
  try {
    result = Intl.DateTimeFormat.supportedLocalesOf([locale]).length ? locale : undefined;
  } catch {
    result = undefined;
  }
  accepted.set(locale, result);
  return result;
}

// Formatters are costly to create (a tree of 10 000 chats formats 30 000 times): one per locale.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(kind: string, locale: string | undefined, make: (locale: string | undefined) => T): T {
  const key = `${kind}\u0000${locale ?? ''}`;
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make(intlLocale(locale))));
  return f;
}

/** Hours and minutes as the locale writes them: `20:53` (ru, en-GB), `8:53 PM` (en-US). */
export function clockTime(date: Date, locale?: string): string {
  return cached('clock', locale, (l) => new Intl.DateTimeFormat(l, { hour: 'numeric', minute: '2-digit' })).format(date);
}

/** Date and time, short, as the locale writes them: `01.12.2026, 20:53` (ru). */
export function dateTime(date: Date, locale?: string): string {
  return cached('dateTime', locale, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' })).format(date);
}

const phrases = new Map<string, string>();

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/**
 * How long ago (or, for a clock that is behind, in how long), in the locale's words: "just now",
 * "5 minutes ago", "yesterday", "3 weeks ago" ("5 минут назад", "вчера").
 */
export function relativeTime(then: number, now: number, locale?: string): string {
  const diff = then - now;
  if (Math.abs(diff) < 45_000) return l10n.t('just now');
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') {
      const value = Math.round(diff / ms);
      // Few distinct phrases ("5 minutes ago"), each formatted once per locale.
      const key = `${locale ?? ''}\u0000${unit}\u0000${value}`;
      let phrase = phrases.get(key);
      if (phrase === undefined) {
        phrase = cached('relative', locale, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto', style: 'long' })).format(value, unit);
        phrases.set(key, phrase);
      }
      return phrase;
    }
  }
  return l10n.t('just now');
}

/** What a saved chat's tree item shows. */
export interface ChatInfo {
  chatId: string;
  title?: string;
  /** ACTIVE, LEFT or REMOVED as last seen on OK. */
  status?: string;
  members?: number;
  /** When something last happened in the chat (OK's lastEventTime, or the newest message an unread check read; ms). */
  lastEventTime?: number;
  /** Messages from others not seen yet, as shown ("3", "500+"); '' or undefined when none. */
  unread?: string;
}

export function isChatGone(chat: Pick<ChatInfo, 'status'>): boolean {
  return chat.status === 'LEFT' || chat.status === 'REMOVED';
}

/** "3 new", "500+ new" (the count as shown), in the plural form of the display language. */
export function unreadText(shown: string, locale?: string): string {
  const parsed = Number.parseInt(shown, 10);
  const n = Number.isFinite(parsed) ? parsed : 0;
  return countText(n, l10n.t('{0} new|{0} new', shown), locale ?? 'en');
}

/** "3 members" in the plural form of the display language. */
export function membersText(n: number, locale?: string): string {
  return countText(n, l10n.t('{0} member|{0} members', n), locale ?? 'en');
}

/**
 * `3 new · 3 members · 5 minutes ago`: the unread count first (a narrow side bar cuts the end of
 * the line); a chat the group left says so first.
 */
export function chatDescription(chat: ChatInfo, now: number, locale?: string): string {
  const parts: string[] = [];
  if (chat.status === 'LEFT') parts.push(l10n.t('left'));
  else if (chat.status === 'REMOVED') parts.push(l10n.t('removed'));
  if (chat.unread) parts.push(unreadText(chat.unread, locale));
  if (chat.members !== undefined) parts.push(membersText(chat.members, locale));
  if (chat.lastEventTime) parts.push(relativeTime(chat.lastEventTime, now, locale));
  return parts.join(' · ');
}

/**
 * The tooltip of a chat item, as Markdown lines (the caller escapes nothing: titles are escaped
 * here). It names only what the row's click and context menu do.
 */
export function chatTooltip(chat: ChatInfo, now: number, locale?: string): string {
  const lines = [`**${escapeMarkdown(chat.title?.trim() || shortChatId(chat.chatId))}**`, `\`${chat.chatId}\``];
  if (chat.members !== undefined) lines.push(membersText(chat.members, locale));
  if (chat.lastEventTime) {
    lines.push(l10n.t('Last activity: {0} ({1})', relativeTime(chat.lastEventTime, now, locale), dateTime(new Date(chat.lastEventTime), locale)));
  }
  if (chat.status === 'LEFT') lines.push(l10n.t('The group has left this chat: nothing can be sent to it.'));
  else if (chat.status === 'REMOVED') lines.push(l10n.t('OK no longer knows this chat: remove it from the list.'));
  else lines.push(l10n.t('Click to open the conversation. Right-click for more: send a message or an image, rename, members, remove.'));
  return lines.join('\n\n');
}

/** What an unsent message is shown with. */
export interface OutboxInfo {
  /** The chat's title now (or when it was queued), or undefined for direct messages. */
  chatTitle?: string;
  chatId?: string;
  userIds?: string[];
  createdAt: number;
  updatedAt: number;
  attempts: number;
  lastError?: string;
  /** "unknown": the last attempt may have reached OK. */
  delivery?: string;
  /** "sending": an attempt is running (or was running when VS Code stopped). */
  state?: string;
}

/** Who an unsent message was for: the chat's title, or the users of a direct message. */
export function outboxTarget(item: OutboxInfo): string {
  if (item.chatTitle?.trim()) return item.chatTitle.trim();
  if (item.chatId) return shortChatId(item.chatId);
  if (item.userIds?.length) return item.userIds.join(', ');
  return '?';
}

/** `→ Backend · 5 minutes ago` */
export function outboxDescription(item: OutboxInfo, now: number, locale?: string): string {
  const base = `→ ${outboxTarget(item)} · ${relativeTime(item.updatedAt, now, locale)}`;
  if (item.state === 'sending') return `${base} · ${l10n.t('sending…')}`;
  if (item.delivery === 'unknown') return `${base} · ${l10n.t('may have been sent')}`;
  return base;
}

export function outboxTooltip(item: OutboxInfo, now: number, locale?: string): string {
  const target = item.chatId ? `${escapeMarkdown(outboxTarget(item))} (\`${item.chatId}\`)` : escapeMarkdown(outboxTarget(item));
  const lines = [
    item.delivery === 'unknown' && item.state !== 'sending'
      ? l10n.t('**May have been sent** to {0}: OK may have it. Check the chat before retrying.', target)
      : l10n.t('**Not sent** to {0}', target),
  ];
  lines.push(l10n.t('First attempt: {0}', dateTime(new Date(item.createdAt), locale)));
  if (item.attempts > 0) lines.push(l10n.t('Last attempt: {0} (attempts: {1})', `${relativeTime(item.updatedAt, now, locale)}, ${clockTime(new Date(item.updatedAt), locale)}`, item.attempts));
  if (item.lastError) lines.push(l10n.t('Error: {0}', escapeMarkdown(item.lastError)));
  lines.push(l10n.t('Retry or discard it with the buttons on the row; right-click to copy its text.'));
  return lines.join('\n\n');
}

/** The status bar item of build notifications: what it shows for each state. */
export type BuildNotifyState =
  | { kind: 'idle' }
  | { kind: 'pending'; chat: string }
  | { kind: 'sent'; chat: string; at: Date; summary: string }
  | { kind: 'failed'; chat: string; at: Date; error: string };

export interface StatusView {
  /** with a `$(codicon)` first */
  text: string;
  tooltip: string;
  /** for screen readers */
  label: string;
  /** an error background */
  error: boolean;
}

export function buildStatusView(s: BuildNotifyState, locale?: string): StatusView {
  switch (s.kind) {
    case 'idle':
      return {
        text: '$(bell) OK Chat',
        tooltip: l10n.t('OK Chat build notifications are on. Click to edit the rules.'),
        label: l10n.t('OK Chat build notifications: on'),
        error: false,
      };
    case 'pending':
      return {
        text: `$(sync~spin) ${l10n.t('OK Chat: sending…')}`,
        tooltip: l10n.t('Sending a build notification to {0}…', s.chat),
        label: l10n.t('OK Chat build notifications: sending'),
        error: false,
      };
    case 'sent': {
      const time = clockTime(s.at, locale);
      return {
        text: `$(check) ${l10n.t('OK Chat: sent {0}', time)}`,
        tooltip: l10n.t('Build notification sent to {0} at {1}: {2}', s.chat, time, s.summary),
        label: l10n.t('OK Chat build notifications: sent'),
        error: false,
      };
    }
    case 'failed': {
      const time = clockTime(s.at, locale);
      return {
        text: `$(error) ${l10n.t('OK Chat: not sent')}`,
        tooltip: l10n.t('The build notification to {0} at {1} was not sent: {2} It is in the Outbox.', s.chat, time, s.error),
        label: l10n.t('OK Chat build notifications: not sent'),
        error: true,
      };
    }
  }
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * A chat's title as OK gives it, or for a DIALOG, which has none [doc], the other person
 * ("Dialog with user:N", when OK names one participant) or "Dialog".
 */
export function chatTitleOf(chat: { type?: string; title?: string; participants?: Record<string, unknown> }): string | undefined {
  if (chat.title?.trim()) return chat.title;
  if (chat.type !== 'DIALOG') return undefined;
  const people = Object.keys(chat.participants ?? {});
  return people.length === 1 ? l10n.t('Dialog with {0}', people[0]) : l10n.t('Dialog');
}
