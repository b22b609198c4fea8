/** l10n of the runtime strings: l10n/bundle.l10n.json is up to date and the Russian bundle complete. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pluralForms } from '../../src/core/messages/plural';
import { ROOT, SAME_IN_RUSSIAN, readJson, type Strings } from '../helpers/l10nJson';

/** Every source file under src/, concatenated (to find the count messages given to countText). */
function readSources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? readSources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(path.join(dir, e.name), 'utf8') : ''))
    .join('\n');
}
const sources = readSources(path.join(ROOT, 'src'));
/**
 * The messages of countText(n, l10n.t('a|b', …), locale) calls, and those marked `/* count forms *\/`
 * where countText is called elsewhere (a webview page given the message): their forms are checked per language.
 */
const countMessages = new Set([...sources.matchAll(/(?:countText\(\s*[^,]+,|\/\* count forms \*\/)\s*(?:vscode\.)?l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'")));

describe('l10n: runtime bundles (l10n/)', () => {
  const committed = readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8');
  const en = JSON.parse(committed) as Strings;
  const ru = readJson<Strings>('l10n/bundle.l10n.ru.json');

  it('l10n/bundle.l10n.json is exactly what `npm run l10n` (@vscode/l10n-dev) exports from src/', function () {
    // a guard against a hang, not a speed check: the export parses every source file and takes
    // 10–30 s on a busy 2-core machine, over 60 s when the tests share it with other heavy work
    this.timeout(300_000);
    const out = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-l10n-'));
    let exported: string;
    try {
      const cli = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, path.join(ROOT, 'src')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
      exported = readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8');
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      return assert.fail(`l10n-dev export failed:\n${err.stderr ?? ''}${err.stdout ?? String(e)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const fresh = JSON.parse(exported) as Strings;
    assert.ok(Object.keys(fresh).length >= 150, `only ${Object.keys(fresh).length} messages exported`);
    assert.deepEqual(Object.keys(fresh).filter((k) => !(k in en)), [], 'in the sources but not in l10n/bundle.l10n.json (run npm run l10n)');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in fresh)), [], 'in l10n/bundle.l10n.json but no longer in the sources (run npm run l10n)');
    assert.equal(committed, exported, 'l10n/bundle.l10n.json differs from the export (run npm run l10n)');
  });

  it('the English bundle maps every message to itself', () => {
    assert.deepEqual(Object.entries(en).filter(([k, v]) => k !== v), []);
  });

  it('the Russian bundle translates every message, with the same placeholders and codicons', () => {
    assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'not translated in l10n/bundle.l10n.ru.json');
    assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'no longer used (remove from l10n/bundle.l10n.ru.json)');
    const problems: string[] = [];
    const placeholders = (s: string) => [...s.matchAll(/\{\d+\}|\$\([\w~-]+\)/g)].map((m) => m[0]).sort();
    // a count's forms (countText) are compared form by form: each has the placeholders of the key's first form
    // (whether a message is a count is known by its key: the translation is split like it)
    const formsOf = (s: string, key: string) => (countMessages.has(key) ? s.split('|') : [s]);
    for (const [key, russian] of Object.entries(ru)) {
      if (typeof russian !== 'string' || !russian.trim()) problems.push(`${JSON.stringify(key)}: empty`);
      else if (russian === key && !SAME_IN_RUSSIAN.has(key)) problems.push(`${JSON.stringify(key)}: not translated`);
      else if (countMessages.has(key) && formsOf(russian, key).length !== pluralForms('ru').length) {
        problems.push(`${JSON.stringify(key)}: a count needs the Russian forms ${pluralForms('ru').join('|')}, it has ${formsOf(russian, key).length}`);
      } else if (formsOf(russian, key).some((form) => JSON.stringify(placeholders(form)) !== JSON.stringify(placeholders(formsOf(key, key)[0])))) {
        problems.push(`${JSON.stringify(key)}: placeholders ${placeholders(key).join(' ')} became ${placeholders(russian).join(' ')}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('a count is written in the forms of each language (English one|other), and countText gets it from l10n.t', () => {
    const problems = [...countMessages].filter((key) => key.split('|').length !== pluralForms('en').length).map((key) => `${JSON.stringify(key)}: English needs ${pluralForms('en').join('|')}`);
    assert.deepEqual(problems, []);
    assert.deepEqual([...countMessages].filter((key) => !(key in en)), [], 'count messages missing from l10n/bundle.l10n.json');
  });

  it('package.json points VS Code at the bundles, and the .vsix keeps the translations', () => {
    assert.equal(readJson<{ l10n?: string }>('package.json').l10n, './l10n');
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
    // VS Code reads bundle.l10n.<language>.json only (none for English); the packaged files are checked in package.test.ts
    assert.ok(ignore.includes('!l10n/bundle.l10n.*.json'));
    assert.ok(ignore.includes('!package.nls*.json'));
  });
});
