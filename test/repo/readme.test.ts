// The README is the extension's page on the Marketplace, Open VSX and in VS Code: users first
// (what it does, Install, Get started), the two build-from-source commands last, and CI runs
// the test command the README gives.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The `## ` sections in order, each with its text. */
function sections(text: string): Array<{ title: string; body: string }> {
  const parts = text.split(/^## /m).slice(1);
  return parts.map((p) => ({ title: p.slice(0, p.indexOf('\n')).trim(), body: p.slice(p.indexOf('\n') + 1) }));
}

/** The commands of the ```sh blocks of a text. */
function shellBlocks(text: string): string[] {
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1].trim());
}

describe('README', () => {
  const all = sections(readme);
  const titles = all.map((s) => s.title);

  it('opens for users: what OK Chat does and a screenshot, then Install and Get started', () => {
    const intro = readme.slice(0, readme.indexOf('\n## '));
    assert.match(intro, /^# OK Chat/);
    assert.match(intro, /!\[[^\]]+\]\(https:\/\/raw\.githubusercontent\.com\/ok-chat\/ok-chat\/v[\d.]+\/media\/screenshots\/[\w-]+\.png\)/, 'a screenshot before the first section');
    assert.deepEqual(titles.slice(0, 3), ['Install', 'Get started', 'Features']);
    const install = all[0].body;
    for (const where of ['Marketplace', 'Open VSX', 'VSIX']) assert.ok(install.includes(where), `Install names ${where}`);
    assert.match(install, /ok-chat\.ok-chat/, 'the extension id (publisher ok-chat)');
  });

  it('keeps the build-from-source commands in its last section, after the user part, pointing to CONTRIBUTING.md', () => {
    assert.equal(titles.at(-1), 'Build from source');
    const build = all.at(-1)!.body;
    assert.deepEqual(shellBlocks(build), ['npm ci && npm run try', 'npm ci && npm test']);
    assert.match(build, /\]\(CONTRIBUTING\.md\)/);
    // nothing above it tells a user to build or test the repository
    const userPart = readme.slice(0, readme.indexOf('\n## Build from source'));
    assert.deepEqual(shellBlocks(userPart).filter((b) => /\bnpm (ci|test|run)\b/.test(b)), []);
  });

  it('CI (.ci/run) runs the test command the README gives', () => {
    const ciLines = readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const testCommand = shellBlocks(all.at(-1)!.body).find((b) => b.includes('npm test'));
    assert.equal(ciLines.at(-1), testCommand);
  });

  it('links to repository files that exist (docs/, CLI.md, CONTRIBUTING.md)', () => {
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^(https?:|#)/.test(t));
    assert.ok(relative.length >= 3, relative.join(', '));
    for (const target of relative) assert.ok(existsSync(path.join(ROOT, target)), `${target} is linked from the README but missing`);
  });
});
