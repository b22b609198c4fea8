import type * as vscode from 'vscode';
import type { Api } from './platform/okApi';
import type { ChatStore } from './savedChats/chatStore';
import type { Log } from './platform/logChannel';
import type { Outbox } from '../core/outbox/outboxQueue';
import type { TokenStore } from './platform/tokenStore';
import type { UnreadPoll } from './unread/unreadPoll';
import type { Tuning } from './platform/tuning';
import type { ChatIcons } from './views/chatIcons';
import type { KnownPeople } from './people/knownPeople';

/** What commands and views share. Created once in `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly tokens: TokenStore;
  readonly chats: ChatStore;
  readonly outbox: Outbox;
  readonly api: Api;
  /** Unread counts of the saved chats and their background poll. */
  readonly unread: UnreadPoll;
  /** The group's people by name, learned from the messages read. */
  readonly people: KnownPeople;
  /** The chat of the Chats view's selected row, when one is selected (what F2 and Delete act on). */
  readonly selectedChat: () => string | undefined;
  /** Timings and answers the tests change (empty outside a test run; see tuning.ts). */
  readonly tuning: Tuning;
  /** The chats' icons, cached (Change Chat Icon loads the new one at once). */
  readonly icons: ChatIcons;
}
