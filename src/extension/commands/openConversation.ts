// "Open Conversation": a chat's messages in a panel, with a composer. The panel and everything of
// it is in ../conversation/ (its bundle, dist/conversation/panel.js, is loaded on first use).
import * as vscode from 'vscode';
import { resolveChat } from './prompts';
import type { Args, Result, TreeNodeArg } from './commandContract';
import type { Services } from '../services';
import { conversationHost, panelModule } from '../conversation/panelHost';

/** `{ chatId }`: the chat's messages in a panel, with a composer. Opening it again reveals it. */
export async function openConversation(s: Services, arg?: Args<'okChat.openConversation'> | TreeNodeArg): Promise<Result<'okChat.openConversation'>> {
  const { chatId } = await resolveChat(s, arg, vscode.l10n.t('Open which chat?'));
  panelModule().openConversation(conversationHost(s), chatId);
}
