import { InputError } from './ids';
import { t } from './l10n';

export const DEFAULT_MAX_MESSAGE_LENGTH = 4000;
/** The header above a snippet. Variables: {path} {startLine} {endLine} {lines} {language}. */
export const DEFAULT_SNIPPET_HEADER = '{path}:{lines} ({language})';

export interface Snippet {
  /** Path relative to the workspace folder, with forward slashes. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  language: string;
  code: string;
}

/** Fills `{name}` variables; unknown variables are left as written so typos are visible. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

export function snippetHeader(snippet: Omit<Snippet, 'code'>, template = DEFAULT_SNIPPET_HEADER): string {
  const lines = snippet.startLine === snippet.endLine ? String(snippet.startLine) : `${snippet.startLine}-${snippet.endLine}`;
  return fillTemplate(template, {
    path: snippet.path,
    startLine: snippet.startLine,
    endLine: snippet.endLine,
    lines,
    language: snippet.language || 'plaintext',
  });
}

/** A snippet as a plain-text message: the header, then the code exactly as it is. */
export function formatSnippet(snippet: Snippet, template = DEFAULT_SNIPPET_HEADER): string {
  if (snippet.code.trim().length === 0) {
    throw new InputError(t('The selection is empty. Select some code to send.'), 'text');
  }
  return `${snippetHeader(snippet, template)}\n${snippet.code}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts `text` into pieces of at most `max` UTF-16 units, preferring line ends, never inside a surrogate pair or CRLF. */
function cut(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let end = rest.lastIndexOf('\n', max - 1) + 1; // keep the newline with its line
    if (end <= 0) {
      end = max;
      if (isHighSurrogate(rest.charCodeAt(end - 1))) end -= 1;
      if (rest.charCodeAt(end - 1) === 0x0d && rest.charCodeAt(end) === 0x0a) end -= 1;
      if (end <= 0) end = max; // max of 1 with a pair: nothing better is possible
    }
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  if (rest.length) pieces.push(rest);
  return pieces;
}

const partPrefix = (i: number, n: number) => `(${i}/${n}) `;

/**
 * Splits a message that is longer than `maxLength` into numbered parts `(1/3) …`,
 * each at most `maxLength` UTF-16 units, cut at line ends where possible.
 * Text is never changed otherwise: CRLF, tabs, Cyrillic and emoji survive.
 */
export function splitMessage(text: string, maxLength = DEFAULT_MAX_MESSAGE_LENGTH): string[] {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new InputError(t('The message is empty. Type some text to send.'), 'text', 'empty');
  }
  if (!Number.isInteger(maxLength) || maxLength < 20) {
    throw new InputError(t('The maximum message length must be a whole number of at least 20.'), 'maxLength');
  }
  if (text.length <= maxLength) return [text];
  // The prefix width depends on the number of parts; grow the guess until it is stable.
  let guess = Math.ceil(text.length / maxLength) + 1;
  for (;;) {
    const budget = maxLength - partPrefix(guess, guess).length;
    const pieces = cut(text, budget);
    if (String(pieces.length).length <= String(guess).length) {
      return pieces.map((p, i) => partPrefix(i + 1, pieces.length) + p);
    }
    guess = pieces.length;
  }
}
