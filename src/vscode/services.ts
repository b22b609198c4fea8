import type * as vscode from 'vscode';
import type { Api } from './api';
import type { ChatStore } from './chatStore';
import type { Log } from './log';
import type { Outbox } from '../core/outbox';
import type { TokenStore } from './token';

/** What commands and views share. Created once in `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly tokens: TokenStore;
  readonly chats: ChatStore;
  readonly outbox: Outbox;
  readonly api: Api;
}
