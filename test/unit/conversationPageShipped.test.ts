// The conversation page ships without the tests' driver: the tests inject theirs
// (test/webview/conversationDriver.ts) through the test seam, and the page bundle built from
// src/webview/conversation/ (dist/conversation/page.js, in the VSIX) has none of it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
/** What only the driver does: answers test actions, reads the script-injection probe, makes bench lines. */
const DRIVER_MARKERS = ['testAct', 'testResult', 'okChatXss', 'bench-'];

/** The page bundle as scripts/build.mjs makes dist/conversation/page.js. */
async function bundle(entry: string): Promise<string> {
  const out = await esbuild.build({ entryPoints: [path.join(ROOT, entry)], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
  return out.outputFiles[0].text;
}

describe('the conversation page as shipped', () => {
  it('has no test or bench driver in its bundle', async () => {
    const page = await bundle('src/webview/conversation/page.ts');
    assert.deepEqual(DRIVER_MARKERS.filter((m) => page.includes(m)), []);
  });

  it('the driver the tests inject is where those markers are (the check above can see them)', async () => {
    const driver = await bundle('test/webview/conversationDriver.ts');
    assert.deepEqual(DRIVER_MARKERS.filter((m) => driver.includes(m)), DRIVER_MARKERS);
  });

  it('scripts/build.mjs bundles the page from src/webview/conversation/page.ts, not from the driver', () => {
    const build = readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8');
    assert.match(build, /entryPoints: \['src\/webview\/conversation\/page\.ts'\], outfile: 'dist\/conversation\/page\.js'/);
    assert.doesNotMatch(build, /conversationDriver/);
  });
});
