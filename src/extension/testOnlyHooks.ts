/**
 * The public API of the extension is visible to every other installed extension
 * (`vscode.extensions.getExtension('ok-chat.ok-chat').exports`). Hooks that act on the user's
 * behalf — feeding a "finished build" to the notification rules posts to the user's chats —
 * are therefore added only when VS Code runs the extension for its own tests.
 * No `vscode` import: the caller passes whether the host is in `ExtensionMode.Test`.
 */
export function withTestOnlyHooks<Api extends object, Hooks extends object>(api: Api, hooks: Hooks, testMode: boolean): Api & Partial<Hooks> {
  return testMode ? { ...api, ...hooks } : { ...api };
}
