// Before a release: the tag, package.json's version and CHANGELOG.md's top entry agree.
//
//   node scripts/release-check.mjs v1.2.3            checks the repository (exit 0, or 1 with each problem)
//   node scripts/release-check.mjs v1.2.3 --notes    also prints the version's CHANGELOG entry (the release notes)
//   node scripts/release-check.mjs v1.2.3 --root <dir>   checks another folder (the tests' fixtures)
//
// The rules (CONTRIBUTING.md, "Releasing"):
// - the tag is v<major>.<minor>.<patch>, and package.json's "version" is that version;
// - CHANGELOG.md's first version heading is "## <version>", optionally followed by " — <date>",
//   and not marked unreleased; its entry lists at least one change;
// - an "## Unreleased" heading may stand above it only while empty (right after a release):
//   a change listed there would be missing from this release's notes.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? path.resolve(args[rootAt + 1] ?? '.') : fileURLToPath(new URL('..', import.meta.url));
const tag = args.find((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1)) ?? '';

const problems = [];
const tagged = /^v(\d+\.\d+\.\d+)$/.exec(tag);
if (!tagged) problems.push(`the tag "${tag}" is not v<major>.<minor>.<patch> (e.g. v1.0.0)`);
const version = tagged?.[1];

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
if (version && pkg.version !== version) problems.push(`package.json's version is ${pkg.version}, the tag says ${version}`);

const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8').replace(/\r\n/g, '\n');
const entries = changelog
  .split(/^## /m)
  .slice(1)
  .map((e) => ({ heading: e.slice(0, e.indexOf('\n') < 0 ? e.length : e.indexOf('\n')).trim(), body: e.indexOf('\n') < 0 ? '' : e.slice(e.indexOf('\n') + 1).trim() }));
let notes = '';
if (entries.length === 0) problems.push('CHANGELOG.md has no "## <version>" entry');
else {
  let [first, second] = entries;
  if (/^unreleased$/i.test(first.heading)) {
    if (first.body !== '') problems.push('CHANGELOG.md lists changes under "## Unreleased": move them into the version\'s entry (or release them later)');
    first = second;
  }
  if (!first) problems.push('CHANGELOG.md has no version entry below "## Unreleased"');
  else {
    const m = /^(\d+\.\d+\.\d+)(?:\s+[—–-]\s+(.+))?$/.exec(first.heading);
    if (!m) problems.push(`CHANGELOG.md's top entry "## ${first.heading}" is not "## <version>" (optionally " — <date>")`);
    else {
      if (version && m[1] !== version) problems.push(`CHANGELOG.md's top entry is ${m[1]}, the tag says ${version}`);
      if (m[2] && /unreleased/i.test(m[2])) problems.push(`CHANGELOG.md's entry for ${m[1]} is marked "${m[2]}"`);
    }
    if (!/^[-*] /m.test(first.body)) problems.push(`CHANGELOG.md's entry "## ${first.heading}" lists no change`);
    notes = first.body;
  }
}

if (problems.length > 0) {
  console.error(`release check of ${tag || '(no tag)'} failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.error(`release check: tag ${tag}, package.json ${pkg.version} and CHANGELOG.md ${version} agree`);
if (args.includes('--notes')) process.stdout.write(`${notes}\n`);
