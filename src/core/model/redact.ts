/**
 * Removes access tokens from any text the core produces or prints (errors, log lines, URLs, a
 * build's output).
 *
 * A known secret is found in every form it can take in such text, character by character, so
 * mixed forms are found too: as typed; percent-encoded with upper- or lower-case hex
 * (`encodeURIComponent`, `encodeURI`, the `application/x-www-form-urlencoded` form that
 * `URLSearchParams` produces — the one the client puts on the wire — with `+` for a space),
 * percent-encoded twice (`%253A`); JSON-escaped (`\u003a`, `\"`, `\\`, `\/`); as an HTML
 * character reference (`&#58;`, `&#x3a;`, `&colon;`); with invisible or layout characters
 * between its characters (zero-width spaces and joiners U+200B–U+200D, U+2060, U+FEFF, the
 * soft hyphen U+00AD, ANSI colour codes, spaces). As a whole it is also found base64- and
 * base64url-encoded at any of the three byte alignments inside a longer blob (with or without
 * padding) and hex-encoded in either case (see ./redactEncoded). The part after the first `:`
 * (the secret half of an OK token) is hidden on its own as well.
 */
import { hideEncoded } from './redactEncoded';

const TOKEN_IN_QUERY = /(access_token(?:=|%3d))[^&\s"'<>#()[\]\\]+/gi;
const TOKEN_IN_JSON = /((?:"|\\")access_token(?:"|\\")\s*:\s*(?:"|\\"))(?:[^"\\]|\\(?!")|\\\\)*((?:\\)?")/gi;
const TOKEN_SHAPE = /\btkn[0-9A-Za-z_-]{2,}(?::|%3a|\\u003a|%253a)[0-9A-Za-z_-]{4,}/gi;

/** The shortest secret (or secret half) that is searched for; shorter ones would hide ordinary words. */
const MIN_SECRET = 4;

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** A regex source matching one hex digit string in either case: `3a` → `3[aA]`. */
function anyCaseHex(hex: string): string {
  return [...hex].map((d) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d)).join('');
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** HTML's named references for the punctuation a token may hold (letters and digits have none). */
const HTML_NAMED: Record<string, string> = {
  ':': 'colon', '.': 'period', '_': 'lowbar', '+': 'plus', '/': 'sol', '=': 'equals', '~': 'tilde', '!': 'excl', '*': 'ast', '(': 'lpar', ')': 'rpar',
  "'": 'apos', '"': 'quot', '&': 'amp', '%': 'percnt', '#': 'num', '$': 'dollar', '?': 'quest', '@': 'commat', ',': 'comma', ';': 'semi',
  '[': 'lsqb', ']': 'rsqb', '{': 'lcub', '}': 'rcub', '|': 'vert', '^': 'Hat', '`': 'grave', '\\': 'bsol', '<': 'lt', '>': 'gt',
};

/**
 * What may stand between two characters of a secret and still show it to a reader: zero-width
 * characters, the soft hyphen, spaces, and SGR (colour) codes of a terminal.
 */
const BETWEEN = '(?:[\\u200b-\\u200d\\u2060\\ufeff\\u00ad ]|\\x1b\\[[0-9;]{0,16}m)*';

const JSON_SHORT: Record<string, string> = { '"': '\\\\"', '\\': '\\\\\\\\', '/': '\\\\/', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t', '\b': '\\\\b', '\f': '\\\\f' };

/** Every form one character (one code point) may take in text that holds the secret. */
function charForms(ch: string): string {
  const forms = new Set<string>([escapeRe(ch)]);
  const bytes = [...Buffer.from(ch, 'utf8')];
  forms.add(bytes.map((b) => `%(?:25)?${anyCaseHex(hex(b, 2))}`).join(''));
  const units: number[] = [];
  for (let i = 0; i < ch.length; i++) units.push(ch.charCodeAt(i));
  forms.add(units.map((u) => `\\\\u${anyCaseHex(hex(u, 4))}`).join(''));
  const cp = ch.codePointAt(0) ?? 0;
  forms.add(`&#0*${cp};?`);
  forms.add(`&#[xX]0*${anyCaseHex(hex(cp, 1))};?`);
  if (HTML_NAMED[ch]) forms.add(`&${HTML_NAMED[ch]};`);
  if (ch === ' ') forms.add('\\+');
  if (JSON_SHORT[ch]) forms.add(JSON_SHORT[ch]);
  return forms.size === 1 ? [...forms][0] : `(?:${[...forms].join('|')})`;
}

const cache = new Map<string, RegExp>();

/** A regex that finds `secret` in any of the forms described above (cached per secret). */
function secretPattern(secret: string): RegExp {
  let re = cache.get(secret);
  if (!re) {
    re = new RegExp([...secret].map(charForms).join(BETWEEN), 'g');
    if (cache.size > 32) cache.clear();
    cache.set(secret, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The strings to hide for one secret: the whole, and the part after the first `:`. */
function secretParts(secret: string): string[] {
  const parts = [secret];
  const colon = secret.indexOf(':');
  if (colon >= 0) {
    const half = secret.slice(colon + 1);
    if (half.length >= MIN_SECRET) parts.push(half);
  }
  return parts;
}

// What BETWEEN allows, for the quick check (mayHold).
// eslint-disable-next-line no-control-regex
const BETWEEN_CHARS = /[\u200b-\u200d\u2060\ufeff\u00ad ]|\x1b\[[0-9;]{0,16}m/g;
const HTML_NAMED_BACK = new Map(Object.entries(HTML_NAMED).map(([c, name]) => [`&${name};`, c]));
const JSON_SHORT_BACK: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const ENCODED_UNIT = /(?:%[0-9a-f]{2})+|\\u[0-9a-f]{4}|\\["\\/bfnrt]|&#[xX]([0-9a-f]+);?|&#(\d+);?|&[a-z]+;/gi;

/** One pass of decoding every form charForms knows (percent, twice by a second pass; JSON; HTML). */
function decodeForms(text: string): string {
  return text.replace(ENCODED_UNIT, (unit: string, hexRef?: string, decRef?: string) => {
    if (unit[0] === '%') return Buffer.from(unit.replace(/%/g, ''), 'hex').toString('utf8');
    if (unit[0] === '\\') return unit[1] === 'u' ? String.fromCharCode(parseInt(unit.slice(2), 16)) : (JSON_SHORT_BACK[unit[1]] ?? unit[1]);
    const cp = hexRef ? parseInt(hexRef, 16) : decRef ? Number(decRef) : undefined;
    if (cp !== undefined) return cp <= 0x10ffff ? String.fromCodePoint(cp) : unit;
    return HTML_NAMED_BACK.get(unit) ?? unit;
  });
}

/** What the quick check reads in a text: without what may stand between characters, and decoded once and twice. */
interface Readings {
  texts: string[];
  /** The same with `+` removed too (a space in the form encoding), made when a part with spaces asks. */
  withoutPlus?: string[];
}

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]{0,16}m/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** `text` without what may stand between characters (the same as removing BETWEEN_CHARS, in faster passes). */
function strip(text: string): string {
  let out = text.includes('\x1b') ? text.replace(SGR, '') : text;
  ZERO_WIDTH.lastIndex = 0;
  if (ZERO_WIDTH.test(out)) out = out.replace(ZERO_WIDTH, '');
  return out.replaceAll(' ', '');
}

function readingsOf(text: string): Readings {
  const stripped = strip(text);
  if (!/[%\\&]/.test(stripped)) return { texts: [stripped] };
  const once = decodeForms(stripped);
  return { texts: [stripped, strip(once), strip(decodeForms(once))] };
}

/**
 * Whether a text may hold `part` in a form secretPattern finds, told without that pattern (whose
 * compilation costs tens of milliseconds, too much for every line the CLI prints): one of its
 * readings holds the part without what may stand between characters. Finds all the pattern
 * finds, and more (the pattern then decides).
 */
function mayHold(readings: Readings, part: string): boolean {
  const bare = part.replace(BETWEEN_CHARS, '');
  if (readings.texts.some((r) => r.includes(bare))) return true;
  if (!part.includes(' ')) return false;
  readings.withoutPlus ??= readings.texts.map((r) => r.replace(/\+/g, ''));
  return readings.withoutPlus.some((r) => r.includes(bare));
}

export function redact(text: string, ...secrets: Array<string | undefined>): string {
  // Known secrets first: the generic patterns below would otherwise hide only a prefix of a
  // token with unusual characters and leave the rest for the known-secret search to miss.
  let out = String(text);
  let readings: Readings | undefined; // of `out`, made again only after something was hidden
  const parts = [...new Set(secrets)].filter((s): s is string => !!s && s.length >= MIN_SECRET).flatMap(secretParts);
  // Each part in every form before the next: the whole token before its secret half alone.
  for (const part of parts) {
    const before = out;
    // as typed, and encoded as a whole: plain searches
    if (out.includes(part)) out = out.split(part).join('***');
    out = hideEncoded(out, part);
    if (out !== before) readings = undefined;
    // character by character in any form, split or mixed: the pattern, where the quick check says it may be
    if (mayHold((readings ??= readingsOf(out)), part)) {
      out = out.replace(secretPattern(part), '***');
      readings = undefined;
    }
  }
  return out.replace(TOKEN_IN_QUERY, '$1***').replace(TOKEN_IN_JSON, '$1***$2').replace(TOKEN_SHAPE, '***');
}
