import * as vscode from 'vscode';

interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly name?: string; readonly commit?: string } };
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

/** The current branch from the built-in git extension, when it is there and knows the folder. */
export async function currentBranch(folder?: vscode.Uri): Promise<string | undefined> {
  try {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) return undefined;
    const git = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
    const repo = (folder && git.getRepository(folder)) || git.repositories[0];
    const head = repo?.state.HEAD;
    return head?.name ?? head?.commit?.slice(0, 8);
  } catch {
    return undefined;
  }
}
