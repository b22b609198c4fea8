import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { effectiveValue, SETTINGS_USER_ONLY_UNTIL_TRUSTED } from '../../src/extension/platform/settingValue';

const PHISHING = '{path}\nhttps://evil.example/login';

describe('settings that shape what is sent: the value that counts', () => {
  it('untrusted: the user\'s value, else the default; never the workspace\'s or the folder\'s', () => {
    assert.equal(effectiveValue({ defaultValue: '{path}', workspaceValue: PHISHING }, false), '{path}');
    assert.equal(effectiveValue({ defaultValue: '{path}', globalValue: 'мой {path}', workspaceValue: PHISHING, workspaceFolderValue: PHISHING }, false), 'мой {path}');
    assert.equal(effectiveValue({ defaultValue: 4000, workspaceFolderValue: 100 }, false), 4000);
  });

  it('trusted: the folder\'s, then the workspace\'s, then the user\'s value, then the default', () => {
    assert.equal(effectiveValue({ defaultValue: '{path}', globalValue: 'мой', workspaceValue: 'ws', workspaceFolderValue: 'folder' }, true), 'folder');
    assert.equal(effectiveValue({ defaultValue: '{path}', globalValue: 'мой', workspaceValue: 'ws' }, true), 'ws');
    assert.equal(effectiveValue({ defaultValue: '{path}', globalValue: 'мой' }, true), 'мой');
    assert.equal(effectiveValue({ defaultValue: false }, true), false);
    assert.equal(effectiveValue(undefined, true), undefined);
  });

  it('package.json restricts in untrusted workspaces exactly these settings and okChat.buildNotifications', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual([...restricted].sort(), ['okChat.buildNotifications', ...SETTINGS_USER_ONLY_UNTIL_TRUSTED.map((k) => `okChat.${k}`)].sort());
    for (const key of restricted) assert.ok(key in pkg.contributes.configuration.properties, `${key} is a contributed setting`);
  });
});
