import * as path from 'node:path';
import type * as Core from '../../core';

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
  }
  return loaded;
}

/** For tests: forgets the loaded core, so that the next call to OK loads it again as on a fresh start. */
export function unloadCore(): void {
  if (!loaded) return;
  delete require.cache[path.join(__dirname, 'core.js')];
  loaded = undefined;
}

export function isCoreLoaded(): boolean {
  return loaded !== undefined;
}
