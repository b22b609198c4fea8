// scripts/release-check.mjs, which the release workflow runs first: the tag, package.json and
// CHANGELOG.md agree. Run on small fixture folders, and on the repository itself.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/release-check.mjs');

function check(tag: string, root?: string, ...more: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, tag, ...(root ? ['--root', root] : []), ...more], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('release check (scripts/release-check.mjs)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-release-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fixture(version: string, changelog: string): string {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ok-chat', version }));
    writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
    return dir;
  }

  it('passes when the tag, package.json and the top entry agree, and prints the entry as the notes', () => {
    const r = check('v2.1.0', fixture('2.1.0', '# Changelog\n\n## 2.1.0 — 2027-01-15\n\n- Faster sends.\n- Fixed: a title.\n\n## 2.0.0\n\n- Old.\n'), '--notes');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '- Faster sends.\n- Fixed: a title.\n');
  });

  it('allows an empty "## Unreleased" above the version, not one that lists changes', () => {
    assert.equal(check('v2.1.0', fixture('2.1.0', '# Changelog\n\n## Unreleased\n\n## 2.1.0\n\n- Faster sends.\n')).code, 0);
    const r = check('v2.1.0', fixture('2.1.0', '# Changelog\n\n## Unreleased\n\n- Not released yet.\n\n## 2.1.0\n\n- Faster sends.\n'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lists changes under "## Unreleased"/);
  });

  it('names each disagreement: the tag, package.json, the CHANGELOG', () => {
    const r = check('v2.2.0', fixture('2.1.0', '# Changelog\n\n## 2.0.0\n\n- Old.\n'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /package.json's version is 2\.1\.0, the tag says 2\.2\.0/);
    assert.match(r.stderr, /CHANGELOG.md's top entry is 2\.0\.0, the tag says 2\.2\.0/);
    assert.match(check('2.1.0', fixture('2.1.0', '## 2.1.0\n\n- x\n')).stderr, /is not v<major>\.<minor>\.<patch>/);
    assert.match(check('v1', fixture('2.1.0', '## 2.1.0\n\n- x\n')).stderr, /is not v<major>/, 'the moving major tag is no release');
  });

  it('refuses an entry still marked unreleased, an empty one, and a CHANGELOG without versions', () => {
    assert.match(check('v2.1.0', fixture('2.1.0', '## 2.1.0 — unreleased\n\n- x\n')).stderr, /marked "unreleased"/);
    assert.match(check('v2.1.0', fixture('2.1.0', '## 2.1.0\n\nNothing yet.\n')).stderr, /lists no change/);
    assert.match(check('v2.1.0', fixture('2.1.0', '# Changelog\n')).stderr, /no "## <version>" entry/);
    assert.match(check('v2.1.0', fixture('2.1.0', '## Next\n\n- x\n')).stderr, /is not "## <version>"/);
  });

  it('passes on the repository for its own version (between releases: only the unreleased changes stand in the way)', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = check(`v${version}`);
    const unreleased = /^## Unreleased\n+- /m.test(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'));
    if (!unreleased) assert.equal(r.code, 0, r.stderr);
    else assert.deepEqual(r.stderr.split('\n').filter((l) => l.startsWith('  - ')), ['  - CHANGELOG.md lists changes under "## Unreleased": move them into the version\'s entry (or release them later)'], r.stderr);
  });
});
