// What the page's polite live region says when new messages come (never for the first load or a
// page built again: opening a chat must not read its history aloud). Pure (no DOM), so Node tests load it.
import { countText } from '../../core/messages/plural';
import type { LineData } from './conversationProtocol';

export interface AnnounceStrings {
  /** "New message from {0}: {1}" */
  newMessageFrom: string;
  /** "{0} new message|{0} new messages" (the plural forms of the display language) */
  newMessagesCount: string;
}

const SHORT = 120;

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > SHORT ? `${t.slice(0, SHORT - 1)}…` : t;
}

/** The words for newly arrived lines from others; undefined when there is nothing to say. */
export function announcement(lines: readonly LineData[], strings: AnnounceStrings, locale: string, attachment: string): string | undefined {
  const theirs = lines.filter((l) => l.kind === 'message' && !l.ours);
  if (theirs.length === 0) return undefined;
  if (theirs.length === 1) {
    const l = theirs[0];
    const what = short(l.text) || (l.attachments?.length ? (l.attachments[0].name ?? attachment) : '');
    return strings.newMessageFrom.replace(/\{([01])\}/g, (_, i: string) => (i === '0' ? (l.sender ?? '') : what));
  }
  return countText(theirs.length, strings.newMessagesCount, locale).replace('{0}', () => String(theirs.length));
}
