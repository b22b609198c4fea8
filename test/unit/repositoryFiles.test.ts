/** `--junit`: which file of the repository a report's place is, never one outside it or a guess between two. */
import * as assert from 'node:assert/strict';
import { RepositoryFiles } from '../../src/cli/notifyJunit';

describe('a JUnit place as a file of the repository', () => {
  const files = new RepositoryFiles([
    'src/sum.test.js',
    'web/src/sum.test.js',
    'api/tests/test_math.py',
    'src/test/java/com/acme/LoginTest.java',
    'pkg/auth/auth_test.go',
    'pkg/store/auth_test.go',
    'README.md',
  ]);
  const root = '/home/runner/work/app/app';
  it('a path from the root, or from the folder the command runs in', () => {
    assert.equal(files.resolve({ path: 'src/sum.test.js' }, root, ''), 'src/sum.test.js');
    assert.equal(files.resolve({ path: './tests/test_math.py' }, root, 'api'), 'api/tests/test_math.py');
  });
  it('an absolute path inside the repository', () => {
    assert.equal(files.resolve({ path: `${root}/web/src/sum.test.js` }, root, ''), 'web/src/sum.test.js');
    assert.equal(files.resolve({ path: `file://${root}/README.md` }, root, ''), 'README.md');
  });
  it('a path written on another machine, by its last folders when they name one file', () => {
    assert.equal(files.resolve({ path: '/app/api/tests/test_math.py' }, root, ''), 'api/tests/test_math.py');
    assert.equal(files.resolve({ path: 'C:\\agent\\_work\\1\\s\\web\\src\\sum.test.js' }, root, ''), 'web/src/sum.test.js');
  });
  it('Java and Go: the package\'s folders with the file\'s name', () => {
    assert.equal(files.resolve({ path: 'LoginTest.java', line: 3, folder: 'com/acme' }, root, ''), 'src/test/java/com/acme/LoginTest.java');
    assert.equal(files.resolve({ path: 'auth_test.go', folder: 'github.com/acme/app/pkg/store' }, root, ''), 'pkg/store/auth_test.go');
  });
  it('never a file outside the repository, one git does not track, or a guess between two', () => {
    assert.equal(files.resolve({ path: '/etc/passwd' }, root, ''), undefined);
    assert.equal(files.resolve({ path: '../outside/README.md' }, root, ''), undefined);
    assert.equal(files.resolve({ path: `${root}/build/generated.js` }, root, ''), undefined);
    assert.equal(files.resolve({ path: '/other/sum.test.js' }, root, ''), undefined, 'no file is in a folder "other"');
    assert.equal(files.resolve({ path: '/x/src/sum.test.js' }, root, ''), undefined, 'src/sum.test.js and web/src/sum.test.js both end so');
    assert.equal(files.resolve({ path: 'auth_test.go' }, root, ''), undefined, 'two packages have it');
    assert.equal(files.resolve({ path: 'LoginTest.java', folder: 'org/other' }, root, ''), undefined);
  });
});
