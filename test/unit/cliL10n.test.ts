import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as english from '../../src/cli/l10nStandIn';

const ROOT = path.resolve(__dirname, '../../..');

describe('the CLI\'s stand-in for @vscode/l10n', () => {
  after(() => l10n.config({ contents: {} }));

  it('formats every message of the extension as @vscode/l10n does without a bundle', () => {
    l10n.config({ contents: {} });
    const messages = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>);
    assert.ok(messages.length > 150);
    const argSets: Array<Array<string | number | boolean>> = [[], ['chat:C1'], ['Бэкенд', 3, true, 'x{0}y', '$&']];
    const differ = messages.flatMap((m) => argSets.filter((args) => english.t(m, ...args) !== l10n.t(m, ...args)).map((args) => `${m} ${JSON.stringify(args)}`));
    assert.deepEqual(differ, []);
  });

  it('takes named placeholders as the package does', () => {
    l10n.config({ contents: {} });
    for (const [message, args] of [['{name} failed in {ms} ms', { name: 'build', ms: 12 }], ['{missing} stays', {}], ['{0} and {1}', { 0: 'a' }]] as const) {
      assert.equal(english.t(message, args), l10n.t(message, args as Record<string, string | number>));
    }
  });
});
