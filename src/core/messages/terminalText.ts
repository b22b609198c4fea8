/**
 * Text from OK (what chat members wrote, their names, chat titles, OK's error messages) made safe
 * to print on a terminal. Anyone in a chat can write escape sequences: OSC 52 writes the reader's
 * clipboard, cursor moves and erases forge earlier lines, a carriage return overwrites the start
 * of a line, bidi overrides make text read differently from what it is.
 *
 * Nothing is removed; what a terminal would act on is shown as a visible escape instead:
 * - C0 controls (but the line feed, and the tab in multi-line text), DEL and the C1 controls
 *   (U+0080–U+009F, among them the one-character CSI U+009B) as `\x1b`, `\x7f`, `\x9b`; an escape
 *   sequence thus shows as text (`\x1b]52;c;…\x07`) and does nothing;
 * - the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible
 *   direction marks (U+200E, U+200F, U+061C) as `\u202e` etc.: marks change how the text around
 *   them is ordered, and a terminal that orders bidi text does so without them;
 * - the line and paragraph separators U+2028 and U+2029, which some terminals and tools take for
 *   line breaks, as `\u2028`.
 * A carriage return before a line feed is a line end (`\r\n` → `\n`); a lone one shows as `\r`
 * (as do `\b`, `\v`, `\f`).
 */

// eslint-disable-next-line no-control-regex
const UNSAFE_MULTILINE = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const UNSAFE_NON_C0 = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const LINE_BREAKS = /[ \t]*(?:[\r\n\t\v\f\u0085\u2028\u2029][ \t]*)+/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

const NAMED: Readonly<Record<string, string>> = { '\r\n': '\n', '\r': '\\r', '\b': '\\b', '\v': '\\v', '\f': '\\f' };

function escape(c: string): string {
  if (NAMED[c]) return NAMED[c];
  return c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
}

/** Multi-line text for a terminal: line feeds and tabs stay, every other control shows as an escape. */
export function terminalText(text: string): string {
  return String(text ?? '').replace(UNSAFE_MULTILINE, escape);
}

/**
 * One line for a terminal (a name, a title, a link): line breaks and tabs, with the spaces around
 * them, become one space; every other control shows as an escape.
 */
export function terminalLine(text: string): string {
  return terminalText(String(text ?? '').replace(LINE_BREAKS, ' '));
}

/**
 * JSON for a terminal: `JSON.stringify` escapes the C0 controls already; DEL, the C1 controls and
 * the bidi and separator characters become `\u` escapes too, which JSON reads back as the same text.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(UNSAFE_NON_C0, (c) => `\\u${hex(c, 4)}`);
}
