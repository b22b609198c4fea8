import * as vscode from 'vscode';
import type { ChatId } from '../../core/model/ids';
import { parseUserId, shortChatId } from '../../core/model/ids';
import { core } from '../platform/lazyCore';
import { Cancelled } from './commandErrors';
import { ask, askImageUrl, pick, validatorFor, confirmAction, confirmModal, isArgumentObject, resolveChat, stringArg, stringListArg } from './prompts';
import { currentGroup, memberItems, pickPeopleToAdd } from './peoplePick';
import { personName } from '../people/peopleRecords';
import type { Services } from '../services';
import type { Args, Result, TreeNodeArg } from './commandContract';

function withProgress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task);
}

/** Best effort: re-read the chat so the tree shows OK's current title, icon and members. */
async function reload(s: Services, chatId: ChatId): Promise<void> {
  if (!s.chats.has(chatId)) return;
  try {
    await s.chats.updateFromOk(await s.api.call(core().requests.getChat(chatId)));
  } catch (e) {
    s.log.warn(`could not refresh ${chatId}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function renameChat(s: Services, arg?: Args<'okChat.renameChat'> | TreeNodeArg): Promise<Result<'okChat.renameChat'>> {
  const { chatId, title: current } = await resolveChat(s, arg, vscode.l10n.t('Rename which chat?'));
  const title =
    stringArg(arg, 'title') ??
    (await ask(s, {
      title: vscode.l10n.t('Rename Chat on OK'),
      prompt: vscode.l10n.t('New title for everyone in the chat'),
      value: current,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The title cannot be empty.')),
    }));
  const req = core().requests.renameChat(chatId, title);
  const res = await withProgress(vscode.l10n.t('Renaming the chat…'), () => s.api.call(req));
  if (s.chats.has(chatId)) await s.chats.upsert([{ chatId, title: title.trim() }]);
  return res;
}

export async function setChatIcon(s: Services, arg?: Args<'okChat.setChatIcon'> | TreeNodeArg): Promise<Result<'okChat.setChatIcon'>> {
  const { chatId } = await resolveChat(s, arg, vscode.l10n.t('Change the icon of which chat?'));
  const url = stringArg(arg, 'url') ?? (await askImageUrl(s, vscode.l10n.t('Change Chat Icon'), 'https://example.com/icon.png'));
  const req = core().requests.setChatIcon(chatId, url);
  const res = await withProgress(vscode.l10n.t('Changing the chat icon…'), async () => {
    const answer = await s.api.call(req);
    if (s.chats.has(chatId)) {
      await s.chats.upsert([{ chatId, iconUrl: url.trim() }]);
      await reload(s, chatId); // OK's own link to the icon, when it says one
    }
    return answer;
  });
  void confirmIcon(s, chatId, s.chats.get(chatId)?.iconUrl ?? url.trim());
  return res;
}

/**
 * After OK took a new icon: loads it for the chat list and says so, or says plainly that the
 * picture could not be loaded (and what to do), not only in the log.
 */
async function confirmIcon(s: Services, chatId: ChatId, iconUrl: string): Promise<void> {
  const title = s.chats.get(chatId)?.title ?? chatId;
  const file = await s.icons.load(iconUrl);
  if (file) {
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('The icon of {0} is changed.', title)}`, 5000);
    void vscode.window.showInformationMessage(vscode.l10n.t('The icon of {0} is changed.', title));
    return;
  }
  const why = s.icons.whyRefused(iconUrl) ?? '';
  void vscode.window.showWarningMessage(
    vscode.l10n.t('OK took the new icon of {0}, but the picture could not be loaded from its link ({1}). Check that the link opens a PNG or JPEG image over https, then change the icon again.', title, why),
  );
}

export async function addMembers(s: Services, arg?: Args<'okChat.addMembers'> | TreeNodeArg): Promise<Result<'okChat.addMembers'>> {
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Add members to which chat?'));
  let userIds = stringListArg(arg, 'userIds');
  if (userIds === undefined) {
    const group = await currentGroup(s);
    const names = s.people.names(group);
    const members = s.chats.get(chatId)?.participants ?? [];
    s.log.info(`add members to ${chatId}: ${names.size} people known by name in ${group ?? 'an unknown group'}`);
    userIds = await pickPeopleToAdd(s, vscode.l10n.t('Add Members to {0}', chatName(chatId, title)), names, members);
  }
  const req = core().requests.addMembers(chatId, userIds);
  const res = await withProgress(vscode.l10n.t('Adding members…'), () => s.api.call(req));
  await reload(s, chatId);
  return res;
}

export async function removeMember(s: Services, arg?: Args<'okChat.removeMember'> | TreeNodeArg): Promise<Result<'okChat.removeMember'>> {
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Remove a member from which chat?'));
  let userId = stringArg(arg, 'userId');
  if (userId === undefined) {
    const chat = await s.api.call(core().requests.getChat(chatId));
    const members = Object.keys(chat.participants ?? {});
    const names = s.people.names(await currentGroup(s));
    const typeIt = { label: vscode.l10n.t('Enter a user id…'), userId: '' };
    const picked = members.length
      ? await pick(s, [...memberItems(members, names), typeIt], { title: vscode.l10n.t('Remove Member from {0}', chatName(chatId, title)), placeHolder: vscode.l10n.t('Remove which member?'), matchOnDescription: true })
      : typeIt;
    if (!picked) throw new Cancelled();
    userId = picked === typeIt ? await ask(s, { prompt: vscode.l10n.t('User id (user:123456789012 or 123456789012)'), validateInput: validatorFor(parseUserId) }) : picked.userId;
    await confirmAction(
      s,
      vscode.l10n.t('Remove {0} from {1}?', personName(parseUserId(userId), names), chatName(chatId, title)),
      vscode.l10n.t('They will no longer see new messages in this chat.'),
      vscode.l10n.t('Remove'),
    );
  }
  const req = core().requests.removeMember(chatId, userId);
  const res = await withProgress(vscode.l10n.t('Removing the member…'), () => s.api.call(req));
  await reload(s, chatId);
  return res;
}

/** A chat as named in titles and questions: its title, else its id without `chat:`. */
function chatName(chatId: ChatId, title: string | undefined): string {
  return title?.trim() || shortChatId(chatId);
}

export async function leaveChat(s: Services, arg?: Args<'okChat.leaveChat'> | TreeNodeArg): Promise<Result<'okChat.leaveChat'>> {
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Leave which chat?'));
  if (!isArgumentObject(arg)) {
    await confirmModal(
      vscode.l10n.t('Leave "{0}"?', title ?? chatId),
      vscode.l10n.t('The group will leave the chat on OK and can no longer post there. This cannot be undone from here.'),
      vscode.l10n.t('Leave Chat'),
    );
  }
  const req = core().requests.leaveChat(chatId);
  const res = await withProgress(vscode.l10n.t('Leaving the chat…'), () => s.api.call(req));
  await s.chats.remove(chatId);
  return res;
}

export async function markSeen(s: Services, arg?: Args<'okChat.markSeen'> | TreeNodeArg): Promise<Result<'okChat.markSeen'>> {
  const { chatId } = await resolveChat(s, arg, vscode.l10n.t('Mark which chat as seen?'));
  const res = await markChatSeen(s, chatId);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Marked as seen.'), 3000);
  return res;
}

/**
 * Tells OK the chat was seen and resets its unread count; no message (an open conversation calls
 * it as it shows new messages, with the time of the newest it shows: `shownUpTo`).
 */
export async function markChatSeen(s: Services, chatId: ChatId, shownUpTo?: number): Promise<Result<'okChat.markSeen'>> {
  const res = await s.api.call(core().requests.markSeen(chatId));
  // only once OK accepted it: a failed mark_seen leaves the chat unread here as on OK
  if (s.chats.has(chatId)) await s.unread.tracker.markSeen(chatId, shownUpTo);
  return res;
}

