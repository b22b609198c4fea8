// Bundles the extension with esbuild.
//   node scripts/build.mjs               development build (source maps)
//   node scripts/build.mjs --production  minified build for packaging
//   node scripts/build.mjs --watch       rebuild on change
//
// The bundles, split so that activation stays cheap (the extension loads each part when it is used):
//   dist/extension.js  the thin VS Code layer, loaded on activation
//   dist/core.js       the API core (zod, the client, the Outbox; no undici: the extension talks to OK
//                      through VS Code's fetch), loaded on the first call to OK
//   dist/cli.js        the command-line tool's loader, and dist/cli.bundle.js the whole CLI with undici
//                      (when src/cli/main.ts exists)
//   dist/action.js     the GitHub Action's entry (action.yml), which runs dist/cli.js
// and, for "Send Selection as Image", its preview panel dist/snippetImage/panel.js (loaded when
// the command runs) and the script of its page, dist/snippetImage/preview.js (run by the webview);
// the same pair for reading a chat: dist/conversation/panel.js and dist/conversation/page.js.
// dist/testSeam.js is the test seam (src/extension/testing/testSeam.ts), which the extension
// loads only when VS Code runs it for tests (ExtensionMode.Test); .vscodeignore leaves it out of
// the .vsix. The tests' driver of the conversation page is not built here
// (scripts/build-test-driver.mjs).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';

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

/**
 * Start-up trims for the CLI's copy of undici (the CLI starts once per message, so every
 * millisecond of loading counts; see scripts/bench-cli.mjs):
 * - HTTP/2 is off (undici's default), yet client.js loads client-h2.js, which loads node:http2
 *   (~10 ms): it is loaded on the first HTTP/2 connection instead.
 * - undici compiles the SIMD build of llhttp and falls back to the plain one if that fails.
 *   Both are ~72 KB of base64 in the bundle; only the plain build is shipped, which every
 *   platform runs (the SIMD one only parses faster, which one or two small answers never notice).
 * - node:http (~8 ms) is loaded for two things only: http.maxHeaderSize, which is 16 KiB unless
 *   Node is started with --max-http-header-size (then node:http is asked, as before), and a check
 *   whether a stream being destroyed is an IncomingMessage (which cannot be unless node:http is
 *   loaded; the check now asks it only for streams of that name).
 * - undici checks its own invariants with assert(value[, message]) only: node:assert (~1 ms with the
 *   modules it loads) is loaded when a check fails, to throw the same AssertionError.
 * - Header names of an answer are lowercased with a lookup tree of ~100 well-known names, built
 *   when undici loads; for the few answers the CLI reads, lowercasing them directly gives the same
 *   names without building it.
 */
const undiciTrims = {
  name: 'undici-trims',
  setup(build) {
    /** file: a path under undici/lib; edits: [from, to] pairs, each of which must be found. */
    const edit = (file, edits) => {
      build.onLoad({ filter: new RegExp(`undici[\\\\/]lib[\\\\/]${file.replace(/[./]/g, (c) => (c === '/' ? '[\\\\/]' : '\\.'))}$`) }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (!text.includes(from)) throw new Error(`undici-trims: ${file} no longer contains ${from}; update scripts/build.mjs`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    };
    edit('dispatcher/client.js', [
      ["const connectH2 = require('./client-h2.js')", "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)"],
      ["const http = require('node:http')\n", ''],
      [
        'const getDefaultNodeMaxHeaderSize = http &&',
        "const getDefaultNodeMaxHeaderSize = !/--max-http-header-size/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`) ? () => 16384 : (http => http &&",
      ],
      [
        "  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }\n",
        "  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') })(require('node:http'))\n",
      ],
    ]);
    edit('core/util.js', [
      ["const { IncomingMessage } = require('node:http')\n", ''],
      ["const { tree } = require('./tree')\n", 'const tree = { lookup: () => null }\n'],
      [
        'Object.getPrototypeOf(stream).constructor === IncomingMessage',
        "Object.getPrototypeOf(stream).constructor?.name === 'IncomingMessage' && Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage",
      ],
    ]);
    edit('dispatcher/client-h1.js', [["require('../llhttp/llhttp_simd-wasm.js')", "require('../llhttp/llhttp-wasm.js')"]]);
    build.onResolve({ filter: /^node:assert$/ }, (args) =>
      /undici[\\/]lib[\\/]/.test(args.importer) ? { path: 'node:assert', namespace: 'undici-assert' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'undici-assert' }, () => ({
      contents: "'use strict'\nmodule.exports = function assert (value, message) { if (!value) require('node:assert')(value, message) }\n",
      loader: 'js',
    }));
  },
};

/**
 * One copy of the \`vscode\` module's namespace for the whole extension bundle. esbuild wraps
 * every \`import * as vscode from 'vscode'\` of an external module in its own copy of the API
 * (a getter per API member, ~300 each): 24 copies were made at every load. Importing it
 * through one ES module makes that one copy.
 */
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-namespace' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-namespace' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-namespace' }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: '.' }));
  },
};

/**
 * One bundle boundary, one way. dist/core.js is loaded lazily by dist/extension.js; what both
 * need (errors, ids, formatting, the Outbox, @vscode/l10n…) is emitted once, in the extension
 * bundle, which exports it as \`sharedModules\`; the core bundle takes it from there. So a class
 * is one class in both (\`instanceof\` holds) and module state (the translations) exists once.
 * The shared set is what the extension bundle imports from src/core and node_modules.
 */
async function sharedWithExtension() {
  const probe = await esbuild.build({ ...common, entryPoints: ['src/extension/activate.ts'], outfile: 'dist/extension.js', plugins: [oneVscodeNamespace], write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(probe.metafile.inputs)
    .map((f) => f.replace(/\\/g, '/'))
    .filter((f) => f.startsWith('src/core/') || f.startsWith('node_modules/'))
    .sort();
}

/** The extension's entry: activate/deactivate, and the shared modules for dist/core.js. */
function extensionEntry(shared) {
  const lines = ["export { activate, deactivate } from './src/extension/activate';"];
  shared.forEach((f, i) => lines.push(`import * as shared${i} from './${f}';`));
  lines.push(`export const sharedModules = { ${shared.map((f, i) => `${JSON.stringify(f)}: shared${i}`).join(', ')} };`);
  return { contents: lines.join('\n'), resolveDir: process.cwd(), sourcefile: 'extension-entry.ts', loader: 'ts' };
}

/** In dist/core.js, an import of a shared module reads it from the already loaded dist/extension.js. */
function fromExtension(shared) {
  const wanted = new Set(shared.map((f) => path.resolve(f)));
  return {
    name: 'shared-from-extension',
    setup(build) {
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'shared' }, () => ({ path: './extension.js', external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.namespace === 'shared' || args.pluginData?.resolving) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { resolving: true } });
        if (found.errors.length || !wanted.has(found.path)) return undefined;
        return { path: path.relative(process.cwd(), found.path).replace(/\\/g, '/'), namespace: 'shared' };
      });
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({ contents: `module.exports = require('./extension.js').sharedModules[${JSON.stringify(args.path)}];`, loader: 'js' }));
    },
  };
}

const shared = await sharedWithExtension();
const entries = [
  { stdin: extensionEntry(shared), outfile: 'dist/extension.js', plugins: [oneVscodeNamespace] },
  { entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js', plugins: [fromExtension(shared)] },
  { entryPoints: ['src/extension/snippetImage/imagePreviewPanel.ts'], outfile: 'dist/snippetImage/panel.js', plugins: [oneVscodeNamespace] },
  { entryPoints: ['src/webview/snippetImage/preview.ts'], outfile: 'dist/snippetImage/preview.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] },
  { entryPoints: ['src/extension/conversation/conversationPanel.ts'], outfile: 'dist/conversation/panel.js', plugins: [oneVscodeNamespace] },
  { entryPoints: ['src/webview/conversation/page.ts'], outfile: 'dist/conversation/page.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] },
  { entryPoints: ['src/extension/testing/testSeam.ts'], outfile: 'dist/testSeam.js', plugins: [oneVscodeNamespace] },
];
if (existsSync('src/cli/main.ts')) {
  // The version is written in, so that a run does not read and parse package.json (~25 KiB) for it.
  const { version } = JSON.parse(await readFile('package.json', 'utf8'));
  // The CLI speaks English: src/cli/l10nStandIn.ts stands in for @vscode/l10n (no bundle loading at start-up).
  entries.push({
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [undiciTrims],
    define: { OK_CHAT_VERSION: JSON.stringify(version) },
    alias: { '@vscode/l10n': './src/cli/l10nStandIn.ts' },
  });
}

if (existsSync('src/action/actionEntry.ts')) {
  // The GitHub Action's entry (action.yml): maps its inputs to `ok-chat notify` and runs dist/cli.js.
  entries.push({ entryPoints: ['src/action/actionEntry.ts'], outfile: 'dist/action.js' });
}

/**
 * Writes a build output as a new file that replaces the old one (a rename): the extension host,
 * a webview or `vsce` reading dist/ while a build runs (`npm run package` in a test, next to VS
 * Code windows running the extension) sees the whole old file or the whole new one, never a part.
 */
async function replaceFile(file, contents) {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, file);
}

/** Writes what a build made (built with write: false), each file through {@link replaceFile}. */
async function writeOutputs(result) {
  for (const f of result.outputFiles ?? []) await replaceFile(f.path, f.contents);
}

// --watch writes in place (a developer's own build); a one-off build writes through replaceFile
const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e, metafile: true, write: watch })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  const inputs = {};
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    await writeOutputs(result);
    for (const [file, out] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file}  ${(out.bytes / 1024).toFixed(1)} KiB`);
      inputs[file] = Object.keys(out.inputs).filter((f) => !f.includes(':'));
    }
    await ctx.dispose();
  }
  const twice = inputs['dist/core.js'].filter((f) => inputs['dist/extension.js'].includes(f));
  if (twice.length) throw new Error(`emitted in both dist/extension.js and dist/core.js: ${twice.join(', ')}`);
  if (production && existsSync('src/cli/loader.ts')) {
    // dist/cli.js becomes src/cli/loader.ts, which runs the bundle (now dist/cli.bundle.js) through
    // V8's code cache. The loader reads the bundle as latin1 (a copy, not a UTF-8 decode into a
    // two-byte string): it must stay ASCII. esbuild escapes strings, not regular expressions.
    const source = (await readFile('dist/cli.js', 'utf8')).replace(/^#!.*\n/, '');
    const nonAscii = /.{0,40}[^\x00-\x7f].{0,10}/.exec(source);
    if (nonAscii) throw new Error(`the CLI bundle must be ASCII; write \\u escapes in regular expressions: ${nonAscii[0]}`);
    // Written already wrapped as the function CommonJS would make of it, so that the loader
    // compiles the file's text as it is read (no copy of ~330 KiB into a wrapped string).
    await replaceFile('dist/cli.bundle.js', `(function (exports, require, module, __filename, __dirname) {${source}\n})`);
    const result = await esbuild.build({
      ...common,
      entryPoints: ['src/cli/loader.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
      define: { OK_CHAT_CLI_HASH: JSON.stringify(createHash('sha256').update(source).digest('hex').slice(0, 16)) },
      metafile: true,
      write: false,
    });
    await writeOutputs(result);
    for (const [file, out] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file}  ${(out.bytes / 1024).toFixed(1)} KiB (loader of dist/cli.bundle.js)`);
    }
  }
}
