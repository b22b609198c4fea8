// Which value of a setting counts, by workspace trust. Pure (no `vscode` at run time), so Node
// tests load it; settings.ts applies it to what VS Code's `inspect` gives.

/**
 * The settings (without `okChat.`) that shape what is sent on the user's behalf: texts, links and
 * how a message is split. In Restricted Mode only the user's own value counts (a cloned repository
 * must not put a link under every snippet); package.json lists them in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` too (with `buildNotifications`,
 * read by its own rules), and a unit test keeps the two lists the same.
 */
export const SETTINGS_USER_ONLY_UNTIL_TRUSTED = ['maxMessageLength', 'snippetHeader', 'snippetLinks', 'linkButtons', 'gitHosts'] as const;

export type UserOnlyUntilTrusted = (typeof SETTINGS_USER_ONLY_UNTIL_TRUSTED)[number];

/** What `WorkspaceConfiguration.inspect` gives (the fields used here). */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value that counts: in a trusted workspace the usual order (folder, workspace, user,
 * default); in an untrusted one the user's value, else the default.
 */
export function effectiveValue<T>(inspected: Inspected<T> | undefined, trusted: boolean): T | undefined {
  if (!inspected) return undefined;
  if (trusted) return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue ?? inspected.defaultValue;
  return inspected.globalValue ?? inspected.defaultValue;
}
