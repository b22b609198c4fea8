import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';

// compiled to out/test/repo/, so the repository is three levels up
const root = path.resolve(__dirname, '..', '..', '..');
const src = path.join(root, 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|mts|cts)$/.test(e.name) ? [p] : [];
  });
}

describe('the layout of src/', () => {
  const files = sources(src);

  it('finds the sources', () => {
    assert.ok(files.length > 50, `only ${files.length} files under src/`);
  });

  it('no two files share a name (a search by file name finds one file)', () => {
    const byName = new Map<string, string[]>();
    for (const f of files) byName.set(path.basename(f), [...(byName.get(path.basename(f)) ?? []), path.relative(root, f)]);
    const shared = [...byName.values()].filter((list) => list.length > 1);
    assert.deepEqual(shared, []);
  });

  it('no file is over 300 lines (split by concern as a file grows)', () => {
    const long = files
      .map((f) => ({ file: path.relative(root, f), lines: fs.readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > 300);
    assert.deepEqual(long, []);
  });
});
