import * as vscode from 'vscode';
import type { Chat } from '../../core';
import { type ChatId, parseChatId, shortChatId } from '../../core/model/ids';
import { addableChats, chatLabel, fetchChatUpdates, fromOk, type SavedChat } from '../savedChats/savedChat';
import { core } from '../platform/lazyCore';
import { Cancelled } from './commandErrors';
import { ask, askedByUser, confirmAction, pick, validatorFor, resolveChat, stringArg } from './prompts';
import type { Services } from '../services';
import type { Args, Result, TreeNodeArg } from './commandContract';

async function fetchChat(s: Services, chatId: ChatId): Promise<Chat> {
  return s.api.call(core().requests.getChat(chatId));
}

/** `{ chatId, title? }`; interactively: type an id or link. */
export async function addChat(s: Services, arg?: Args<'okChat.addChat'>): Promise<Result<'okChat.addChat'>> {
  const given = stringArg(arg, 'chatId');
  if (given !== undefined) {
    const chatId = parseChatId(given);
    const title = stringArg(arg, 'title');
    const info = title ? { chatId, title } : fromOk(await fetchChat(s, chatId));
    await s.chats.upsert([info]);
    return s.chats.get(chatId) as SavedChat;
  }
  const text = await ask(s, {
    title: vscode.l10n.t('Add Chat by Id or Link'),
    prompt: vscode.l10n.t('Chat id (chat:C3ecb9d02a600), bare id (C3ecb9d02a600) or an ok.ru/messages link'),
    validateInput: validatorFor(parseChatId),
  });
  const chatId = parseChatId(text);
  const chat = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking up the chat…') }, () => fetchChat(s, chatId));
  await s.chats.upsert([fromOk(chat)]);
  void vscode.window.showInformationMessage(vscode.l10n.t('Added "{0}".', chat.title || chatId));
  return s.chats.get(chatId) as SavedChat;
}

/** Always interactive: picks any number of the group's chats that are not in the list yet. */
export async function pickChats(s: Services): Promise<Result<'okChat.pickChats'>> {
  const all = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading the group\'s chats…') }, () => s.api.get().listAllChats());
  const candidates = addableChats(all, s.chats.list());
  if (candidates.length === 0) {
    const byId = vscode.l10n.t('Add Chat by Id or Link…');
    void vscode.window.showInformationMessage(vscode.l10n.t('Every chat of the group is already in the list.'), byId).then((choice) => {
      if (choice === byId) void vscode.commands.executeCommand('okChat.addChat');
    });
    throw new Cancelled();
  }
  const picked = await pick(
    s,
    candidates.map((c) => ({ label: fromOk(c).title ?? c.chat_id, description: shortChatId(c.chat_id), detail: c.participants ? vscode.l10n.t('{0} members', Object.keys(c.participants).length) : undefined, chat: c })),
    { canPickMany: true, title: vscode.l10n.t('Add Chats from the Group'), placeHolder: vscode.l10n.t('Choose chats to add'), matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) throw new Cancelled();
  await s.chats.upsert(picked.map((p) => fromOk(p.chat)));
  const saved = s.chats.list();
  return picked.map((p) => saved.get(p.chat.chat_id) as SavedChat);
}

export async function removeChat(s: Services, arg?: Args<'okChat.removeChat'> | TreeNodeArg): Promise<Result<'okChat.removeChat'>> {
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Remove which chat from the list?'));
  const asked = askedByUser(arg);
  if (asked) {
    await confirmAction(
      s,
      vscode.l10n.t('Remove "{0}" from the list?', title?.trim() || shortChatId(chatId)),
      vscode.l10n.t('The chat stays on OK; add it again any time.'),
      vscode.l10n.t('Remove'),
    );
  }
  const removed = await s.chats.remove(chatId);
  if (removed && asked) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('Removed "{0}" from the list.', title ?? chatId), 4000);
  }
  return removed;
}

/**
 * Refreshes titles, icons, status and members of every saved chat from OK, then saves them all
 * with one write (also what was fetched before an error stopped the refresh). Chats removed from
 * the list meanwhile stay removed.
 */
export async function refreshChats(s: Services): Promise<Result<'okChat.refreshChats'>> {
  const saved = s.chats.all();
  if (saved.length === 0) return [];
  const { requests } = core();
  const { updates, gone, error } = await vscode.window.withProgress({ location: { viewId: 'okChat.chats' } }, () =>
    fetchChatUpdates(saved, (chatId) => s.api.call(requests.getChat(chatId))),
  );
  await s.chats.upsert(updates, true);
  if (error !== undefined) throw error;
  if (gone.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('OK no longer knows these chats: {0}. Remove them from the list if they are gone.', gone.map(chatLabel).join(', ')));
  }
  return [...s.chats.all()];
}

export async function copyChatId(s: Services, arg?: Args<'okChat.copyChatId'> | TreeNodeArg): Promise<Result<'okChat.copyChatId'>> {
  const { chatId } = await resolveChat(s, arg);
  await vscode.env.clipboard.writeText(chatId);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', chatId), 3000);
  return chatId;
}

export async function openInBrowser(s: Services, arg?: Args<'okChat.openInBrowser'> | TreeNodeArg): Promise<Result<'okChat.openInBrowser'>> {
  const { chatId } = await resolveChat(s, arg);
  const { url } = await s.api.call(core().requests.getChatUrl(chatId));
  const uri = vscode.Uri.parse(url);
  if (uri.scheme !== 'https') throw new Error(vscode.l10n.t('OK returned a chat link that is not https: {0}', url));
  await vscode.env.openExternal(uri);
  return url;
}
