/** The request builder for reading a chat's messages (GET /me/messages/chat:ID). */
import * as l10n from '@vscode/l10n';
import { InputError, parseChatId } from '../model/ids';
import { MessagesSchema, type Messages } from '../model/messageSchemas';
import { get, type ApiRequest } from './apiRequest';

/** OK's default page of messages [doc]. */
export const DEFAULT_MESSAGES_PAGE = 50;
/** The largest page asked for: OK documents no maximum; 100 is its page size for chats. */
export const MAX_MESSAGES_PAGE = 100;

export interface MessagesQuery {
  /** How many messages (1..100, default 50). */
  count?: number;
  /** The newest time wanted, in ms (OK answers newest first, so `from` ≥ `to`). */
  from?: number;
  /** The oldest time wanted, in ms. */
  to?: number;
}

function checkTime(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new InputError(l10n.t('{0} must be a time in milliseconds.', name), name);
  }
}

/**
 * A page of a chat's messages, newest first. The path is the one sends use,
 * `/me/messages/chat:ID` [doc]; `/chat:ID/messages` is a newer path for the same [doc], not used.
 * The answer is parsed with long integers kept as strings: `seq` is beyond 2^53.
 */
export function readMessages(chat: string, query: MessagesQuery = {}): ApiRequest<Messages> {
  const chatId = parseChatId(chat);
  const count = query.count ?? DEFAULT_MESSAGES_PAGE;
  if (!Number.isInteger(count) || count < 1 || count > MAX_MESSAGES_PAGE) {
    throw new InputError(l10n.t('count must be a whole number from 1 to {0}.', MAX_MESSAGES_PAGE), 'count');
  }
  checkTime(query.from, 'from');
  checkTime(query.to, 'to');
  if (query.from !== undefined && query.to !== undefined && query.from < query.to) {
    throw new InputError(l10n.t('from must not be earlier than to: messages come newest first.'), 'from');
  }
  const q: Record<string, string> = { count: String(count) };
  if (query.from !== undefined) q.from = String(query.from);
  if (query.to !== undefined) q.to = String(query.to);
  return { ...get('readMessages', `/me/messages/${chatId}`, MessagesSchema, q), exactIntegers: true };
}
