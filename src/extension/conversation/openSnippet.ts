// "Open in editor" of a snippet in a conversation: the file of the workspace at those lines. A
// path that matches no workspace file is opened only after the user says so.
import * as vscode from 'vscode';

const NAMES: Readonly<Record<string, string>> = {
  typescript: 'TypeScript', typescriptreact: 'TypeScript JSX', javascript: 'JavaScript', javascriptreact: 'JavaScript JSX', python: 'Python', go: 'Go',
  rust: 'Rust', java: 'Java', kotlin: 'Kotlin', csharp: 'C#', cpp: 'C++', c: 'C', json: 'JSON', jsonc: 'JSON with Comments', yaml: 'YAML', html: 'HTML',
  css: 'CSS', scss: 'SCSS', markdown: 'Markdown', shellscript: 'Shell Script', sql: 'SQL', php: 'PHP', ruby: 'Ruby', swift: 'Swift', xml: 'XML', plaintext: 'Plain Text',
};

/** How VS Code names a language id (VS Code gives extensions no API for the names). */
export function languageName(id: string): string {
  return NAMES[id] ?? (id ? id[0].toUpperCase() + id.slice(1) : id);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory;
  } catch {
    return false;
  }
}

const isOutside = (p: string) => /^([a-z]:)?[\\/]/i.test(p) || p.split(/[\\/]/).includes('..');

/** The workspace file a snippet's path (as `asRelativePath` wrote it) names, if any. */
export async function workspaceFileOf(relative: string): Promise<vscode.Uri | undefined> {
  if (isOutside(relative)) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    const inFolder = relative.startsWith(`${folder.name}/`) && folders.length > 1 ? relative.slice(folder.name.length + 1) : relative;
    const uri = vscode.Uri.joinPath(folder.uri, inFolder);
    if (uri.path.startsWith(`${folder.uri.path.replace(/\/$/, '')}/`) && (await exists(uri))) return uri;
  }
  // the same path under another root (a monorepo opened at a sub-folder…): a file ending with it
  const base = relative.split('/').pop();
  if (!base) return undefined;
  const found = await vscode.workspace.findFiles(`**/${base.replace(/[[\]{}*?]/g, '?')}`, undefined, 50);
  return found.find((u) => u.path.endsWith(`/${relative}`));
}

export async function openSnippet(path: string, startLine: number, endLine: number): Promise<boolean> {
  let uri = await workspaceFileOf(path);
  if (!uri) {
    if (!isOutside(path)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not in this workspace.', path));
      return false;
    }
    const open = vscode.l10n.t('Open');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is outside this workspace. Open it anyway?', path),
      { modal: true, detail: vscode.l10n.t('The path comes from a message in the chat.') },
      open,
    );
    if (answer !== open) return false;
    uri = vscode.Uri.file(path);
    if (!(await exists(uri))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} was not found.', path));
      return false;
    }
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const last = Math.min(Math.max(endLine, startLine), doc.lineCount);
  const range = new vscode.Range(Math.max(0, startLine - 1), 0, Math.max(0, last - 1), doc.lineAt(Math.max(0, last - 1)).text.length);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: range, preview: true });
  return true;
}
