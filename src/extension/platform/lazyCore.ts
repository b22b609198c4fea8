import * as path from 'node:path';
import type * as Core from '../../core';

export type CoreModule = typeof Core;

/** The core bundle, next to the extension bundle. */
export const CORE_BUNDLE = path.join(__dirname, 'core.js');

let loaded: CoreModule | undefined;

/**
 * The API core (zod; requests go through VS Code's fetch) lives in its own bundle, `dist/core.js`, so that activation does
 * not pay for loading it. It is required the first time something talks to OK. Node's module
 * cache says whether it is loaded: taken out of it, the core is loaded again on the next call.
 */
export function core(): CoreModule {
  if (!loaded || !isCoreLoaded()) {
    // A computed path keeps esbuild from inlining the core into the extension bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(CORE_BUNDLE) as CoreModule;
  }
  return loaded;
}

export function isCoreLoaded(): boolean {
  return require.cache[CORE_BUNDLE] !== undefined;
}
