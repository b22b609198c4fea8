import * as vscode from 'vscode';
import { reportCommandError, isCancellation } from './commandErrors';
import { isArgumentObject } from './prompts';
import type { Services } from '../services';
import { sendTestBuildNotification } from './notifyOnBuild';
import { addBuildNotificationRule } from './buildRuleCommand';
import { addMembers, leaveChat, markSeen, removeMember, renameChat, setChatIcon } from './manageChat';
import { addChat, copyChatId, openInBrowser, pickChats, refreshChats, removeChat } from './addRemoveChats';
import { copyOutboxItem, discardOutboxItem, retryAll, retrySend, showOutbox } from './outboxActions';
import { sendFile, sendFileAsAttachment, sendImage, sendSelection, sendText, sendToUsers } from './sendMessages';
import { clearToken, setToken } from './accessToken';
import { copyLinkToLines } from './codeLinks';
import { refreshUnread } from './unreadCounts';
import { sendSelectionAsImage } from './sendImageOfSelection';
import { openConversation } from './openConversation';
import type { CommandHandlers } from './commandContract';

/** What registerCommands calls: any handler, with what VS Code passes. */
type AnyHandler = (s: Services, arg?: unknown, ...rest: unknown[]) => Promise<unknown>;

/**
 * Every command the extension contributes, one handler for each command of the contract
 * (commandContract.ts), each taking its argument object and resolving to its result.
 * package.json must declare exactly these (tested).
 */
export const COMMANDS: CommandHandlers = {
  'okChat.setToken': setToken,
  'okChat.clearToken': clearToken,
  'okChat.addChat': addChat,
  'okChat.pickChats': pickChats,
  'okChat.removeChat': removeChat,
  'okChat.renameChat': renameChat,
  'okChat.setChatIcon': setChatIcon,
  'okChat.addMembers': addMembers,
  'okChat.removeMember': removeMember,
  'okChat.leaveChat': leaveChat,
  'okChat.markSeen': markSeen,
  'okChat.openConversation': openConversation,
  'okChat.copyChatId': copyChatId,
  'okChat.openInBrowser': openInBrowser,
  'okChat.sendText': sendText,
  'okChat.sendSelection': sendSelection,
  'okChat.sendSelectionAsImage': sendSelectionAsImage,
  'okChat.sendFile': sendFile,
  'okChat.sendFileAsAttachment': sendFileAsAttachment,
  'okChat.sendImage': sendImage,
  'okChat.sendToUsers': sendToUsers,
  'okChat.refreshChats': refreshChats,
  'okChat.refreshUnread': refreshUnread,
  'okChat.retrySend': retrySend,
  'okChat.retryAll': retryAll,
  'okChat.discardOutboxItem': discardOutboxItem,
  'okChat.copyOutboxItem': copyOutboxItem,
  'okChat.showOutbox': showOutbox,
  'okChat.sendTestBuildNotification': sendTestBuildNotification,
  'okChat.addBuildNotificationRule': addBuildNotificationRule,
  'okChat.copyLinkToLines': copyLinkToLines,
  'okChat.showLog': (s) => Promise.resolve(s.log.show()),
};

/**
 * Registers every command behind the one error path. Interactive calls (palette, menus)
 * never reject: errors become notifications. Calls with an argument object also reject,
 * so a caller learns what went wrong.
 */
export function registerCommands(s: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS as Readonly<Record<string, AnyHandler>>).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown, ...rest: unknown[]) => {
      try {
        return await handler(s, arg, ...rest);
      } catch (e) {
        reportCommandError(id, e, s.log);
        if (isArgumentObject(arg) && !isCancellation(e)) throw e;
        return undefined;
      }
    }),
  );
}
