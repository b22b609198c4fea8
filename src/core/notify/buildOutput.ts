/** A build's output as a message shows it: without ANSI codes, its last lines, secrets masked. */
import { redact } from '../model/redact';

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
export const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Removes ANSI escape sequences (colours, cursor moves, hyperlinks, titles). */
export function stripAnsi(text: string): string {
  return String(text).replace(ANSI_RE, '');
}

/**
 * The last `n` lines of a build's output, as plain text: ANSI codes and control characters removed,
 * progress-bar carriage returns resolved (only what is left visible on the line is kept),
 * line ends trimmed, and trailing blank lines dropped.
 */
export function tailLines(text: string | undefined, n: number): string {
  if (!text || !(n > 0)) return '';
  const lines = stripAnsi(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      const cr = line.lastIndexOf('\r', line.length - 2);
      return (cr >= 0 ? line.slice(cr + 1) : line).replace(/\r/g, '').replace(CONTROL_RE, '').trimEnd();
    });
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-Math.floor(n)).join('\n');
}

const MASK = '***';
// Names that hold secrets; the secret word must not run on into more letters ("tokenizer", "secrets", "author" are fine).
// (Bounded repetitions keep every pattern linear on long runs like a-a-a-a….)
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]{0,40}?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth)(?![A-Za-z])[A-Za-z0-9_.-]{0,40}`;
// Command-line flags whose value follows after a space: --password x, --db-password x, --api-key x (not -psecret).
const SECRET_FLAG = String.raw`--?(?:[A-Za-z0-9]{1,20}[-_]){0,4}?(?:password|passwd|passphrase|secret|token|api-?key|access-?key)(?![A-Za-z])[A-Za-z0-9_-]{0,40}`;

/** Masks a value, keeping the quotes around it. */
const maskValue = (head: string, value: string): string => {
  const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${head}${q}${MASK}${q}`;
};

type Replacer = (match: string, ...groups: string[]) => string;
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string | Replacer]> = [
  // PEM private keys: whole blocks, or the end of one whose beginning was cut off.
  [/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(?:(-----END [A-Z0-9 ]*PRIVATE KEY-----)|$)/g, (_m, begin, end) => `${begin}\n${MASK}${end ? `\n${end}` : ''}`],
  // Authorization headers (the scheme stays), then bare bearer tokens.
  [/\b((?:proxy-)?authorization[ \t]*[:=][ \t]*)((?:bearer|basic|token|bot|oauth|digest)[ \t]+)?(?!\*\*\*)[^\s'",;]+/gi, (_m, head, scheme) => `${head}${scheme ?? ''}${MASK}`],
  [/\b(bearer[ \t]+)(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${MASK}`],
  // Credentials in URLs: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/'"]{1,256}:)[^\s@/'"]{1,256}@/gi, `$1${MASK}@`],
  // Well-known token shapes.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, MASK],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, MASK],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, MASK],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bAIza[0-9A-Za-z_-]{35}/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],
  // "password": "…" in JSON; password=…, SECRET: …, --token …, --password=….
  [new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*")(?:[^"\\\n]|\\.)*(")`, 'gi'), `$1${MASK}$2`],
  // (not a compiler's or test's place: auth_test.go:21: or secret.ts:3:7: is a file and a line)
  [new RegExp(String.raw`(\b${SECRET_NAME}[ \t]*[:=][ \t]*)(?!\*\*\*)(?!\d+(?::\d+)?:(?:\s|$))("[^"\n]*"|'[^'\n]*'|[^\s"'&,;]+)`, 'gi'), (_m, head, value) => maskValue(head, value)],
  [new RegExp(String.raw`((?:^|[\s'"])${SECRET_FLAG}[ \t]+)(?![-*])("[^"\n]*"|'[^'\n]*'|\S+)`, 'gim'), (_m, head, value) => maskValue(head, value)],
  // mysql -pSECRET, curl -u user:SECRET.
  [/(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p)(?![\s*])\S+/g, `$1${MASK}`],
  [/(\bcurl\b[^\n]*?\s(?:-u|--user)[ \t]+['"]?[^\s:'"]+:)(?!\*\*\*)[^\s'"]+/g, `$1${MASK}`],
];

const KEY_END_RE = /^[ \t]*-----END [A-Z0-9 ]*PRIVATE KEY-----/gm;
const KEY_BODY_LINE_RE = /^[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*\r?$/;

/** Masks the base64 lines above an END line whose BEGIN line was cut off (a log tail starting inside a key). */
function maskKeyTails(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(KEY_END_RE)) {
    const lines = text.slice(last, m.index).split('\n');
    lines.pop(); // the (empty) start of the END line
    let body = 0;
    while (body < lines.length && KEY_BODY_LINE_RE.test(lines[lines.length - 1 - body])) body += 1;
    if (body > 0) lines.splice(lines.length - body, body, MASK);
    out += lines.map((l) => `${l}\n`).join('');
    last = m.index;
  }
  return out + text.slice(last);
}

/**
 * Hides anything in build output that looks like a credential: OK tokens, `password=…`,
 * `secret:`, `token=`, `Authorization: Bearer …`, URL credentials, AWS/GitHub/GitLab/npm/Slack
 * tokens, JWTs, private key blocks, `mysql -p…`, `curl -u user:…`. The secret part becomes `***`;
 * the name stays so the reader still knows what was there. Pass known secrets to hide them too.
 */
export function redactSecrets(text: string, ...secrets: Array<string | undefined>): string {
  let out = maskKeyTails(redact(String(text ?? ''), ...secrets));
  for (const [re, replacement] of SECRET_PATTERNS) {
    out = typeof replacement === 'string' ? out.replace(re, replacement) : out.replace(re, replacement);
  }
  return out;
}
