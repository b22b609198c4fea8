// Bundles the extension with esbuild.
//   node scripts/build.mjs               development build (source maps)
//   node scripts/build.mjs --production  minified build for packaging
//   node scripts/build.mjs --watch       rebuild on change
//
// Three bundles are produced so that activation stays cheap:
//   dist/extension.js  the thin VS Code layer, loaded on activation
//   dist/core.js       the API core (undici + zod), loaded on first use
//   dist/cli.js        the command-line tool (when src/cli.ts exists)
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  external: ['vscode'],
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' },
];
if (existsSync('src/cli.ts')) {
  entries.push({ entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
}

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e, metafile: true })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    for (const [file, out] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file}  ${(out.bytes / 1024).toFixed(1)} KiB`);
    }
    await ctx.dispose();
  }
}
