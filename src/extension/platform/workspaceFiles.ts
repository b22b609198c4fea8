// A file named by a URI that someone else could have chosen (a drop into the conversation page):
// accepted only when it really is inside an open workspace folder.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InputError } from '../../core/model/ids';
import { isInsideFolder } from './insideFolder';

function outside(): InputError {
  return new InputError(
    vscode.l10n.t('This file is outside the open workspace folders (a link or “..” that leads out counts as outside), so it cannot be dropped here. Paste it, or drop it from your file manager.'),
  );
}

/** The real path of a `file:` path, or undefined when it does not exist. */
async function realPath(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

/**
 * The file `uriText` names, when it is inside an open workspace folder: for `file:` URIs after
 * `..` and symbolic links are resolved, on both the file's and the folder's side (the URI returned
 * is the real path, so what is read is what was checked); other schemes by their normalised path.
 * Otherwise throws an {@link InputError} that says why.
 */
export async function workspaceFileOf(uriText: string): Promise<vscode.Uri> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(uriText, true);
  } catch {
    throw outside();
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (uri.scheme === 'file') {
    const real = await realPath(uri.fsPath);
    if (real === undefined) throw new InputError(vscode.l10n.t('The dropped file was not found: {0}', uri.fsPath));
    for (const folder of folders) {
      if (folder.uri.scheme !== 'file') continue;
      const folderReal = await realPath(folder.uri.fsPath);
      if (folderReal !== undefined && isInsideFolder(folderReal, real)) return vscode.Uri.file(real);
    }
    throw outside();
  }
  // a virtual file system: no links to follow; `..` is normalised away before comparing
  const normalised = uri.with({ path: path.posix.normalize(`/${uri.path}`) });
  for (const folder of folders) {
    if (folder.uri.scheme !== uri.scheme || folder.uri.authority !== uri.authority) continue;
    if (isInsideFolder(folder.uri.path, normalised.path, path.posix)) return normalised;
  }
  throw outside();
}
