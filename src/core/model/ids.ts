import * as l10n from '@vscode/l10n';

/** A chat id as the API wants it: `chat:C` followed by lowercase hex (12 digits in every known example). */
export type ChatId = `chat:C${string}`;
/** A user id as the API wants it: `user:` followed by digits. */
export type UserId = `user:${string}`;

export const CHAT_ID_RE = /^chat:C[0-9a-f]{8,32}$/;
export const USER_ID_RE = /^user:[0-9]{1,20}$/;
const BARE_CHAT_RE = /^[cC]([0-9a-fA-F]{8,32})$/;
const CHAT_IN_TEXT_RE = /(?:^|[^0-9A-Za-z])(?:chat:)?[cC]([0-9a-fA-F]{8,32})(?![0-9A-Za-z])/;
const OK_HOSTS = new Set(['ok.ru', 'www.ok.ru', 'm.ok.ru', 'odnoklassniki.ru', 'www.odnoklassniki.ru']);

/**
 * Wrong input from the user: the message says what was expected. `field` names what was wrong
 * and `reason` how (e.g. `empty`), so that a host with its own words for the input (the CLI's
 * flags and environment variables) can say it its way.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

function expectedChat(input: string): InputError {
  const shown = input.length > 80 ? `${input.slice(0, 77)}…` : input;
  return new InputError(
    l10n.t('"{0}" is not an OK chat id. Expected chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link that contains the id.', shown),
    'chatId',
    'invalid',
  );
}

/**
 * Parses a chat id typed or pasted by a user: `chat:C3ecb9d02a600`,
 * a bare `C3ecb9d02a600`, or an ok.ru messages link that contains the id.
 * Returns the canonical `chat:C…` form (hex digits lowercased).
 */
export function parseChatId(input: string): ChatId {
  const raw = String(input ?? '').trim().replace(/^["'<]+|[>"']+$/g, '');
  if (!raw) throw new InputError(l10n.t('Enter a chat id, for example chat:C3ecb9d02a600.'), 'chatId', 'empty');
  const prefixed = /^chat:(.*)$/i.exec(raw);
  const candidate = prefixed ? prefixed[1] : raw;
  const bare = BARE_CHAT_RE.exec(candidate);
  if (bare) return `chat:C${bare[1].toLowerCase()}`;
  if (prefixed) throw expectedChat(raw);

  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    url = undefined;
  }
  if (url && OK_HOSTS.has(url.hostname.toLowerCase()) && raw.includes('/')) {
    const undecoded = url.pathname + url.search + url.hash;
    let where: string | undefined;
    try {
      where = decodeURIComponent(undecoded);
    } catch {
      where = undefined; // a broken %-escape, e.g. %E0%A4%A
    }
    const found = CHAT_IN_TEXT_RE.exec(where ?? undecoded);
    if (found) return `chat:C${found[1].toLowerCase()}`;
    if (where === undefined) {
      throw new InputError(
        l10n.t('This ok.ru link is damaged: it contains a % that does not start a valid escape (copied only in part?). Copy the link again, or enter the chat id, for example chat:C3ecb9d02a600.'),
        'chatId',
        'broken-link',
      );
    }
    throw new InputError(
      l10n.t('This ok.ru link does not contain a chat id (chat:C…). Open the chat on OK and copy its id, or pick the chat from the group\'s chat list.'),
      'chatId',
      'link-without-id',
    );
  }
  throw expectedChat(raw);
}

/** Parses `user:123`, `123` or an ok.ru profile link into `user:123`. */
export function parseUserId(input: string): UserId {
  const raw = String(input ?? '').trim();
  const m = /^(?:user:)?([0-9]{1,20})$/i.exec(raw) ?? /^(?:https?:\/\/)?(?:www\.|m\.)?ok\.ru\/profile\/([0-9]{1,20})\/?$/i.exec(raw);
  if (!m) {
    throw new InputError(l10n.t('"{0}" is not an OK user id. Expected user:123456789012 or 123456789012.', raw.slice(0, 80)), 'userId');
  }
  return `user:${m[1]}`;
}

/**
 * Validates a user id for a direct-message list, keeping the form it was given in
 * (`user:N` or a bare `N`, both accepted there by the API).
 */
export function checkRecipientUserId(input: string): string {
  const raw = String(input ?? '').trim();
  if (/^(?:user:)?[0-9]{1,20}$/.test(raw)) return raw;
  return parseUserId(raw);
}

/** Splits a list of user ids typed as "user:1, 2 3" (commas, spaces, new lines) and parses each. */
export function parseUserIdList(input: string | readonly string[]): UserId[] {
  const items = (typeof input === 'string' ? input.split(/[\s,;]+/) : input).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InputError(l10n.t('Enter at least one user id, for example user:123456789012.'), 'userIds');
  const ids = items.map(parseUserId);
  return [...new Set(ids)];
}

/** The short form shown to users: `C3ecb9d02a600`. */
export function shortChatId(id: string): string {
  return id.slice('chat:'.length);
}

/** True for an {@link InputError}, also across bundles (the extension loads the core lazily). */
export function isInputError(e: unknown): e is InputError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'InputError';
}

const IMAGE_URL_PATH = /\.(png|jpe?g)$/i;

/** An http(s) link whose path ends in .png, .jpg or .jpeg: what OK accepts for icons and images by URL. */
/** An absolute http(s) URL with a host (what a link button may open). */
export function isHttpUrl(value: string): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function isImageUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && IMAGE_URL_PATH.test(url.pathname);
  } catch {
    return false;
  }
}
