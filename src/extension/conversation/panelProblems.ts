// Why a conversation panel cannot show the chat, in words for a person, with the real next try;
// the technical error goes to the log only. Pure: the translations come in as `l10n` (the
// panel passes `vscode.l10n`), so a unit test checks the wording.
// (the type import names the translation module for `npm run l10n`, which finds `l10n.t` calls by it)
import type * as l10n from '@vscode/l10n';
import type { NoticeData } from '../../webview/conversation/conversationProtocol';

/** `vscode.l10n` or `@vscode/l10n`: what the wording needs of them. */
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): ReturnType<typeof l10n.t>;
}

/** What the panel knows of a failed read (the fields of OkApiError it needs; anything else is "unknown"). */
interface ErrorFacts {
  kind?: unknown;
  delivery?: unknown;
  code?: unknown;
  httpStatus?: unknown;
}

/**
 * The notice for a failed read. `retryAt`: when the panel reads again (undefined: not scheduled
 * now, e.g. while hidden; the page then says "soon"). A refused or missing token has no next try:
 * the panel waits for a new token, and the notice offers to set it.
 */
export function problemNotice(e: unknown, retryAt: number | undefined, l10n: L10n): NoticeData {
  const f = (typeof e === 'object' && e !== null ? e : {}) as ErrorFacts;
  const setToken = { label: l10n.t('Set Token'), id: 'setToken' as const };
  const showLog = { label: l10n.t('Show Log'), id: 'showLog' as const };
  const at = retryAt === undefined ? {} : { retryAt };
  switch (f.kind) {
    case 'auth':
    case 'user-token':
      if (f.kind === 'auth' && f.delivery === 'not-sent' && f.code === undefined && f.httpStatus === undefined) return { text: l10n.t('Set the access token to read this chat.'), action: setToken };
      return { text: l10n.t('The token was refused — set it again.'), action: setToken };
    case 'rate-limit':
      return { text: l10n.t('OK asked to wait — trying again {0}'), ...at };
    case 'network':
    case 'timeout':
    case 'temporary':
      return { text: l10n.t('OK can\'t be reached — trying again {0}'), ...at };
    case 'bad-response':
      return { text: l10n.t('Some messages can\'t be shown — trying again {0}'), ...at, action: showLog };
    case 'not-found':
      return { text: l10n.t('OK doesn\'t know this chat, or the group is no longer in it — trying again {0}'), ...at };
    case 'permission':
      return { text: l10n.t('OK doesn\'t let the group read this chat — trying again {0}'), ...at };
    default:
      return { text: l10n.t('Messages can\'t be loaded — trying again {0}'), ...at, action: showLog };
  }
}

/** The technical detail of a failed read, for the log. */
export function problemDetail(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
