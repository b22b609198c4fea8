import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';

const ROOT = path.resolve(__dirname, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A copy of a folder whose files are hard links (a copy where linking fails); symbolic links stay links. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(a), b);
    else if (entry.isDirectory()) linkTree(a, b);
    else {
      try {
        linkSync(a, b);
      } catch {
        copyFileSync(a, b);
      }
    }
  }
}

/**
 * A copy of the repository's files as they are now (tracked and new, not ignored ones; dist/ as
 * built) and of its node_modules (hard links: the build names modules by their path under the
 * project, which a symbolic link would change): `npm run package` runs there, so that it does not
 * rebuild dist/ and ok-chat.vsix under the VS Code windows and `npm run try` of the tests beside it.
 */
function privateCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-package-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // dist/ as the build made it (not dist/npm, the npm package's staging folder)
  const dist = readdirSync(path.join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('npm')).map((f) => `dist/${f}`);
  for (const file of [...listed.split('\0').filter(Boolean), ...dist]) {
    const from = path.join(ROOT, file);
    if (!existsSync(from) || statSync(from).isDirectory()) continue; // deleted, or a folder of dist/
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(from, path.join(dir, file));
  }
  linkTree(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** dist's JavaScript files and their inodes. */
function distInodes(root: string): Map<string, number> {
  const files = readdirSync(path.join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  return new Map(files.map((f) => [f, statSync(path.join(root, 'dist', f)).ino]));
}

describe('packaging', () => {
  let copy: string | undefined;
  after(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('`npm run package` builds an ok-chat.vsix with only what a user needs', async function () {
    // a guard against a hang, not a speed check (20–45 s on a busy 2-core machine)
    this.timeout(300_000);
    copy = privateCopy();
    const before = distInodes(copy);
    // The real command of the README, not a look-alike: it fails the way a user would see it fail.
    const run = spawnSync(npm, ['run', 'package'], { cwd: copy, encoding: 'utf8', shell: process.platform === 'win32' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    // each bundle was replaced by a new file (a rename), not rewritten in place: what reads dist/
    // during a build (the extension host, a webview, vsce) never sees half a file
    const kept = [...distInodes(copy)].filter(([f, ino]) => before.get(f) === ino).map(([f]) => f);
    assert.deepEqual(kept, [], 'bundles rewritten in place by the build');
    assert.deepEqual(readdirSync(path.join(copy, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp')), [], 'temporary files left in dist/');
    // vsce warns (and asks) about a missing repository, a missing LICENSE, relative image links…: none of them
    assert.doesNotMatch(`${run.stdout}${run.stderr}`, /WARNING|--allow-missing-repository/i);
    assert.doesNotMatch(readFileSync(path.join(ROOT, 'package.json'), 'utf8'), /--allow-missing-repository/);
    const vsix = path.join(copy, 'ok-chat.vsix');
    const size = statSync(vsix).size;
    assert.ok(size > 50 * 1024 && size < 2 * 1024 * 1024, `ok-chat.vsix is ${size} bytes; expected 50 KiB..2 MiB`);
    const zip = await JSZip.loadAsync(readFileSync(vsix));
    const files = Object.keys(zip.files)
      .filter((f) => f.startsWith('extension/') && !zip.files[f].dir)
      .map((f) => f.slice('extension/'.length));
    const allowed = [
      /^package(\.nls(\.ru)?)?\.json$/,
      /^(readme|changelog)\.md$/i,
      /^LICENSE(\.txt)?$/,
      /^dist\/(extension|core)\.js$/,
      /^dist\/snippetImage\/(panel|preview)\.js$/,
      /^dist\/conversation\/(panel|page)\.js$/,
      /^media\/(icon\.png|ok-chat\.svg)$/,
      /^media\/walkthrough\/[\w-]+(\.ru)?\.md$/,
      /^l10n\/bundle\.l10n\.ru\.json$/,
    ];
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], 'files that do not belong in the .vsix');
    for (const needed of ['package.json', 'dist/extension.js', 'dist/core.js', 'dist/conversation/panel.js', 'dist/conversation/page.js', 'media/icon.png', 'l10n/bundle.l10n.ru.json', 'package.nls.ru.json']) {
      assert.ok(files.includes(needed), `${needed} is missing from the .vsix`);
    }
    assert.ok(files.some((f) => /^readme\.md$/i.test(f)), 'README is missing from the .vsix');
    const manifest = JSON.parse(await zip.file('extension/package.json')!.async('string')) as Record<string, unknown> & { main: string; categories: string[]; keywords: string[] };
    assert.equal(manifest.main, './dist/extension.js');
    // the Marketplace's and Open VSX's page of the extension
    const repo = 'https://github.com/ok-chat/ok-chat';
    assert.deepEqual(manifest.repository, { type: 'git', url: repo });
    assert.deepEqual(manifest.bugs, { url: `${repo}/issues` });
    assert.equal(manifest.homepage, `${repo}#readme`);
    assert.equal(manifest.qna, `${repo}/discussions`);
    assert.equal(manifest.pricing, 'Free');
    assert.equal(manifest.publisher, 'ok-chat');
    assert.ok(manifest.categories.some((c) => c !== 'Other'), `categories: ${manifest.categories.join(', ')}`);
    for (const k of ['ok.ru', 'Одноклассники', 'чат', 'сниппет', 'сборка']) assert.ok(manifest.keywords.includes(k), `keyword ${k}`);
    assert.ok(manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');

    // Size: what users download: at most 165 000 bytes (the README's screenshots come from the repository;
    // the API core sends through VS Code's fetch, so no undici or WebAssembly ships in the .vsix).
    // 1.1.0 is about 161 000: the code (about 100 000 compressed), the Russian texts (about 20 000), the
    // README (7 000), the CHANGELOG (2 000: the entries say what changed for users, in a few lines each).
    assert.ok(size <= 165_000, `ok-chat.vsix is ${size} bytes; expected at most 165 000`);
    const wasm = (await Promise.all(files.filter((f) => f.endsWith('.js')).map(async (f) => (await zip.file(`extension/${f}`)!.async('string')).includes('AGFzbQ')))).some(Boolean);
    assert.equal(wasm, false, 'no WebAssembly (llhttp) in the extension');
    // the conversation page without the tests' driver (they inject theirs: test/webview/conversationDriver.ts)
    const page = await zip.file('extension/dist/conversation/page.js')!.async('string');
    assert.deepEqual(['testAct', 'testResult', 'okChatXss', 'bench-'].filter((m) => page.includes(m)), [], 'test driver code in the shipped conversation page');
    // the test seam is its own bundle (dist/testSeam.js, loaded only in ExtensionMode.Test), not shipped
    const extension = await zip.file('extension/dist/extension.js')!.async('string');
    assert.deepEqual(['answerRetryConfirmation', 'setUploadTimings', 'conversationAct', 'reportBuildEnd', 'outboxRecords'].filter((m) => extension.includes(m)), [], 'test seam code in the shipped extension bundle');
  });

  it('README images and links to media/ are absolute URLs of the repository at the release tag, of files that exist', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    // A relative media/ link shows nowhere the README is read from the .vsix (the Marketplace, the extension's page in VS Code).
    assert.deepEqual(targets.filter((t) => /^(\.\/)?media\//.test(t)), [], 'relative links to media/');
    const pinned = `https://raw.githubusercontent.com/ok-chat/ok-chat/v${version}/`;
    const media = targets.filter((t) => t.includes('/media/'));
    assert.ok(media.length >= 5, `README links to media: ${media.join(', ')}`);
    for (const url of media) {
      assert.ok(url.startsWith(pinned), `${url} is not pinned to ${pinned}`);
      const file = url.slice(pinned.length);
      assert.match(file, /^media\/[\w./-]+$/, url);
      assert.ok(existsSync(path.join(ROOT, file)), `${file} (from ${url}) is not in the repository`);
    }
  });

  it('README screenshots are compressed palette PNGs (re-captured ones need pngquant, see CONTRIBUTING.md)', () => {
    const dir = path.join(ROOT, 'media/screenshots');
    const shots = readdirSync(dir).filter((f) => f.endsWith('.png'));
    assert.ok(shots.length >= 4, `screenshots: ${shots.join(', ')}`);
    for (const shot of shots) {
      const png = readFileSync(path.join(dir, shot));
      // IHDR: width, height at 16 and 20; colour type at 25 (3 = palette)
      assert.equal(png[25], 3, `${shot} is not a palette PNG: compress it with pngquant`);
      assert.ok(png.length <= 40 * 1024, `${shot} is ${png.length} bytes; expected at most 40 KiB`);
    }
  });

  it('the `ok-chat` npm package is packed from its own manifest: the CLI bundle, CLI.md as its README, no dependencies', function () {
    this.timeout(60_000);
    // scripts/pack-cli.mjs needs the production build (npm test builds it before the tests)
    const out = execFileSync(process.execPath, ['scripts/pack-cli.mjs', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [pack] = JSON.parse(out) as Array<{ name: string; files: Array<{ path: string }> }>;
    assert.equal(pack.name, 'ok-chat');
    assert.deepEqual(pack.files.map((f) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.bundle.js', 'dist/cli.js', 'package.json']);
    const staged = path.join(ROOT, 'dist/npm');
    const cliPkg = JSON.parse(readFileSync(path.join(staged, 'package.json'), 'utf8')) as Record<string, unknown> & { bin: Record<string, string>; repository: { url: string } };
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; private?: boolean; dependencies?: Record<string, string>; files?: unknown; bin: Record<string, string> };
    assert.equal(cliPkg.private, undefined, 'the CLI package is publishable');
    assert.equal(cliPkg.version, pkg.version);
    assert.deepEqual(cliPkg.bin, { 'ok-chat': 'dist/cli.js' });
    assert.equal(cliPkg.dependencies, undefined);
    // npm publish --provenance checks that the package's repository is the one the workflow runs in
    assert.equal(cliPkg.repository.url, 'git+https://github.com/ok-chat/ok-chat.git');
    const readme = readFileSync(path.join(staged, 'README.md'), 'utf8');
    assert.match(readme, /^# The `ok-chat` command/, 'the npm page is CLI.md, not the extension\'s README');
    assert.deepEqual([...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^(https?:|#)/.test(t)), [], 'relative links on the npm page');
    // the repository's own manifest is the extension's: never published to npm by a stray `npm publish`
    assert.equal(pkg.private, true);
    // dist/cli.bundle.js bundles undici and zod: installing them again would only cost the user megabytes.
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
    assert.equal(pkg.files, undefined, 'a "files" list makes `vsce package` fail next to .vscodeignore');
    assert.equal(pkg.bin['ok-chat'], './dist/cli.js');
  });
});
