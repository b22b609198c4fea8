/**
 * What the `ok-chat` command says when something goes wrong, in the words of a command line:
 * options, environment variables, stdin. The core's own sentences are written for the editor
 * ("remove it from the list", "Type some text", VS Code settings) and translated there; the CLI
 * words the same errors from their structured parts instead (an OkApiError's kind, connection
 * problem and base URL hint; an InputError's field and reason), and keeps the core's sentence
 * only where it names nothing of the editor.
 */
import { DEFAULT_BASE_URL, describeForeignAnswer, type InputError, type OkApiError } from '../core';

/** Loaded for a "did you mean" only, not at every start. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const levenshtein = (): typeof import('fastest-levenshtein').distance => (require('fastest-levenshtein') as typeof import('fastest-levenshtein')).distance;

export interface MessageContext {
  /** The base URL in use, as OK_API_BASE_URL gave it (or the default). */
  baseUrl: string;
  /** OK_API_BASE_URL is set (so it is worth naming as a thing to check). */
  baseUrlFromEnv: boolean;
}

const CHATS_HINT = "'ok-chat chats' lists the group's chats.";

/** The CLI's sentence for an error of the API client. */
export function apiErrorMessage(e: OkApiError, ctx: MessageContext): string {
  const said = e.okMessage ? ` OK said: ${e.okMessage}` : '';
  if (e.baseUrlHint) {
    return `OK did not recognise the request: OK_API_BASE_URL (${e.baseUrlHint.baseUrl}) does not end with /graph, so it is probably incomplete. Try OK_API_BASE_URL=${e.baseUrlHint.suggested}.${said}`;
  }
  const c = e.connection;
  if (c?.notTls && (e.kind === 'network' || e.kind === 'timeout')) {
    return c.plainHttpUrl
      ? `The server at ${c.host ?? '?'} does not speak TLS (https). If it is a plain http server on this machine, use OK_API_BASE_URL=${c.plainHttpUrl}.`
      : `The server at ${c.host ?? '?'} does not speak TLS (https). Check the host and port in OK_API_BASE_URL (plain http is allowed only for this machine).`;
  }
  if (c?.certificate && (e.kind === 'network' || e.kind === 'timeout')) {
    return `The TLS certificate of ${c.host ?? '?'} was rejected (${c.certificate}). Behind a corporate proxy or HTTPS inspection, your organisation's root CA must be trusted: set NODE_EXTRA_CA_CERTS to the CA's PEM file.`;
  }
  switch (e.kind) {
    case 'auth':
      if (e.code === undefined && e.httpStatus === undefined && e.delivery === 'not-sent') return "OK_ACCESS_TOKEN is not set: set it to the group's access token (see 'ok-chat --help').";
      return "OK rejected the access token in OK_ACCESS_TOKEN: it is wrong, expired (unused for 30 days) or was regenerated. Set OK_ACCESS_TOKEN to the group's current token (see 'ok-chat --help').";
    case 'not-found':
      return `OK does not know this chat, or the group is no longer in it. Check --chat: ${CHATS_HINT}${said}`;
    case 'network':
      // Through a proxy the core names the proxy and the variable it came from.
      if (c?.proxy) return e.userMessage;
      return `Could not reach OK at ${origin(ctx.baseUrl)}. Check the network connection${ctx.baseUrlFromEnv ? ' and OK_API_BASE_URL' : ''}; behind a proxy, set HTTPS_PROXY (and NO_PROXY).`;
    case 'timeout':
      return `OK did not answer in time (${origin(ctx.baseUrl)}). Check the network connection, then run the command again.`;
    case 'redirect': {
      const host = e.redirectHost ?? 'another address';
      return `not sent: ${origin(ctx.baseUrl)} answered with a redirect to ${host} (HTTP ${e.httpStatus ?? '3xx'}). OK's API does not redirect, so it was not followed and nothing went to ${host}. A proxy or a captive portal may be in the way: check the network${ctx.baseUrlFromEnv ? ' and OK_API_BASE_URL' : ''}.`;
    }
    case 'not-ok':
      return `could not reach OK: the answer was not from OK (${describeForeignAnswer(e.answer)}). Check the network connection${ctx.baseUrlFromEnv ? ' and OK_API_BASE_URL' : ''}; behind a proxy, set HTTPS_PROXY (and NO_PROXY).`;
    case 'bad-response':
      return ctx.baseUrlFromEnv
        ? `OK answered with something unexpected (details below). Check that OK_API_BASE_URL points at OK's Graph API (default ${DEFAULT_BASE_URL}).`
        : 'OK answered with something unexpected (details below). Try again; if it keeps happening, report it with the details.';
    default:
      // rate-limit, temporary, param, permission, cancelled, unknown: OK's side, no editor words.
      return e.userMessage;
  }
}

/** The CLI's sentence for wrong input found by the core (a chat id, the base URL, an empty text). */
export function inputErrorMessage(e: InputError, ctx: MessageContext): string {
  switch (`${e.field}:${e.reason}`) {
    case 'text:empty':
      return 'the message is empty: pass --text "..." or pipe the text to stdin.';
    case 'chatId:empty':
      return '--chat is empty: give the chat, e.g. --chat chat:C3ecb9d02a600.';
    case 'chatId:invalid':
      return `--chat: ${e.message} ${CHATS_HINT}`;
    case 'chatId:broken-link':
      return `--chat: this ok.ru link is damaged: it has a % that does not start a valid escape (copied only in part?). Copy the link again, or give the id, e.g. --chat chat:C3ecb9d02a600. ${CHATS_HINT}`;
    case 'text:too-long':
      return `${e.message} (--max-length sets the size of a part.)`;
    case 'chatId:link-without-id':
      return `--chat: this ok.ru link does not contain a chat id (chat:C...). Copy the link of the chat itself, or find its id with 'ok-chat chats'.`;
    case 'baseUrl:invalid':
      return `OK_API_BASE_URL "${ctx.baseUrl}" is not a valid URL. Expected something like ${DEFAULT_BASE_URL}.`;
    case 'baseUrl:not-https':
      return `OK_API_BASE_URL must use https (plain http only for this machine, e.g. http://127.0.0.1:8787/graph), not ${safeOrigin(ctx.baseUrl)}.`;
    case 'baseUrl:extra-parts':
      return 'OK_API_BASE_URL must not contain credentials, a query or a fragment.';
    default:
      return e.message;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '"?"';
  }
}

/** Other words people type for a command. */
const SYNONYMS: Readonly<Record<string, string>> = {
  list: 'chats',
  ls: 'chats',
  chat: 'chats',
  message: 'send',
  msg: 'send',
  post: 'send',
  say: 'send',
  text: 'send',
  status: 'notify',
  report: 'notify',
  build: 'notify',
  result: 'notify',
  version: '--version',
};

/**
 * The candidate the user most likely meant, or undefined when none is close. Close means: a
 * known synonym, a prefix of at least 3 characters of one candidate only, or an edit distance of
 * at most 1 for words up to 3 characters, else of at most max(2, length / 3). Levenshtein counts
 * a swap of two neighbours ("sned") as 2, which the bound allows from 4 characters on.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  const bare = typed.replace(/^-+/, '');
  const synonym = SYNONYMS[bare];
  if (synonym && candidates.includes(synonym)) return synonym;
  const prefixed = candidates.filter((c) => bare.length >= 3 && c.replace(/^-+/, '').startsWith(bare));
  if (prefixed.length === 1) return prefixed[0];
  const limit = bare.length <= 3 ? 1 : Math.max(2, Math.floor(bare.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein()(bare, candidate.replace(/^-+/, ''));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
