import * as vscode from 'vscode';
import { newOutboxId } from '../../core/outbox/outboxItems';
import type { Services } from '../services';

/**
 * Files made or received in the editor that have no file of their own to be sent from (a
 * snippet's picture, a file pasted or dropped into a conversation): kept in the extension's
 * global storage until sent, and, if a send fails, for a retry from the Outbox.
 */
const FOLDER = 'snippet-images';
/** A file older than this that no Outbox message needs any more is deleted. */
const KEEP_UNUSED_MS = 24 * 60 * 60 * 1000;

let sweptThisSession = false;

/** Writes the bytes to a new file there (`ext`: ".png", or "" for none) and returns it. */
export async function keepFile(s: Services, bytes: Uint8Array, ext: string): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(s.context.globalStorageUri, FOLDER);
  if (!sweptThisSession) {
    sweptThisSession = true;
    void sweep(s, folder);
  }
  const safeExt = /^\.[\w-]{1,10}$/.test(ext) ? ext.toLowerCase() : '';
  const uri = vscode.Uri.joinPath(folder, `${newOutboxId()}${safeExt}`);
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

/** Deletes a kept file once its message was sent. */
export async function dropKeptFile(s: Services, uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri).then(undefined, (e: unknown) => s.log.info(`could not delete ${uri.path.split('/').pop() ?? ''}: ${String(e)}`));
}

/** Deletes files left behind (sent, or discarded from the Outbox) that no Outbox message refers to. */
async function sweep(s: Services, folder: vscode.Uri): Promise<void> {
  let entries: Array<[string, vscode.FileType]>;
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return; // none yet
  }
  const needed = new Set([...s.outbox.all(), ...s.outbox.stored()].flatMap((i) => i.parts));
  const now = Date.now();
  for (const [name] of entries) {
    const uri = vscode.Uri.joinPath(folder, name);
    if (needed.has(uri.toString())) continue;
    try {
      if (now - (await vscode.workspace.fs.stat(uri)).mtime > KEEP_UNUSED_MS) await vscode.workspace.fs.delete(uri);
    } catch (e) {
      s.log.info(`could not delete ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
