// The `ok-chat` npm package (the command-line tool), packed from its own manifest: the repository's
// package.json is the extension's (and stays "private", so a stray `npm publish` cannot publish it).
//
//   node scripts/pack-cli.mjs              stages dist/npm/ and packs ok-chat-<version>.tgz here
//   node scripts/pack-cli.mjs --dry-run    stages and lists what the tarball would hold (npm pack --dry-run)
//   node scripts/pack-cli.mjs --json       the same, as npm's JSON (with --dry-run: nothing written but dist/npm/)
//   node scripts/pack-cli.mjs --stage      stages dist/npm/ only (`npm publish` runs there in the release workflow)
//
// Needs the production build (`node scripts/build.mjs --production`: dist/cli.js and dist/cli.bundle.js).
// The package's README is CLI.md (its npm page), its links made absolute at the release's tag.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stage = path.join(root, 'dist', 'npm');
const args = process.argv.slice(2);
const REPO = 'https://github.com/ok-chat/ok-chat';

const ext = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const file of ['dist/cli.js', 'dist/cli.bundle.js']) {
  if (!existsSync(path.join(root, file))) {
    console.error(`pack-cli: ${file} is missing; run \`node scripts/build.mjs --production\` first.`);
    process.exit(1);
  }
}

/** CLI.md as the npm page: relative links to the repository's files become links at the tag. */
function npmReadme(text, version) {
  return text.replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_, target) => `](${REPO}/blob/v${version}/${target.replace(/^\.\//, '')})`);
}

const manifest = {
  name: 'ok-chat',
  version: ext.version,
  description: 'Send messages and build notifications to OK (ok.ru) group chats from CI pipelines and git hooks; read a chat. Сообщения и уведомления о сборке в чаты групп Одноклассников.',
  keywords: ['ok.ru', 'OK', 'odnoklassniki', 'Одноклассники', 'chat', 'чат', 'CI', 'build notifications', 'сборка', 'уведомления', 'cli'],
  license: ext.license,
  repository: { type: 'git', url: `git+${REPO}.git` },
  bugs: { url: `${REPO}/issues` },
  homepage: `${REPO}/blob/main/CLI.md`,
  bin: { 'ok-chat': 'dist/cli.js' },
  files: ['dist/cli.js', 'dist/cli.bundle.js', 'CHANGELOG.md'],
  engines: { node: ext.engines.node },
};

rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'dist'), { recursive: true });
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(path.join(stage, 'README.md'), npmReadme(readFileSync(path.join(root, 'CLI.md'), 'utf8'), ext.version));
for (const file of ['LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/cli.bundle.js']) copyFileSync(path.join(root, file), path.join(stage, file));

if (args.includes('--stage')) {
  console.log(stage);
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packArgs = ['pack', '--pack-destination', root, ...args.filter((a) => a === '--dry-run' || a === '--json')];
  const out = execFileSync(npm, packArgs, { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' });
  process.stdout.write(out);
}
