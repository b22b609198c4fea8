import * as vscode from 'vscode';
import { isImageUrl, parseChatId, parseUserIdList, type ChatId, type UserId } from '../../core/model/ids';
import { chatPickItems } from '../savedChats/savedChat';
import { Cancelled } from './commandErrors';
import type { Services } from '../services';
import type { ShownPrompt } from '../platform/tuning';

/** Arguments given by a caller (another extension, a keybinding, a test), not by a menu. */
export function isArgumentObject(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.TreeItem) && !(arg instanceof vscode.Uri) && !Array.isArray(arg);
}

/** A key on the Chats view (F2, Delete: `{ "fromView": true }`): the command acts on the selected row, and asks as its menu item does. */
export function fromView(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as Record<string, unknown>).fromView === true;
}

/** Called from a menu, a key on the view or the palette (asks), not with arguments by a caller (does not ask). */
export function askedByUser(arg: unknown): boolean {
  return !isArgumentObject(arg) || fromView(arg);
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

/** Services.tuning hears of a prompt as it is shown (the tests answer it then, not after a guessed wait). */
function shown(s: Pick<Services, 'tuning'>, kind: ShownPrompt['kind'], options: { title?: string; placeHolder?: string; prompt?: string }): void {
  s.tuning.promptShown?.({ kind, title: options.title ?? options.placeHolder ?? options.prompt ?? '' });
}

export async function ask(s: Pick<Services, 'tuning'>, options: vscode.InputBoxOptions): Promise<string> {
  const value = vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  shown(s, 'inputBox', options);
  const answer = await value;
  if (answer === undefined) throw new Cancelled();
  return answer;
}

/**
 * vscode.window.showQuickPick for a command. Services.tuning hears of it once an item is active
 * (what Enter takes): the workbench shows the list before it has its items.
 */
export function pick<T extends vscode.QuickPickItem | string>(s: Pick<Services, 'tuning'>, items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Promise<T[] | undefined>;
export function pick<T extends vscode.QuickPickItem | string>(s: Pick<Services, 'tuning'>, items: readonly T[], options?: vscode.QuickPickOptions): Promise<T | undefined>;
export async function pick<T extends vscode.QuickPickItem | string>(s: Pick<Services, 'tuning'>, items: readonly T[], options: vscode.QuickPickOptions = {}): Promise<T | T[] | undefined> {
  let told = false;
  const onDidSelectItem = (item: vscode.QuickPickItem | string) => {
    if (!told) shown(s, 'quickPick', options);
    told = true;
    options.onDidSelectItem?.(item);
  };
  // the overloads of showQuickPick for strings and for items are one call at run time
  return vscode.window.showQuickPick(items as readonly vscode.QuickPickItem[], { ...options, onDidSelectItem }) as Thenable<T | T[] | undefined>;
}

/** Asks for a link to a .png or .jpg image (what OK accepts for icons and images by URL). */
export async function askImageUrl(s: Pick<Services, 'tuning'>, title: string, placeHolder: string): Promise<string> {
  const value = await ask(s, {
    title,
    prompt: vscode.l10n.t('Link to a .png or .jpg image'),
    placeHolder,
    validateInput: (v) => (isImageUrl(v.trim()) ? undefined : vscode.l10n.t('Enter an http(s) link to a .png or .jpg image.')),
  });
  return value.trim();
}

/** Asks for a list of user ids ("user:1, 2 3") and returns them parsed (`user:N`, no duplicates). */
export async function askUserIds(s: Pick<Services, 'tuning'>, title: string, prompt: string): Promise<UserId[]> {
  return parseUserIdList(await ask(s, { title, prompt, validateInput: validatorFor(parseUserIdList) }));
}

/**
 * A modal confirmation of a command's step; the tests answer it through Services.tuning.confirmation
 * (the button pressed, or undefined for a dismissed dialog).
 */
export async function confirmAction(s: Pick<Services, 'tuning'>, message: string, detail: string, action: string): Promise<void> {
  const scripted = s.tuning.confirmation;
  if (!scripted) return confirmModal(message, detail, action);
  if (scripted(message) !== action) throw new Cancelled();
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
  const given = stringArg(arg, 'chatId') ?? (fromView(arg) ? s.selectedChat() : undefined);
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
  const picked = await pick(
    s,
    chatPickItems(saved, vscode.l10n.t('recently used')),
    { placeHolder: placeHolder ?? vscode.l10n.t('Choose a chat'), matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return { chatId: picked.chat.chatId, title: picked.chat.title };
}
