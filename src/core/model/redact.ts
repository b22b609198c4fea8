/**
 * Removes access tokens from any text the core produces (errors, log lines, URLs).
 *
 * A known secret is found in every form it can take in such text, character by character, so
 * mixed forms are found too: as typed; percent-encoded with upper- or lower-case hex
 * (`encodeURIComponent`, `encodeURI`, the `application/x-www-form-urlencoded` form that
 * `URLSearchParams` produces — the one the client puts on the wire — with `+` for a space),
 * percent-encoded twice (`%253A`); JSON-escaped (`\u003a`, `\"`, `\\`, `\/`); as an HTML
 * character reference (`&#58;`, `&#x3a;`). The part after the first `:` (the secret half of an
 * OK token) is hidden on its own as well.
 */
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
  forms.add(`&#0*${cp};`);
  forms.add(`&#[xX]0*${anyCaseHex(hex(cp, 1))};`);
  if (ch === ' ') forms.add('\\+');
  if (JSON_SHORT[ch]) forms.add(JSON_SHORT[ch]);
  return forms.size === 1 ? [...forms][0] : `(?:${[...forms].join('|')})`;
}

const cache = new Map<string, RegExp>();

/** A regex that finds `secret` in any of the forms described above (cached per secret). */
function secretPattern(secret: string): RegExp {
  let re = cache.get(secret);
  if (!re) {
    re = new RegExp([...secret].map(charForms).join(''), 'g');
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

export function redact(text: string, ...secrets: Array<string | undefined>): string {
  // Known secrets first: the generic patterns below would otherwise hide only a prefix of a
  // token with unusual characters and leave the rest for the known-secret search to miss.
  let out = String(text);
  // Every form but the literal one needs one of % \ & + (see charForms): without them and without
  // the literal secret, there is nothing to find (and the large pattern need not be compiled).
  const encoded = /[%\\&+]/.test(out);
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    for (const part of secretParts(secret)) {
      if (encoded || out.includes(part)) out = out.replace(secretPattern(part), '***');
    }
  }
  return out.replace(TOKEN_IN_QUERY, '$1***').replace(TOKEN_IN_JSON, '$1***$2').replace(TOKEN_SHAPE, '***');
}
