// What other extensions see of OK Chat: `activate`'s return value. Outside a test run nothing;
// the test seam is made only in ExtensionMode.Test, and the product keeps no test switches.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { extensionExports } from '../../src/extension/extensionExports';

const root = path.resolve(__dirname, '../../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? sourceFiles(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

describe('the exports other extensions see', () => {
  // a stand-in with the test members the seam offers
  const seam = { outboxItems: () => [{ text: 'unsent' }], setUploadTimings: () => undefined, reportBuildEnd: () => undefined };

  it('outside ExtensionMode.Test: nothing, and the seam is not even made', () => {
    let made = 0;
    const exported = extensionExports(false, () => {
      made++;
      return seam;
    });
    assert.equal(exported, undefined);
    assert.equal(made, 0);
  });

  it('in ExtensionMode.Test: the seam, made once', () => {
    let made = 0;
    const exported = extensionExports(true, () => {
      made++;
      return seam;
    });
    assert.equal(exported, seam);
    assert.equal(made, 1);
  });

  it('activate() returns them by whether VS Code runs in ExtensionMode.Test, and it alone makes the seam', () => {
    const src = read('src/extension/activate.ts');
    assert.match(src, /const testMode = context\.extensionMode === vscode\.ExtensionMode\.Test;\s*return extensionExports\(testMode, \(\) => testSeamBundle<typeof Seam>\(\)\.makeTestSeam\(/);
    assert.equal(src.match(/\bmakeTestSeam\(/g)?.length, 1);
    // activate.ts names the seam's types only: its code is in its own bundle, required in a test run
    const importers = sourceFiles('src').filter((f) => /from '[./]*(testing\/)?testSeam'/.test(read(f)));
    assert.deepEqual(importers, ['src/extension/activate.ts']);
    assert.deepEqual(src.match(/^import .*testSeam';$/gm)?.filter((l) => !l.startsWith('import type ')), [], 'a value import of the seam puts its code in dist/extension.js');
  });

  it('the product has no test switches of its own: timings and answers come through Services.tuning, the seam sets them', () => {
    const switches = ['setUploadTimings', 'forgetKeyboardRefusal', 'answerRetryConfirmation', 'unloadCore', 'observeRetryWaits', 'setTimings', 'withTestOnlyHooks'];
    const found = sourceFiles('src')
      .filter((f) => !f.startsWith('src/extension/testing/'))
      .flatMap((f) => switches.filter((name) => new RegExp(`\\b${name}\\b`).test(read(f))).map((name) => `${f}: ${name}`));
    assert.deepEqual(found, []);
  });
});
