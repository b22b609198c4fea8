/**
 * What `activate` returns is what every other installed extension gets from
 * `vscode.extensions.getExtension('ok-chat.ok-chat').exports`. Outside a test run that is nothing
 * (`undefined`): other extensions use OK Chat's commands (README, "API for other extensions").
 * When VS Code runs the extension for its own tests (`ExtensionMode.Test`) it is the test seam,
 * and only then is the seam made. No `vscode` import: the caller passes the mode.
 */
export function extensionExports<Seam>(testMode: boolean, makeSeam: () => Seam): Seam | undefined {
  return testMode ? makeSeam() : undefined;
}
