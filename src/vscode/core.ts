import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Core from '../core';

export type CoreModule = typeof Core;

let loaded: CoreModule | undefined;

/**
 * The API core (zod; requests go through VS Code's fetch) lives in its own bundle, `dist/core.js`, so that activation does
 * not pay for loading it. It is required the first time something talks to OK.
 */
export function core(): CoreModule {
  if (!loaded) {
    // A computed path keeps esbuild from inlining the core into the extension bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path.join(__dirname, 'core.js')) as CoreModule;
    loaded.setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  }
  return loaded;
}

export function isCoreLoaded(): boolean {
  return loaded !== undefined;
}
