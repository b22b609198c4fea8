import * as path from 'node:path';
import * as vscode from 'vscode';
import { snippetHeader, withLinks } from '../../core/messages/messageText';
import { InputError, type ChatId } from '../../core/model/ids';
import { newJob } from '../../core/outbox/outboxItems';
import { core } from '../platform/lazyCore';
import { snippetHeaderTemplate } from '../platform/settings';
import { confirmSent, sendJob } from '../outbox/sendThroughOutbox';
import { dropKeptFile, keepFile } from '../outbox/keptFiles';
import { Cancelled } from './commandErrors';
import { resolveChat, stringArg } from './prompts';
import { lineRange, linkToLines, snippetFacts } from './codeLinks';
import type { Args, Result, TreeNodeArg } from './commandContract';
import type { Services } from '../services';
import type * as Panel from '../snippetImage/imagePreviewPanel';

/** The most lines a picture shows (more would not be readable on a phone, nor fit a canvas). */
const MAX_LINES = 500;

/**
 * The text sent with the picture: the snippet header (`okChat.snippetHeader`) of the selected
 * lines, with the link to them on the git host (see Send Selection) as a line under it unless
 * the header places `{link}` itself.
 */
export async function imageCaption(doc: vscode.TextDocument, range: vscode.Range): Promise<string> {
  const { start, end } = lineRange(range);
  const found = await linkToLines(doc.uri, start, end).catch(() => undefined);
  const link = found?.link;
  const template = snippetHeaderTemplate(doc.uri);
  const header = snippetHeader({ path: vscode.workspace.asRelativePath(doc.uri, false), startLine: start, endLine: end, language: doc.languageId, ...snippetFacts(found) }, template);
  return link ? withLinks(header, [link.url]) : header;
}

/**
 * The preview panel is its own bundle, dist/snippetImage/panel.js, required when the command
 * first runs: activation does not load it. (A computed path keeps esbuild from inlining it.)
 */
function previewPanel(): typeof Panel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'snippetImage', 'panel.js')) as typeof Panel;
}

function booleanArg(arg: unknown, name: string): boolean | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as Record<string, unknown>)[name];
  return typeof v === 'boolean' ? v : undefined;
}

/** Whether the editor shows line numbers (`editor.lineNumbers` is not "off"). */
function editorShowsLineNumbers(editor: vscode.TextEditor): boolean {
  const shown = editor.options.lineNumbers;
  return shown === undefined ? vscode.workspace.getConfiguration('editor', editor.document).get('lineNumbers') !== 'off' : shown !== vscode.TextEditorLineNumbersStyle.Off;
}

/**
 * Copies the selection with VS Code's "Copy with Syntax Highlighting" (coloured HTML on the
 * clipboard, which the preview pastes) and returns what was on the clipboard as text before.
 * The only way an extension gets the colours the editor shows.
 */
async function copyWithColours(editor: vscode.TextEditor, selection: vscode.Selection): Promise<{ previous: string; copied: boolean }> {
  const previous = await vscode.env.clipboard.readText().then(
    (t) => t,
    () => '',
  );
  const selections = editor.selections;
  if (selections.length > 1) editor.selections = [selection];
  try {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false, selection });
    await vscode.commands.executeCommand('editor.action.clipboardCopyWithSyntaxHighlightingAction');
    return { previous, copied: true };
  } catch {
    return { previous, copied: false };
  } finally {
    if (selections.length > 1) editor.selections = selections;
  }
}

/**
 * `{ chatId, lineNumbers?, confirm? }`: the selection as a picture in the editor's colours and
 * font, shown in a preview; **Send** uploads it to the chat as an image with the snippet header
 * as its caption. `confirm: true` sends as soon as the preview has drawn it.
 */
export async function sendSelectionAsImage(s: Services, arg?: Args<'okChat.sendSelectionAsImage'> | TreeNodeArg): Promise<Result<'okChat.sendSelectionAsImage'>> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new InputError(vscode.l10n.t('Open a file and select the code to send.'));
  const doc = editor.document;
  const selection = editor.selection.isEmpty ? [...editor.selections].filter((sel) => !sel.isEmpty).sort((a, b) => a.start.compareTo(b.start))[0] : editor.selection;
  // a selection ending at the start of a line does not draw that line (as its caption does not count it)
  const code = selection ? doc.getText(selection).replace(/\r?\n$/, '') : '';
  if (!selection || !code.trim()) throw new InputError(vscode.l10n.t('The selection is empty. Select some code to send.'));
  const caption = await imageCaption(doc, selection);
  const { start, end } = lineRange(selection);
  if (end - start + 1 > MAX_LINES) {
    throw new InputError(vscode.l10n.t('The selection has {0} lines; a picture shows at most {1}. Select fewer lines, or send them as text.', end - start + 1, MAX_LINES));
  }
  // a chat given by the caller is checked before anything is drawn
  const given = stringArg(arg, 'chatId') !== undefined ? await resolveChat(s, arg) : undefined;

  const { previous, copied } = await copyWithColours(editor, selection);
  const { openImagePreview } = previewPanel();
  const preview = openImagePreview(s.context.extensionUri, {
    code,
    startLine: start,
    tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
    lineNumbers: booleanArg(arg, 'lineNumbers') ?? editorShowsLineNumbers(editor),
    paste: copied,
    title: vscode.l10n.t('Image: {0}', caption),
  }, (raw) => core().previewMessage(raw, s.log));
  // the clipboard is the user's again once the page has pasted from it
  void preview.pasted
    .then((colours) => {
      s.log.info(`snippet image: ${colours ? 'coloured as the editor shows it' : 'no colours came from the editor: drawn in one colour'}`);
      return copied ? vscode.env.clipboard.writeText(previous) : undefined;
    })
    .then(undefined, (e: unknown) => s.log.info(`clipboard not restored: ${String(e)}`));

  const confirm = booleanArg(arg, 'confirm') === true;
  let png: Uint8Array | undefined;
  let chat: { chatId: ChatId; title?: string } | undefined = given;
  for (;;) {
    png = await preview.next(confirm);
    if (!png) throw new Cancelled();
    if (chat) break;
    try {
      chat = await resolveChat(s, arg, vscode.l10n.t('Send the image to which chat?'));
      break;
    } catch (e) {
      if (!(e instanceof Cancelled) || confirm) {
        preview.dispose();
        throw e;
      }
      preview.idle();
    }
  }
  preview.dispose();

  const uri = await keepFile(s, png, '.png'); // on failure the picture stays for a retry from the Outbox
  const base = doc.uri.path.split('/').pop() || 'snippet';
  const fileName = `${base.replace(/\.[^.]*$/, '') || base}-${start}-${end}.png`;
  const job = newJob('file', [uri.toString()], { chatId: chat.chatId, chatTitle: chat.title, fileName, caption }, 'selection');
  const outcome = await sendJob(s, job);
  confirmSent(job);
  await dropKeptFile(s, uri);
  return outcome;
}
