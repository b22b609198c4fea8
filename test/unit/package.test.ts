import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

describe('the .vsix', () => {
  it('contains only what a user needs: the bundles, media, manifest, translations, README, CHANGELOG, LICENSE', function () {
    this.timeout(30000);
    const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
    const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const allowed = [
      /^package(\.nls(\.ru)?)?\.json$/,
      /^(README|CHANGELOG)\.md$/,
      /^LICENSE$/,
      /^dist\/(extension|core)\.js$/,
      /^media\/(icon\.png|ok-chat\.svg)$/,
      /^media\/screenshots\/[\w-]+\.png$/,
      /^media\/walkthrough\/[\w-]+(\.ru)?\.md$/,
      /^l10n\/bundle\.l10n(\.ru)?\.json$/,
    ];
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], 'files that do not belong in the .vsix');
    for (const needed of ['package.json', 'dist/extension.js', 'dist/core.js', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png', 'l10n/bundle.l10n.ru.json']) {
      assert.ok(files.includes(needed), `${needed} is missing from the .vsix`);
    }
    assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/') || f === 'dist/cli.js'));
  });
});
