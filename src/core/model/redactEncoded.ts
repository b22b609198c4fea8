/**
 * A known secret encoded as a whole: base64 and base64url (at any byte alignment inside a longer
 * blob, padded or not) and hex in either case. Used by ./redact for every secret it is given.
 *
 * Base64 encodes three bytes as four characters, so where the secret starts inside a blob (its
 * offset modulo 3) changes every character. For each of the three alignments, the characters that
 * depend on the secret's bytes alone are the same wherever the secret is: that run is searched
 * for as it is and is replaced. The one or two characters at its edges mix in neighbouring bytes
 * and carry a few bits of the secret at most.
 */

/** Secrets shorter than this are not searched for encoded: their encodings are too short to be told from other data. */
const MIN_ENCODED = 8;

interface Encodings {
  /** The base64 and base64url runs of each alignment. */
  base64: string[];
  /** The hex of the bytes, either case. */
  hex: RegExp;
}

const cache = new Map<string, Encodings>();

function base64Runs(bytes: Buffer): string[] {
  const runs = new Set<string>();
  for (const align of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64').replace(/=+$/, '');
    // The first `align + 1` characters (none when aligned) mix in the bytes before the secret;
    // the last one, when the secret does not end on a group boundary, the bytes after it.
    const start = align === 0 ? 0 : align + 1;
    const end = (align + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    const run = encoded.slice(start, end);
    runs.add(run);
    runs.add(run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...runs];
}

function encodings(secret: string): Encodings {
  let found = cache.get(secret);
  if (!found) {
    const bytes = Buffer.from(secret, 'utf8');
    found = { base64: base64Runs(bytes), hex: new RegExp(bytes.toString('hex'), 'gi') };
    if (cache.size > 32) cache.clear();
    cache.set(secret, found);
  }
  return found;
}

/** `text` with every base64, base64url and hex encoding of `secret` replaced by `***`. */
export function hideEncoded(text: string, secret: string): string {
  if (secret.length < MIN_ENCODED) return text;
  const { base64, hex } = encodings(secret);
  let out = text;
  for (const run of base64) if (out.includes(run)) out = out.split(run).join('***');
  hex.lastIndex = 0;
  return out.replace(hex, '***');
}
