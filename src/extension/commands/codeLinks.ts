import * as vscode from 'vscode';
import { core } from '../platform/lazyCore';
import { InputError } from '../../core/model/ids';
import { formatSnippet } from '../../core/messages/messageText';
import type { LinkButton } from '../../core/net/okRequests';
import { repositoryInfo } from '../platform/gitRepository';
import { gitHostKinds, linkButtonsEnabled, snippetLinkMode } from '../platform/settings';
import type { Args, Result } from './commandContract';

/** The page of lines of a file on its git host. */
export interface CodeLink {
  url: string;
  /** "GitHub", "GitLab"… */
  host: string;
  commit?: string;
  branch?: string;
  /** Linked on the branch because the commit is not pushed yet. */
  onBranch: boolean;
  /** The file has changes not committed, so the lines on the host may differ. */
  fileChanged: boolean;
}

/** A link, or why there is none (for people). */
export type CodeLinkResult = { link: CodeLink; why?: undefined; commit?: undefined; branch?: undefined } | { link?: undefined; why: string; commit?: string; branch?: string };

/**
 * The page of lines of a file on its git host, at HEAD's commit when it is pushed, else (by
 * `okChat.snippetLinks`) on the branch's upstream. `mode: 'commitOrBranch'` ignores the setting
 * (Copy Link to Lines always wants a link).
 */
export async function linkToLines(uri: vscode.Uri, startLine: number, endLine: number, mode = snippetLinkMode(uri)): Promise<CodeLinkResult> {
  if (mode === 'off') return { why: vscode.l10n.t('Links to code are off (okChat.snippetLinks).') };
  const name = vscode.workspace.asRelativePath(uri, false);
  const repo = uri.scheme === 'file' ? await repositoryInfo(uri) : undefined;
  if (!repo) return { why: vscode.l10n.t('{0} is not in a git repository that VS Code knows (is Git enabled?).', name) };
  const facts = { commit: repo.commit, branch: repo.branch };
  // the hosts' URL shapes live in the core bundle (loaded for the send anyway), not in activation's
  const { hostLabel, hostStyle, linesUrlFor, repositoryPage } = core();
  const page = repositoryPage(repo.remoteUrl);
  if (!page) return { why: vscode.l10n.t('The repository of {0} has no remote with a web address.', name), ...facts };
  const kinds = gitHostKinds(uri);
  const style = hostStyle(page, undefined, kinds);
  if (!style) {
    const host = new URL(page).hostname;
    return {
      why: vscode.l10n.t('OK Chat does not know what kind of server {0} is. Add it to the setting okChat.gitHosts, for example "{0}": "gitlab" (github, gitlab, bitbucket, gitea, gitflic or azure).', host),
      ...facts,
    };
  }
  const root = repo.root.path.replace(/\/+$/, '');
  const path = uri.path.startsWith(`${root}/`) ? uri.path.slice(root.length + 1) : undefined;
  if (!path) return { why: vscode.l10n.t('{0} is not in its repository’s folder.', name), ...facts };
  let ref: { commit: string } | { branch: string };
  if (repo.pushed && repo.commit) ref = { commit: repo.commit };
  else if (mode === 'pushedCommit') return { why: vscode.l10n.t('The commit {0} is not pushed yet, so there is no link to it.', repo.commit?.slice(0, 7) ?? 'HEAD'), ...facts };
  else if (repo.upstreamBranch) ref = { branch: repo.upstreamBranch };
  else if (repo.branch) return { why: vscode.l10n.t('The branch {0} is not pushed yet (it has no upstream), so there is no link to it.', repo.branch), ...facts };
  else return { why: vscode.l10n.t('HEAD is detached and not known to be pushed, so there is no link to it.'), ...facts };
  const url = linesUrlFor({ repository: page, path, startLine, endLine, ref }, undefined, kinds);
  if (!url) return { why: vscode.l10n.t('No link could be made for {0}.', name), ...facts };
  return { link: { url, host: hostLabel(style), ...facts, onBranch: 'branch' in ref, fileChanged: repo.changed(uri) } };
}

/** What a snippet header's `{link}`, `{commit}` and `{branch}` show for a found link (or the facts known without one). */
export function snippetFacts(found: CodeLinkResult | undefined): { link?: string; commit?: string; branch?: string } {
  const link = found?.link;
  return { link: link?.url, commit: link?.commit ?? found?.commit, branch: link?.branch ?? found?.branch };
}

/** The button that opens a link: "Open in GitLab", "Open lines 3–5 in GitLab", on the branch when it is not the commit. */
export function codeLinkButton(link: CodeLink, lines?: string): LinkButton {
  const text = link.onBranch
    ? lines
      ? vscode.l10n.t('Open lines {0} on {1} in {2}', lines, link.branch ?? '', link.host)
      : vscode.l10n.t('Open {0} in {1}', link.branch ?? '', link.host)
    : lines
      ? vscode.l10n.t('Open lines {0} in {1}', lines, link.host)
      : vscode.l10n.t('Open in {0}', link.host);
  // a label too long for OK is cut when the keyboard is built
  return { text, url: link.url };
}

/** What a sender is told about a link on the branch: the commit is not on the host yet. */
export function onBranchNote(link: CodeLink): string {
  return vscode.l10n.t('Linked the branch {0}: the commit {1} is not pushed yet.', link.branch ?? '', link.commit?.slice(0, 7) ?? 'HEAD');
}

/** The 1-based line range a selection really covers (a selection ending at column 0 does not include that line). */
export function lineRange(sel: vscode.Range): { start: number; end: number } {
  const end = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  return { start: sel.start.line + 1, end: end + 1 };
}

/** Copy Link to Lines: the active editor's selected lines (or the cursor's line) on the git host, on the clipboard. */
export async function copyLinkToLines(_s: unknown, _arg?: Args<'okChat.copyLinkToLines'>): Promise<Result<'okChat.copyLinkToLines'>> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new InputError(vscode.l10n.t('Open a file and select the lines to link to.'));
  const { start, end } = lineRange(editor.selection);
  const result = await linkToLines(editor.document.uri, start, end, 'commitOrBranch');
  if (!result.link) throw new InputError(result.why);
  const { link } = result;
  await vscode.env.clipboard.writeText(link.url);
  const notes = [link.onBranch ? onBranchNote(link) : '', link.fileChanged || editor.document.isDirty ? vscode.l10n.t('The file has changes not committed: the lines there may differ.') : ''].filter(Boolean);
  if (notes.length) void vscode.window.showInformationMessage(`${vscode.l10n.t('Link copied.')} ${notes.join(' ')}`);
  else vscode.window.setStatusBarMessage(`$(link) ${vscode.l10n.t('Link to {0} copied.', link.host)}`, 5000);
  return { url: link.url, onBranch: link.onBranch };
}

/** Snippets of a document as one message, each with its link where there is one, and the buttons for them. */
export interface LinkedSnippets {
  text: string;
  buttons: LinkButton[];
  /** For the sender: links made on the branch instead of the commit. */
  notes: string[];
}

/**
 * Formats ranges of a document as snippets (see the core's `formatSnippet`) with `{link}`,
 * `{commit}` and `{branch}` filled where the file is in a repository with a known host. The
 * links go as buttons (`okChat.linkButtons`), or, when buttons are off and the header template
 * does not place `{link}`, as a line under each header.
 */
export async function linkedSnippets(doc: vscode.TextDocument, ranges: ReadonlyArray<{ start: number; end: number; code: string }>, template: string): Promise<LinkedSnippets> {
  const path = vscode.workspace.asRelativePath(doc.uri, false);
  const links = await Promise.all(ranges.map((r) => linkToLines(doc.uri, r.start, r.end).catch(() => undefined)));
  const buttonsOn = linkButtonsEnabled(doc.uri);
  const withLinkLine = buttonsOn || template.includes('{link}') ? template : `${template}\n{link}`;
  const buttons: LinkButton[] = [];
  const notes = new Set<string>();
  const text = ranges
    .map((r, i) => {
      const found = links[i];
      const link = found?.link;
      if (link && buttonsOn) buttons.push(codeLinkButton(link, ranges.length > 1 ? (r.start === r.end ? String(r.start) : `${r.start}–${r.end}`) : undefined));
      if (link?.onBranch) notes.add(onBranchNote(link));
      return formatSnippet({ path, startLine: r.start, endLine: r.end, language: doc.languageId, code: r.code, ...snippetFacts(found) }, withLinkLine);
    })
    .join('\n\n');
  return { text, buttons, notes: [...notes] };
}
