/**
 * JSON whose long integers survive: `JSON.parse` turns every number into a double, so an id such
 * as a message's `seq` (beyond 2^53) comes back rounded, silently. Here every integer written with
 * more than {@link MAX_EXACT_DIGITS} digits is read as a string of its digits instead (`-` kept);
 * every other number, and everything inside strings, is read as `JSON.parse` reads it.
 */

/** The most digits an integer may have to be read as a number: 15 digits are always exact. */
export const MAX_EXACT_DIGITS = 15;

/** A JSON number as written: sign, integer part, optional fraction, optional exponent. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * The JSON text with each long integer (outside strings) put in quotes. Only the characters
 * outside string literals are looked at; a string's escapes (`\"`, `\\`) are skipped as such.
 * Malformed JSON stays malformed (JSON.parse then refuses it as before).
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++; // past the closing quote
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) {
        i++;
        continue;
      }
      const token = m[0];
      const digits = token.startsWith('-') ? token.length - 1 : token.length;
      if (digits > MAX_EXACT_DIGITS && /^-?[0-9]+$/.test(token)) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = i + token.length;
      }
      i += token.length;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `JSON.parse`, with integers of more than 15 digits read as strings (see {@link quoteLongIntegers}). */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}
