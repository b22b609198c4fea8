/** l10n of the manifest: package.json's %keys% and their English and Russian strings. */
import * as assert from 'node:assert/strict';
import { NLS_REF, SAME_IN_RUSSIAN, invariants, readJson, stringsIn, type Json, type Strings } from '../helpers/l10nJson';

describe('l10n: manifest (package.json, package.nls.json, package.nls.ru.json)', () => {
  const pkg = readJson<{ [key: string]: Json }>('package.json');
  const en = readJson<Strings>('package.nls.json');
  const ru = readJson<Strings>('package.nls.ru.json');
  const used = new Map<string, string>(); // key → where
  for (const s of stringsIn(pkg, '')) {
    const m = NLS_REF.exec(s.value);
    if (m) used.set(m[1], s.at);
  }

  it('package.nls.json and package.nls.ru.json have the same keys', () => {
    assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'in package.nls.ru.json only');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'in package.nls.json only');
  });

  it('every %key% used in package.json exists, and every key is used', () => {
    assert.ok(used.size >= 60, `only ${used.size} %keys% in package.json`);
    assert.deepEqual([...used].filter(([k]) => !(k in en)).map(([k, at]) => `${k} (${at})`), [], 'missing from package.nls.json');
    assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), [], 'not used in package.json');
  });

  it('no user-visible manifest string is left as plain text', () => {
    // Fields VS Code shows to users (JSON-schema and contribution fields); values must be %key%.
    const visible = new Set([
      'displayName',
      'description',
      'markdownDescription',
      'title',
      'shortTitle',
      'category',
      'name',
      'contextualTitle',
      'contents',
      'patternErrorMessage',
      'deprecationMessage',
      'markdownDeprecationMessage',
      'enumDescriptions',
      'markdownEnumDescriptions',
      'enumItemLabels',
      'altText',
      'label',
    ]);
    const plain: string[] = [];
    const check = (value: Json, at: string) => {
      for (const s of stringsIn(value, at)) {
        const field = s.at.replace(/\[\d+\]$/, '').split('.').pop() ?? '';
        if (visible.has(field) && !NLS_REF.test(s.value)) plain.push(`${s.at}: ${JSON.stringify(s.value)}`);
      }
    };
    check({ displayName: pkg.displayName, description: pkg.description }, '');
    check(pkg.contributes, 'contributes');
    check(pkg.capabilities, 'capabilities');
    assert.deepEqual(plain, []);
  });

  it('every Russian string is a translation, with the same placeholders, links and code spans', () => {
    const problems: string[] = [];
    for (const [key, english] of Object.entries(en)) {
      const russian = ru[key];
      if (typeof russian !== 'string' || !russian.trim()) problems.push(`${key}: empty`);
      else if (russian === english && !SAME_IN_RUSSIAN.has(english)) problems.push(`${key}: not translated`);
      else if (JSON.stringify(invariants(russian)) !== JSON.stringify(invariants(english))) {
        problems.push(`${key}: ${JSON.stringify(invariants(english))} became ${JSON.stringify(invariants(russian))}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('uses the Russian terms of OK for the token', () => {
    assert.match(ru['viewsWelcome.chats.noToken'], /«Работа с API»/);
    assert.match(ru['viewsWelcome.chats.noToken'], /токен/);
    assert.match(ru['command.setToken.title'], /токен доступа/);
  });
});
