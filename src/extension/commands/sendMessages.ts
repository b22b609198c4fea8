import * as vscode from 'vscode';
import { isBlankText, splitMessage } from '../../core/messages/messageText';
import type { LinkButton } from '../../core/net/okRequests';
import { lineRange, linkedSnippets } from './codeLinks';
import { InputError, checkRecipientUserId, isImageUrl, shortChatId } from '../../core/model/ids';
import { core } from '../platform/lazyCore';
import { Cancelled } from './commandErrors';
import { SendFailed } from '../outbox/sendThroughOutbox';
import { ask, askImageUrl, askUserIds, resolveChat, stringArg, stringListArg } from './prompts';
import { newJob, type OutboxSource } from '../../core/outbox/outboxItems';
import { confirmSent, offerOpen, sendJob, type SendOutcome } from '../outbox/sendThroughOutbox';
import type { Services } from '../services';
import type { Args, Result, TreeNodeArg } from './commandContract';
import { maxMessageLength, snippetHeaderTemplate } from '../platform/settings';

async function sendTextTo(s: Services, arg: unknown, text: string, source: OutboxSource, scope?: vscode.ConfigurationScope, buttons?: LinkButton[]): Promise<SendOutcome> {
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Send to which chat?'));
  const parts = splitMessage(text, maxMessageLength(scope));
  const job = newJob('text', parts, { chatId, chatTitle: title, buttons }, source);
  const outcome = await sendJob(s, job);
  confirmSent(job);
  return outcome;
}

/** `{ chatId, text }`. Long text is split into numbered parts. The box asked for the text names the chat ("Message to Backend"). */
export async function sendText(s: Services, arg?: Args<'okChat.sendText'> | TreeNodeArg): Promise<Result<'okChat.sendText'>> {
  const given = stringArg(arg, 'text');
  if (given !== undefined) {
    splitMessage(given); // refuse empty text before asking for a chat
    return sendTextTo(s, arg, given, 'text');
  }
  const chat = await resolveChat(s, arg, vscode.l10n.t('Send to which chat?'));
  const text = await ask(s, {
    title: vscode.l10n.t('Message to {0}', chat.title?.trim() || shortChatId(chat.chatId)),
    prompt: vscode.l10n.t('Message text'),
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The message is empty.')),
  });
  return sendTextTo(s, { chatId: chat.chatId }, text, 'text');
}

/** `{ chatId }`: the active editor's selections, each as a snippet with path, lines and language. */
export async function sendSelection(s: Services, arg?: Args<'okChat.sendSelection'> | TreeNodeArg): Promise<Result<'okChat.sendSelection'>> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new InputError(vscode.l10n.t('Open a file and select the code to send.'));
  const doc = editor.document;
  const selections = [...editor.selections].filter((sel) => !sel.isEmpty).sort((a, b) => a.start.compareTo(b.start));
  if (selections.length === 0) throw new InputError(vscode.l10n.t('The selection is empty. Select some code to send.'));
  const ranges = selections.map((sel) => ({ ...lineRange(sel), code: doc.getText(sel) }));
  for (const r of ranges) if (isBlankText(r.code)) throw new InputError(vscode.l10n.t('The selection is empty. Select some code to send.'), 'text');
  const { text, buttons, notes } = await linkedSnippets(doc, ranges, snippetHeaderTemplate(doc.uri));
  const outcome = await sendTextTo(s, arg, text, 'selection', doc.uri, buttons);
  for (const note of notes) vscode.window.setStatusBarMessage(`$(git-branch) ${note}`, 8000);
  // ticks the walkthrough's "Send your first snippet" step (only once something was sent)
  void vscode.commands.executeCommand('setContext', 'okChat.sentSelection', true);
  return outcome;
}

const BINARY_SNIFF_LIMIT = 8000;

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_SNIFF_LIMIT);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

function toUri(given: unknown): vscode.Uri | undefined {
  if (given instanceof vscode.Uri) return given;
  if (typeof given === 'string') return /^[a-z][a-z0-9+.-]+:/i.test(given) && !/^[a-z]:[\\/]/i.test(given) ? vscode.Uri.parse(given) : vscode.Uri.file(given);
  return undefined;
}

/**
 * `{ chatId, uri? }` or `{ chatId, uris }`: a text file as a snippet (split if long), a binary
 * file as an attachment. From the explorer: the clicked file, or every selected file (then all
 * go as attachments, images up to five in one message).
 */
export function sendFile(s: Services, arg?: Args<'okChat.sendFile'> | vscode.Uri, selected?: unknown): Promise<Result<'okChat.sendFile'>> {
  return sendFiles(s, arg, selected, false);
}

/** `{ chatId, uri? | uris?, caption? }`: any file as an attachment (uploaded to OK). From the explorer: the clicked or selected files. */
export function sendFileAsAttachment(s: Services, arg?: Args<'okChat.sendFileAsAttachment'> | vscode.Uri, selected?: unknown): Promise<Result<'okChat.sendFileAsAttachment'>> {
  return sendFiles(s, arg, selected, true);
}

/** `arg`: an argument object, or the explorer's clicked file (then `selected`: every selected file). */
async function sendFiles(s: Services, arg: unknown, selected: unknown, forceAttachment: boolean): Promise<SendOutcome> {
  const many = arg instanceof vscode.Uri ? selected : (arg as { uris?: unknown } | undefined)?.uris;
  if (Array.isArray(many) && many.length > 1) {
    const uris = many.map(toUri).filter((u): u is vscode.Uri => u !== undefined);
    return sendAttachments(s, arg instanceof vscode.Uri ? undefined : arg, uris);
  }
  let uri: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) uri = arg;
  else uri = toUri((arg as { uri?: unknown } | undefined)?.uri) ?? (Array.isArray(many) ? toUri(many[0]) : undefined) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new InputError(vscode.l10n.t('Open or select a file to send.'));
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new InputError(vscode.l10n.t('{0} is a folder. Choose a file.', vscode.workspace.asRelativePath(uri, false)));
  const chatArg = arg instanceof vscode.Uri ? undefined : arg;
  const asFile = forceAttachment || (arg as { asFile?: unknown } | undefined)?.asFile === true;
  // Binary files (and text files on request) go as an attachment; text files as a snippet.
  if (asFile || stat.size > BINARY_SNIFF_LIMIT * 64 || looksBinary(await readHead(uri))) {
    return sendAttachment(s, chatArg, uri, stat.size);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const code = doc.getText();
  if (!code.trim()) throw new InputError(vscode.l10n.t('{0} is empty.', vscode.workspace.asRelativePath(uri, false)));
  // A final line break does not start another line (as for a selection ending at column 0).
  const lines = doc.lineCount > 1 && doc.lineAt(doc.lineCount - 1).text === '' ? doc.lineCount - 1 : doc.lineCount;
  const { text, buttons } = await linkedSnippets(doc, [{ start: 1, end: Math.max(1, lines), code }], snippetHeaderTemplate(uri));
  return sendTextTo(s, chatArg, text, 'file', uri, buttons);
}

async function sendAttachment(s: Services, arg: unknown, uri: vscode.Uri, size: number): Promise<SendOutcome> {
  const name = uri.path.split('/').pop() || 'file';
  core().checkUploadSize(name, size);
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Send {0} to which chat?', name));
  const caption = stringArg(arg, 'caption');
  const job = newJob('file', [uri.toString()], { chatId, chatTitle: title, fileName: name, caption }, 'file');
  const outcome = await sendJob(s, job);
  confirmSent(job);
  return outcome;
}

/**
 * Several files at once, each as an attachment: images together, up to five per message; other
 * files together too, up to five (where OK refuses several in one message, that item goes one
 * file per message with the same uploads: see `deliver`). Every item that fails is kept in the
 * Outbox; the first failure is reported once all were tried.
 */
async function sendAttachments(s: Services, arg: unknown, uris: vscode.Uri[]): Promise<SendOutcome> {
  const c = core();
  const files: Array<{ uri: vscode.Uri; name: string }> = [];
  for (const uri of uris) {
    const name = uri.path.split('/').pop() || 'file';
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw new InputError(vscode.l10n.t('{0} is a folder. Choose a file.', vscode.workspace.asRelativePath(uri, false)));
    c.checkUploadSize(name, stat.size);
    files.push({ uri, name });
  }
  if (files.length === 0) throw new InputError(vscode.l10n.t('Open or select a file to send.'));
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Send {0} files to which chat?', files.length));
  const caption = stringArg(arg, 'caption');
  const images = files.filter((f) => c.uploadTypeFor(f.name) === 'IMAGE');
  const others = files.filter((f) => c.uploadTypeFor(f.name) !== 'IMAGE');
  const groups: Array<typeof files> = [];
  for (const kind of [images, others]) for (let i = 0; i < kind.length; i += c.MAX_ATTACHMENTS) groups.push(kind.slice(i, i + c.MAX_ATTACHMENTS));
  const total: SendOutcome = { sent: 0, messageIds: [] };
  let firstError: Error | undefined;
  for (const group of groups) {
    const fileName = group.map((f) => f.name).join(', ');
    const job = newJob('file', group.map((f) => f.uri.toString()), { chatId, chatTitle: title, fileName, caption }, 'file');
    try {
      const outcome = await sendJob(s, job);
      total.sent += outcome.sent;
      total.messageIds.push(...outcome.messageIds);
    } catch (e) {
      firstError ??= e instanceof Error ? e : new Error(String(e));
      if (!(e instanceof SendFailed)) break;
    }
  }
  if (firstError) throw firstError;
  const sentText = vscode.l10n.t('Sent {0} files to {1}.', files.length, title ?? chatId);
  vscode.window.setStatusBarMessage(`$(check) ${sentText}`, 5000);
  offerOpen(sentText, chatId);
  return total;
}

/** The first bytes of a file, enough to tell text from binary without reading it all. */
async function readHead(uri: vscode.Uri): Promise<Uint8Array> {
  if (uri.scheme === 'file') {
    const fs = await import('node:fs/promises');
    const handle = await fs.open(uri.fsPath, 'r');
    try {
      const buffer = new Uint8Array(BINARY_SNIFF_LIMIT);
      const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_LIMIT, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  return (await vscode.workspace.fs.readFile(uri)).subarray(0, BINARY_SNIFF_LIMIT);
}

/** `{ chatId, url }`: an image by its https link (.png or .jpg). */
export async function sendImage(s: Services, arg?: Args<'okChat.sendImage'> | TreeNodeArg): Promise<Result<'okChat.sendImage'>> {
  const url = (stringArg(arg, 'url') ?? (await askImageUrl(s, vscode.l10n.t('Send Image'), 'https://example.com/screenshot.png'))).trim();
  if (!isImageUrl(url)) throw new InputError(vscode.l10n.t('The image must be an http(s) link to a .png or .jpg file.'));
  const { chatId, title } = await resolveChat(s, arg, vscode.l10n.t('Send the image to which chat?'));
  const job = newJob('image', [url], { chatId, chatTitle: title }, 'image');
  const outcome = await sendJob(s, job);
  confirmSent(job);
  return outcome;
}

/** `{ userIds, text }`: a direct message to each user. Reports who got it. */
export async function sendToUsers(s: Services, arg?: Args<'okChat.sendToUsers'>): Promise<Result<'okChat.sendToUsers'>> {
  const userIds = (
    stringListArg(arg, 'userIds') ??
    (await askUserIds(s, vscode.l10n.t('Send to Users'), vscode.l10n.t('User ids, separated by commas or spaces. Only users who allowed messages from the group receive them.')))
  ).map(checkRecipientUserId);
  if (userIds.length === 0) throw new InputError(vscode.l10n.t('Enter at least one user id, for example user:123456789012.'));
  const { requests } = core();
  const unique = requests.uniqueRecipients(userIds); // `1`, `user:1` and ` 1 ` are one user
  if (unique.length > requests.MAX_USERS_PER_REQUEST) {
    // Refused before the text is asked for, so nothing typed is lost; one message is one request.
    throw new InputError(vscode.l10n.t('{0} users at once is more than {1}: send to at most {1} users at a time.', unique.length, requests.MAX_USERS_PER_REQUEST), 'userIds');
  }
  const text = stringArg(arg, 'text') ?? (await ask(s, { title: vscode.l10n.t('Send to Users'), prompt: vscode.l10n.t('Message text') }));
  const parts = splitMessage(text, maxMessageLength());
  const job = newJob('users', parts, { userIds: unique }, 'users');
  const outcome = await sendJob(s, job);
  const failed = outcome.failed ?? [];
  const delivered = outcome.delivered ?? [];
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Delivered to all {0} users.', delivered.length));
  } else {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Delivered to {0} of {1} users. Not delivered to: {2} (they must allow messages from the group).', delivered.length, unique.length, failed.join(', ')),
    );
  }
  if (delivered.length === 0 && failed.length === 0) throw new Cancelled();
  return outcome;
}
