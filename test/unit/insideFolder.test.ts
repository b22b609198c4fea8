import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { isInsideFolder } from '../../src/extension/platform/insideFolder';

describe('isInsideFolder', () => {
  it('a file below the folder, or the folder itself, is inside', () => {
    assert.equal(isInsideFolder('/work/ws', '/work/ws/src/a.ts', path.posix), true);
    assert.equal(isInsideFolder('/work/ws', '/work/ws', path.posix), true);
    assert.equal(isInsideFolder('/work/ws/', '/work/ws/..a', path.posix), true, 'a name that starts with two dots is a name');
  });

  it('".." that leads out is outside, even when the path starts with the folder', () => {
    assert.equal(isInsideFolder('/work/ws', '/work/ws/../../home/u/.ssh/id_rsa', path.posix), false);
    assert.equal(isInsideFolder('/work/ws', '/work/ws/src/../../other/x', path.posix), false);
    assert.equal(isInsideFolder('/work/ws', '/work/ws/src/../a.ts', path.posix), true);
  });

  it('a sibling folder whose name starts with the folder\'s is outside', () => {
    assert.equal(isInsideFolder('/work/ws', '/work/ws-secrets/key', path.posix), false);
    assert.equal(isInsideFolder('/work/ws', '/work', path.posix), false);
  });

  it('on Windows: another drive is outside, case does not matter', () => {
    assert.equal(isInsideFolder('C:\\work\\ws', 'D:\\work\\ws\\a.txt', path.win32), false);
    assert.equal(isInsideFolder('C:\\work\\ws', 'c:\\Work\\WS\\a.txt', path.win32), true);
    assert.equal(isInsideFolder('C:\\work\\ws', 'C:\\work\\ws\\..\\x.txt', path.win32), false);
  });
});
