import * as path from 'node:path';

/**
 * What `activate` returns is what every other installed extension gets from
 * `vscode.extensions.getExtension('ok-chat.ok-chat').exports`. Outside a test run that is nothing
 * (`undefined`): other extensions use OK Chat's commands (README, "API for other extensions").
 * When VS Code runs the extension for its own tests (`ExtensionMode.Test`) it is the test seam,
 * and only then is the seam made, from its own bundle (`dist/testSeam.js`, built beside the
 * others and left out of the .vsix): `dist/extension.js` holds no test code. No `vscode` import:
 * the caller passes the mode.
 */
export function extensionExports<Seam>(testMode: boolean, makeSeam: () => Seam): Seam | undefined {
  return testMode ? makeSeam() : undefined;
}

/** The test seam's bundle, next to the extension bundle; required only in a test run. */
export function testSeamBundle<T>(): T {
  // A computed path keeps esbuild from inlining the seam into the extension bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'testSeam.js')) as T;
}
