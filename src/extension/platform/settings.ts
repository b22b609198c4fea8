import * as vscode from 'vscode';
import { parseRules, type BuildRule } from '../../core/notify/buildRules';
import { DEFAULT_MAX_MESSAGE_LENGTH, DEFAULT_SNIPPET_HEADER } from '../../core/messages/messageText';
import { DEFAULT_BASE_URL } from '../../core/net/baseUrls';
import type { HostKinds } from '../../core/model/gitHosts';
import { effectiveValue, type UserOnlyUntilTrusted } from './settingValue';

export const SECTION = 'okChat';

/**
 * The API base URL decides where the token is sent, so only the user's own settings count:
 * a value from a workspace or folder `settings.json` is ignored even if VS Code would merge it
 * (the setting is also declared with `"scope": "application"`).
 */
export function apiBaseUrl(): string {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>('apiBaseUrl');
  const value = inspected?.globalValue ?? inspected?.defaultValue ?? DEFAULT_BASE_URL;
  return typeof value === 'string' && value.trim() ? value.trim() : DEFAULT_BASE_URL;
}

/**
 * The origin of the API base URL: tokens and saved chats are kept per origin, so a sandbox and
 * the real OK never mix. An invalid URL is kept as written (it is reported when a request is made).
 */
export function apiOrigin(): string {
  const baseUrl = apiBaseUrl();
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/**
 * A setting that shapes what is sent on the user's behalf: in an untrusted workspace only the
 * user's own value (or the default) counts; once the workspace is trusted, its value counts again.
 * In a trusted workspace it is what `get` gives (language-specific values included).
 */
function userOnlyUntilTrusted<T>(key: UserOnlyUntilTrusted, fallback: T, scope?: vscode.ConfigurationScope): T {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  if (vscode.workspace.isTrusted) return config.get<T>(key, fallback);
  return effectiveValue(config.inspect<T>(key), false) ?? fallback;
}

export function maxMessageLength(scope?: vscode.ConfigurationScope): number {
  const v = userOnlyUntilTrusted<number>('maxMessageLength', DEFAULT_MAX_MESSAGE_LENGTH, scope);
  return Number.isInteger(v) && v >= 100 ? v : DEFAULT_MAX_MESSAGE_LENGTH;
}

export function snippetHeaderTemplate(scope?: vscode.ConfigurationScope): string {
  const v = userOnlyUntilTrusted<string>('snippetHeader', DEFAULT_SNIPPET_HEADER, scope);
  return typeof v === 'string' && v.trim() ? v : DEFAULT_SNIPPET_HEADER;
}

/**
 * The rules that apply: the user's own, plus the workspace's only when the user opted in with
 * the user setting `okChat.allowWorkspaceBuildRules` (a cloned repository must
 * not be able to make the editor post to a chat on its own).
 */
export function readRules(log?: { warn(m: string): void }): BuildRule[] {
  const { rules, problems, ignoredWorkspaceRules } = readRulesAndProblems();
  if (ignoredWorkspaceRules) log?.warn(`build notifications: ${ignoredWorkspaceRules.count} rule(s) in the workspace settings ignored (${ignoredWorkspaceRules.reason === 'untrusted' ? 'the workspace is not trusted' : 'okChat.allowWorkspaceBuildRules is not on in the user settings'})`);
  for (const p of problems) log?.warn(`build notifications: ${p}`);
  return rules;
}

/** The rules that apply (see {@link readRules}), the mistakes of those that were dropped or look wrong, and the workspace rules left out. */
export function readRulesAndProblems(): { rules: BuildRule[]; problems: string[]; ignoredWorkspaceRules?: { count: number; reason: 'untrusted' | 'not-allowed' } } {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown[]>('buildNotifications');
  const allowWorkspace = config.inspect<boolean>('allowWorkspaceBuildRules')?.globalValue === true;
  const raw: unknown[] = [];
  if (Array.isArray(inspected?.globalValue)) raw.push(...inspected.globalValue);
  const fromWorkspace = [inspected?.workspaceValue, inspected?.workspaceFolderValue].flatMap((v) => (Array.isArray(v) ? v : []));
  let ignoredWorkspaceRules: { count: number; reason: 'untrusted' | 'not-allowed' } | undefined;
  if (allowWorkspace && vscode.workspace.isTrusted) raw.push(...fromWorkspace);
  else if (fromWorkspace.length > 0) ignoredWorkspaceRules = { count: fromWorkspace.length, reason: allowWorkspace ? 'untrusted' : 'not-allowed' };
  // a user setting that is not a list is a mistake too (parseRules says so)
  const { rules, problems } = parseRules(inspected?.globalValue !== undefined && !Array.isArray(inspected.globalValue) ? inspected.globalValue : raw);
  return { rules, problems, ignoredWorkspaceRules };
}

/** Self-hosted git servers' kinds by host name (`okChat.gitHosts`), for links to code and commits. */
export function gitHostKinds(scope?: vscode.ConfigurationScope): HostKinds {
  const v = userOnlyUntilTrusted<unknown>('gitHosts', {}, scope);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export type SnippetLinkMode = 'commitOrBranch' | 'pushedCommit' | 'off';

/** Whether snippets link to their lines on the git host (`okChat.snippetLinks`), and how when HEAD is not pushed. */
export function snippetLinkMode(scope?: vscode.ConfigurationScope): SnippetLinkMode {
  const v = userOnlyUntilTrusted<string>('snippetLinks', 'commitOrBranch', scope);
  return v === 'pushedCommit' || v === 'off' ? v : 'commitOrBranch';
}

/** Whether links go under messages as OK link buttons (`okChat.linkButtons`); off: as text lines. */
export function linkButtonsEnabled(scope?: vscode.ConfigurationScope): boolean {
  return userOnlyUntilTrusted<boolean>('linkButtons', true, scope) !== false;
}

/** Minutes between background reads of the saved chats' unread counts (`okChat.unreadPollMinutes`); 0: off. */
export function unreadPollMinutes(): number {
  const v = vscode.workspace.getConfiguration(SECTION).get<number>('unreadPollMinutes', 2);
  return typeof v === 'number' && Number.isFinite(v) ? v : 2;
}
