import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTestOnlyHooks } from '../../src/extension/testOnlyHooks';

describe('the API object other extensions see', () => {
  const api = { activationMs: 1, isCoreLoaded: () => false };
  let fed = 0;
  const hooks = { reportBuildEnd: () => void fed++ };
  it('has no reportBuildEnd outside ExtensionMode.Test (no extension can post fake builds)', () => {
    const exported = withTestOnlyHooks(api, hooks, false);
    assert.equal('reportBuildEnd' in exported, false);
    assert.deepEqual(Object.keys(exported).sort(), ['activationMs', 'isCoreLoaded']);
  });
  it('has it in ExtensionMode.Test, and it reaches the watcher', () => {
    const exported = withTestOnlyHooks(api, hooks, true);
    assert.equal(typeof exported.reportBuildEnd, 'function');
    exported.reportBuildEnd?.();
    assert.equal(fed, 1);
  });
  it('activate() passes whether VS Code runs in ExtensionMode.Test', () => {
    // The source of activate(): the hook is added only behind the Test mode check.
    const src = readFileSync(join(__dirname, '../../../src/extension/activate.ts'), 'utf8');
    assert.match(src, /const testMode = context\.extensionMode === vscode\.ExtensionMode\.Test;/);
    assert.match(src, /withTestOnlyHooks\([\s\S]*\{ reportBuildEnd: \(build: EndedBuild\) => builds\.handle\(build\), retryWaitsShown: \(\) => structuredClone\(waitsShown\), unloadCore, forgetKeyboardRefusal, setUnreadPollTimings: \(t: UnreadPollTimings \| undefined\) => unread\.setTimings\(t\), \.\.\.conversationSeam\(s\) \},\s*testMode,\s*\)/);
    // what a send's progress showed is recorded only in a test run
    assert.match(src, /if \(testMode\) api\.observeRetryWaits = /);
    assert.equal(src.match(/observeRetryWaits/g)?.length, 1);
    // reportBuildEnd appears nowhere else in the object activate() returns
    assert.equal(src.match(/reportBuildEnd:/g)?.length, 1);
    // nor does unloadCore (its import and the hooks only)
    assert.equal(src.match(/\bunloadCore\b(?!\?:)/g)?.length, 2);
    // nor does forgetKeyboardRefusal (its import and the hooks only)
    assert.equal(src.match(/\bforgetKeyboardRefusal\b(?!\?:)/g)?.length, 2);
    // nor does the unread poll's timing hook (shorter intervals, a window taken as focused)
    assert.equal(src.match(/\bsetUnreadPollTimings\b(?!\?:)/g)?.length, 1);
    assert.equal(src.match(/\.setTimings\(/g)?.length, 1);
    // nor do the conversation's test members (made in the hooks only)
    assert.equal(src.match(/conversationSeam\(/g)?.length, 1);
  });
});
