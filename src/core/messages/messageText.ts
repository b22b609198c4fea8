import { InputError } from '../model/ids';
import * as l10n from '@vscode/l10n';

export const DEFAULT_MAX_MESSAGE_LENGTH = 4000;
/**
 * The most parts one message is split into. 50 parts of 4000 characters is 200 000 characters,
 * about 4 000 lines: past that, a chat of numbered parts is unreadable (and takes minutes to
 * send under OK's rate limits); the text belongs in a file.
 */
export const MAX_MESSAGE_PARTS = 50;

/**
 * Characters that show nothing: white space, zero-width spaces and joiners, the BOM, soft
 * hyphen, direction marks and isolates, Hangul fillers, the Mongolian vowel separator.
 */
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180e],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];

/** True when `text` is empty or holds only characters that show nothing (spaces, zero-width characters…). */
export function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (/\s/.test(text[i])) continue;
    if (!INVISIBLE_RANGES.some(([from, to]) => c >= from && c <= to)) return false;
  }
  return true;
}
/**
 * The header above a snippet. Variables: {path} {startLine} {endLine} {lines} {language}, and
 * where the file is in a repository with a known host: {link} (the page of those lines),
 * {commit} (short) and {branch}.
 */
export const DEFAULT_SNIPPET_HEADER = '{path}:{lines} ({language})';

export interface Snippet {
  /** Path relative to the workspace folder, with forward slashes. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  language: string;
  code: string;
  /** The web page of these lines, the commit and the branch, when known. */
  link?: string;
  commit?: string;
  branch?: string;
}

/** Fills `{name}` variables; unknown variables are left as written so typos are visible. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The header of a snippet. A line of the template whose variables are all empty (say `{link}`
 * outside a repository) is left out, and spaces an empty variable leaves at a line's end go.
 */
export function snippetHeader(snippet: Omit<Snippet, 'code'>, template = DEFAULT_SNIPPET_HEADER): string {
  const lines = snippet.startLine === snippet.endLine ? String(snippet.startLine) : `${snippet.startLine}-${snippet.endLine}`;
  const vars: Record<string, string | number> = {
    path: snippet.path,
    startLine: snippet.startLine,
    endLine: snippet.endLine,
    lines,
    language: snippet.language || 'plaintext',
    link: snippet.link ?? '',
    commit: snippet.commit ? snippet.commit.slice(0, 7) : '',
    branch: snippet.branch ?? '',
  };
  return template
    .split(/\r?\n/)
    .filter((line) => {
      const used = [...line.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
      return used.length === 0 || used.some((name) => vars[name] === undefined || vars[name] !== '');
    })
    .map((line) => fillTemplate(line, vars).trimEnd())
    .join('\n');
}

/** The links the text does not have yet: each once, trimmed, in order. */
export function linksNotIn(text: string, urls: readonly string[]): string[] {
  return [...new Set(urls.map((url) => url.trim()))].filter((url) => url && !text.includes(url));
}

/** The text with these links as lines under it: each link once, none that the text already has. */
export function withLinks(text: string, urls: readonly string[]): string {
  const missing = linksNotIn(text, urls);
  return missing.length === 0 ? text : `${text}\n${missing.join('\n')}`;
}

/**
 * Lines (links) as few messages as fit in `maxLength` each, one per line, never cut inside a
 * line; only a line longer than `maxLength` by itself is cut (never inside a surrogate pair).
 */
export function linesInMessages(lines: readonly string[], maxLength: number): string[] {
  const messages: string[] = [];
  for (const line of lines) {
    const last = messages.length - 1;
    if (last >= 0 && messages[last].length + 1 + line.length <= maxLength) messages[last] += `\n${line}`;
    else messages.push(...(line.length <= maxLength ? [line] : (cut(line, maxLength, Infinity) ?? [line])));
  }
  return messages;
}

/** A snippet as a plain-text message: the header, then the code exactly as it is. */
export function formatSnippet(snippet: Snippet, template = DEFAULT_SNIPPET_HEADER): string {
  if (isBlankText(snippet.code)) {
    throw new InputError(l10n.t('The selection is empty. Select some code to send.'), 'text');
  }
  return `${snippetHeader(snippet, template)}\n${snippet.code}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts `text` into pieces of at most `max` UTF-16 units, preferring line ends, never inside a surrogate pair or CRLF. */
function cut(text: string, max: number, limit: number): string[] | undefined {
  const pieces: string[] = [];
  // Positions in `text`, never copies of the rest: linear in the length of the text.
  let start = 0;
  while (text.length - start > max) {
    if (pieces.length >= limit) return undefined;
    let end = text.lastIndexOf('\n', start + max - 1) + 1; // keep the newline with its line
    if (end <= start) {
      end = start + max;
      if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
      if (text.charCodeAt(end - 1) === 0x0d && text.charCodeAt(end) === 0x0a) end -= 1;
      if (end <= start) end = start + max; // max of 1 with a pair: nothing better is possible
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces.length > limit ? undefined : pieces;
}

function tooLong(text: string, maxLength: number): InputError {
  return new InputError(
    l10n.t('The message is too long: {0} characters would take more than {1} messages of {2}. Send it as a file instead.', text.length, MAX_MESSAGE_PARTS, maxLength),
    'text',
    'too-long',
  );
}

const partPrefix = (i: number, n: number) => `(${i}/${n}) `;

/**
 * Splits a message that is longer than `maxLength` into numbered parts `(1/3) …`,
 * each at most `maxLength` UTF-16 units, cut at line ends where possible.
 * Text is never changed otherwise: CRLF, tabs, Cyrillic and emoji survive.
 */
export function splitMessage(text: string, maxLength = DEFAULT_MAX_MESSAGE_LENGTH): string[] {
  if (typeof text !== 'string' || isBlankText(text)) {
    throw new InputError(l10n.t('The message is empty. Type some text to send.'), 'text', 'empty');
  }
  if (!Number.isInteger(maxLength) || maxLength < 20) {
    throw new InputError(l10n.t('The maximum message length must be a whole number of at least 20.'), 'maxLength');
  }
  if (text.length <= maxLength) return [text];
  // Each part holds at most maxLength characters: more than that many in all cannot fit.
  if (text.length > MAX_MESSAGE_PARTS * maxLength) throw tooLong(text, maxLength);
  // The prefix width depends on the number of parts; grow the guess until it is stable.
  let guess = Math.ceil(text.length / maxLength) + 1;
  for (;;) {
    const budget = maxLength - partPrefix(guess, guess).length;
    const pieces = cut(text, budget, MAX_MESSAGE_PARTS);
    if (!pieces) throw tooLong(text, maxLength);
    if (String(pieces.length).length <= String(guess).length) {
      return pieces.map((p, i) => partPrefix(i + 1, pieces.length) + p);
    }
    guess = pieces.length;
  }
}
