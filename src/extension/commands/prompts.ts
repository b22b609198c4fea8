import * as vscode from 'vscode';
import { isImageUrl, parseChatId, parseUserIdList, type ChatId, type UserId } from '../../core/model/ids';
import { chatPickItems } from '../savedChats/savedChat';
import { Cancelled } from './commandErrors';
import type { Services } from '../services';

/** Arguments given by a caller (another extension, a keybinding, a test), not by a menu. */
export function isArgumentObject(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.TreeItem) && !(arg instanceof vscode.Uri) && !Array.isArray(arg);
}

export function stringArg(arg: unknown, name: string): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

export function stringListArg(arg: unknown, name: string): string[] | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as Record<string, unknown>)[name];
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' ? [v] : undefined;
}

/** An input-box validator from a parser: the parser's error message, or nothing when it accepts the value. */
export function validatorFor(parse: (value: string) => unknown): (value: string) => string | undefined {
  return (value) => {
    try {
      parse(value);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value;
}

/** Asks for a link to a .png or .jpg image (what OK accepts for icons and images by URL). */
export async function askImageUrl(title: string, placeHolder: string): Promise<string> {
  const value = await ask({
    title,
    prompt: vscode.l10n.t('Link to a .png or .jpg image'),
    placeHolder,
    validateInput: (v) => (isImageUrl(v.trim()) ? undefined : vscode.l10n.t('Enter an http(s) link to a .png or .jpg image.')),
  });
  return value.trim();
}

/** Asks for a list of user ids ("user:1, 2 3") and returns them parsed (`user:N`, no duplicates). */
export async function askUserIds(title: string, prompt: string): Promise<UserId[]> {
  return parseUserIdList(await ask({ title, prompt, validateInput: validatorFor(parseUserIdList) }));
}

export async function confirmModal(message: string, detail: string, action: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  if (choice !== action) throw new Cancelled();
}

/**
 * The chat a command acts on: from `{ chatId }` (also a tree item), else picked from the saved
 * chats. With no saved chats, offers to add one.
 */
export async function resolveChat(s: Services, arg: unknown, placeHolder?: string): Promise<{ chatId: ChatId; title?: string }> {
  const given = stringArg(arg, 'chatId');
  if (given !== undefined) {
    const chatId = parseChatId(given);
    return { chatId, title: s.chats.get(chatId)?.title };
  }
  const saved = s.chats.all();
  if (saved.length === 0) {
    const pick = vscode.l10n.t('Add Chats from the Group…');
    const byId = vscode.l10n.t('Add Chat by Id or Link…');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('No saved chats yet. Add a chat first.'), pick, byId);
    if (choice === pick) await vscode.commands.executeCommand('okChat.pickChats');
    else if (choice === byId) await vscode.commands.executeCommand('okChat.addChat');
    throw new Cancelled();
  }
  const picked = await vscode.window.showQuickPick(
    chatPickItems(saved, vscode.l10n.t('recently used')),
    { placeHolder: placeHolder ?? vscode.l10n.t('Choose a chat'), matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return { chatId: picked.chat.chatId, title: picked.chat.title };
}
