// Every form a known token can take in a log, an error or a build's output, for a few realistic
// tokens: the redactor must leave none of them readable (a matrix, counted and printed).
import * as assert from 'node:assert/strict';
import { redact } from '../../src/core';
import { redactSecrets } from '../../src/core/notify/buildOutput';

/** OK group tokens: `tkn1` and letters and digits, a colon, the secret half; one with dots, dashes and underscores; one of no known shape. */
export const REALISTIC_TOKENS = [
  'tkn18YdUJZe:CQABPOJKAKEKEKEKE',
  'tkn1FakeTokenForTestsOnly0123456789xyzQw:CQABfakeSecretHalfForTestsOnly0123456789abcdefXYZ',
  'tkn1a.B-c_D9xYz7Qw:CQAB-Pq.r_St0123456789abcdef',
  'plain-secret-value-1234567',
];

const pct = (s: string, upper: boolean) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).map((h) => (upper ? h.toUpperCase() : h)).join('');
const jsonU = (s: string, upper: boolean) =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).map((h) => (upper ? h.replace(/[a-f]/g, (x) => x.toUpperCase()) : h)).join('');
const NAMED: Record<string, string> = { ':': '&colon;', '.': '&period;', '_': '&lowbar;', '-': '&#45;', '+': '&plus;', '/': '&sol;', '=': '&equals;' };
/** Spreads `sep` between the characters: everywhere, or once in the middle. */
const spread = (s: string, sep: string, everywhere: boolean) =>
  everywhere ? [...s].join(sep) : `${s.slice(0, s.length >> 1)}${sep}${s.slice(s.length >> 1)}`;
const b64 = (bytes: Buffer, url: boolean, padded: boolean) => {
  let out = bytes.toString(url ? 'base64url' : 'base64');
  if (url && padded) out += '='.repeat((4 - (out.length % 4)) % 4);
  if (!padded) out = out.replace(/=+$/, '');
  return out;
};

interface Form {
  name: string;
  /** The text a log line would hold. */
  make: (token: string) => string;
}

export function allForms(): Form[] {
  const forms: Form[] = [
    { name: 'raw', make: (t) => t },
    { name: 'encodeURIComponent', make: encodeURIComponent },
    { name: 'URL-encoded, every byte, lower case', make: (t) => pct(t, false) },
    { name: 'URL-encoded, every byte, upper case', make: (t) => pct(t, true) },
    { name: 'URL-encoded twice, lower case', make: (t) => encodeURIComponent(pct(t, false)) },
    { name: 'URL-encoded twice, upper case', make: (t) => encodeURIComponent(pct(t, true)) },
    { name: 'encodeURIComponent twice', make: (t) => encodeURIComponent(encodeURIComponent(t)) },
    { name: 'JSON \\u escapes, lower case', make: (t) => jsonU(t, false) },
    { name: 'JSON \\u escapes, upper case', make: (t) => jsonU(t, true) },
    { name: 'HTML decimal references', make: (t) => [...t].map((c) => `&#${c.charCodeAt(0)};`).join('') },
    { name: 'HTML hex references, lower case', make: (t) => [...t].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('') },
    { name: 'HTML hex references, upper case', make: (t) => [...t].map((c) => `&#X${c.charCodeAt(0).toString(16).toUpperCase()};`).join('') },
    { name: 'HTML named references', make: (t) => [...t].map((c) => NAMED[c] ?? c).join('') },
    { name: 'hex, lower case, in a longer blob', make: (t) => `00ff10${Buffer.from(t).toString('hex')}0a0d` },
    { name: 'hex, upper case, in a longer blob', make: (t) => `00FF10${Buffer.from(t).toString('hex').toUpperCase()}0A0D` },
  ];
  for (const url of [false, true]) {
    for (const padded of [true, false]) {
      for (const align of [0, 1, 2]) {
        for (const tail of [0, 1, 5]) {
          forms.push({
            name: `base64${url ? 'url' : ''}, ${padded ? 'padded' : 'unpadded'}, at offset ${align} of a blob, ${tail} bytes after`,
            make: (t) => b64(Buffer.concat([Buffer.from('Authorization: '.slice(0, 12 + align)), Buffer.from(t), Buffer.from('\n{"x":1}'.slice(0, tail))]), url, padded),
          });
        }
      }
    }
  }
  const splitters: Array<[string, string]> = [
    ['U+200B', '\u200b'],
    ['U+200C', '\u200c'],
    ['U+200D', '\u200d'],
    ['U+2060', '\u2060'],
    ['U+FEFF', '\ufeff'],
    ['a soft hyphen', '\u00ad'],
    ['ANSI colour codes', '\x1b[1;31m'],
    ['ANSI reset codes', '\x1b[0m'],
    ['spaces', ' '],
  ];
  for (const [what, sep] of splitters) {
    for (const everywhere of [true, false]) {
      forms.push({ name: `split by ${what} ${everywhere ? 'between every character' : 'once'}`, make: (t) => spread(t, sep, everywhere) });
    }
  }
  return forms;
}

// --- what a reader could still get out of the redacted text -------------------------------

const IGNORABLE = /[\u200b-\u200d\u2060\ufeff\u00ad ]|\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const safeDecode = (s: string) => s.replace(/(?:%[0-9a-f]{2})+/gi, (m) => {
  try {
    return decodeURIComponent(m);
  } catch {
    return m;
  }
});
const NAMED_BACK = Object.fromEntries(Object.entries(NAMED).map(([c, e]) => [e, c]));
const unHtml = (s: string) =>
  s.replace(/&#[xX]([0-9a-fA-F]+);?|&#(\d+);?|&[a-z]+;/g, (m, h?: string, d?: string) => (h ? String.fromCodePoint(parseInt(h, 16)) : d ? String.fromCodePoint(Number(d)) : (NAMED_BACK[m] ?? m)));
const unJson = (s: string) => s.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
function blobs(s: string, alphabet: RegExp, decode: (run: string) => string[]): string[] {
  return [...s.matchAll(alphabet)].flatMap((m) => decode(m[0]));
}
const b64Runs = (s: string) =>
  blobs(s, /[A-Za-z0-9+/_-]{4,}={0,2}/g, (run) => [0, 1, 2, 3].map((i) => Buffer.from(run.slice(i).replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')), 'base64').toString('latin1')));
const hexRuns = (s: string) => blobs(s, /[0-9a-fA-F]{4,}/g, (run) => [0, 1].map((i) => Buffer.from(run.slice(i).slice(0, (run.length - i) & ~1), 'hex').toString('latin1')));

/** The readings of a text: as it is, and every decoding a reader might try. */
function readings(text: string): string[] {
  const plain = text.replace(IGNORABLE, '');
  const once = safeDecode(text);
  return [text, plain, once, safeDecode(once), unJson(text), unHtml(text), ...b64Runs(text), ...hexRuns(text)];
}

/** Whether any reading shows the token, its secret half, or 12 characters in a row of either. */
export function leaks(redacted: string, token: string): boolean {
  const half = token.includes(':') ? token.slice(token.indexOf(':') + 1) : token;
  const pieces = new Set<string>();
  for (const secret of [token, half]) for (let i = 0; i + 12 <= secret.length; i++) pieces.add(secret.slice(i, i + 12));
  return readings(redacted).some((r) => [...pieces].some((p) => r.includes(p)));
}

describe('redaction of every form of a known token (matrix)', () => {
  const forms = allForms();
  const contexts: Array<[string, (shown: string) => string]> = [
    ['a log line', (s) => `[info] request failed: ${s} (retrying)`],
    ['a JSON body', (s) => `{"error":"bad","echo":"${s}"}`],
    ['a line on its own', (s) => s],
  ];

  for (const [label, redactor] of [
    ['redact', redact],
    ['redactSecrets (build output)', redactSecrets],
  ] as const) {
    it(`${label}: no form of ${REALISTIC_TOKENS.length} tokens leaks, in ${contexts.length} contexts`, () => {
      const leaked: string[] = [];
      let cases = 0;
      for (const token of REALISTIC_TOKENS) {
        // the leak check itself must see each form before redaction
        for (const form of forms) {
          for (const [where, put] of contexts) {
            cases++;
            const text = put(form.make(token));
            assert.ok(leaks(text, token), `the check cannot see ${form.name}`);
            const out = redactor(text, token);
            if (leaks(out, token)) leaked.push(`${token.slice(0, 8)}… ${form.name} in ${where}: ${JSON.stringify(out)}`);
          }
        }
      }
      console.log(`      ${label}: ${forms.length} forms × ${REALISTIC_TOKENS.length} tokens × ${contexts.length} contexts = ${cases} cases, ${leaked.length} leaks`);
      assert.deepEqual(leaked, []);
    });
  }

  it('leaves ordinary text alone: base64, hex and spaced words that are not the token', () => {
    const token = REALISTIC_TOKENS[1];
    const text = `sha 4f2a9c1e0b7d pushed; data ${Buffer.from('hello world, a long enough payload').toString('base64')} t k n 1 Z q; tkn1 is a prefix`;
    assert.equal(redact(text, token), text);
  });

  it('redacts a 1 MiB build log quickly (figure printed)', () => {
    const token = REALISTIC_TOKENS[1];
    const line = 'npm ERR! code ELIFECYCLE at /home/runner/work/app/node_modules/.bin/tsc --build 100% [=====>   ] \x1b[32mok\x1b[0m\n';
    let log = '';
    while (log.length < 1 << 20) log += line;
    log += `leaked ${Buffer.from(token).toString('base64')} and ${token}\n`;
    for (const [label, fn] of [['redact', redact], ['redactSecrets', redactSecrets]] as const) {
      fn(log.slice(0, 1000), token); // compile the patterns
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const out = fn(log, token);
      const { user, system } = process.cpuUsage(cpu);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(`      ${label}: ${(log.length / (1 << 20)).toFixed(2)} MiB in ${ms.toFixed(1)} ms (CPU ${((user + system) / 1000).toFixed(1)} ms)`);
      assert.ok(!leaks(out.slice(-400), token));
    }
  });
});
