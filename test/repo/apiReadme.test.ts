// The section "API for other extensions" of docs/commands.md (linked from the README) names exactly what `activate` exports outside
// a test run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { extensionExports } from '../../src/extension/extensionExports';

const root = path.resolve(__dirname, '../../..');

function readmeSection(title: string): string {
  const readme = fs.readFileSync(path.join(root, 'docs/commands.md'), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/commands.md has no section "## ${title}"`);
  const rest = readme.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('docs/commands.md: API for other extensions', () => {
  it('names exactly the exports outside ExtensionMode.Test', () => {
    const section = readmeSection('API for other extensions');
    const exported = extensionExports(false, () => ({ testSeam: true }));
    // the members the section lists, one per bullet: "- `name` …"
    const named = [...section.matchAll(/^- `([A-Za-z_$][\w$]*)`/gm)].map((m) => m[1]).sort();
    const members = exported === undefined ? [] : Object.keys(exported).sort();
    assert.deepEqual(named, members, 'the members the README lists');
    if (exported === undefined) assert.match(section, /\.exports`\s+is `undefined`/, 'the README says that nothing is exported');
    else assert.doesNotMatch(section, /is `undefined`/);
  });
});
