import type * as vscode from 'vscode';
import type { Api } from './platform/okApi';
import type { ChatStore } from './savedChats/chatStore';
import type { Log } from './platform/logChannel';
import type { Outbox } from '../core/outbox/outboxQueue';
import type { TokenStore } from './platform/tokenStore';
import type { UnreadPoll } from './unread/unreadPoll';
import type { Tuning } from './platform/tuning';
import type { ChatIcons } from './views/chatIcons';

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
  /** Timings and answers the tests change (empty outside a test run; see tuning.ts). */
  readonly tuning: Tuning;
  /** The chats' icons, cached (Change Chat Icon loads the new one at once). */
  readonly icons: ChatIcons;
}
