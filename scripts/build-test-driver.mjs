// Bundles the tests' driver of the conversation page (test/webview/conversationDriver.ts) for the
// webview, to out/test/webview/conversationDriver.js: a test run gives it to the test seam
// (setConversationDriver) and the panel loads it before the page's own script. Part of `npm run
// compile-tests`; never in dist/ nor in the VSIX.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['test/webview/conversationDriver.ts'],
  outfile: 'out/test/webview/conversationDriver.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: 'inline',
  logLevel: 'warning',
});
