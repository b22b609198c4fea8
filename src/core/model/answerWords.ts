/** Words for what OK asked or what answered instead of OK, in the sentences of errors. */
import * as l10n from '@vscode/l10n';

/**
 * What answered a request to OK's API with a 2xx that is not a JSON object: an HTML page, plain
 * text, an empty body, or JSON that is not an object (an array, a string, a number).
 */
export type ForeignAnswer = 'html' | 'text' | 'empty' | 'json';

/** A wait OK asked for, in words: `45 s`, `5 min`, `2 h`. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return l10n.t('{0} s', seconds);
  if (seconds < 2 * 3600) return l10n.t('{0} min', Math.ceil(seconds / 60));
  return l10n.t('{0} h', Math.round((seconds / 3600) * 10) / 10);
}

/** What answered instead of OK, for a sentence: "an HTML page: a proxy or a captive portal?". */
export function describeForeignAnswer(answer: ForeignAnswer | undefined): string {
  switch (answer) {
    case 'html':
      return l10n.t('an HTML page: a proxy or a captive portal?');
    case 'empty':
      return l10n.t('an empty answer');
    case 'json':
      return l10n.t('JSON that is not an object');
    default:
      return l10n.t('plain text: a proxy or a captive portal?');
  }
}
