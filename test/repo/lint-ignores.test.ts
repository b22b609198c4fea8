import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');

describe('lint', () => {
  it('skips every folder git ignores (what npm run try or a test run leaves behind is not linted)', async function () {
    this.timeout(30_000);
    const eslint = new ESLint({ cwd: ROOT });
    const folders = readFileSync(path.join(ROOT, '.gitignore'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.endsWith('/') && !l.startsWith('#'));
    assert.ok(folders.includes('.try/'), '.gitignore should list .try/');
    for (const folder of folders) {
      for (const file of ['a.js', 'x/dist/core.js', 'b.ts']) {
        assert.ok(await eslint.isPathIgnored(path.join(ROOT, folder, file)), `${folder}${file} would be linted`);
      }
    }
  });
});
