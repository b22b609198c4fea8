import * as assert from 'node:assert/strict';
import { commitUrlFor, hostStyle, linesUrlFor, prUrlFor, repositoryPage, type LinesTarget } from '../../src/core';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('git hosts: a repository page from a remote', () => {
  for (const [remote, page] of [
    ['git@github.com:octo/app.git', 'https://github.com/octo/app'],
    ['https://user:secret@github.com/octo/app.git', 'https://github.com/octo/app'],
    ['ssh://git@gitlab.example.com:2222/team/sub/app.git', 'https://gitlab.example.com/team/sub/app'],
    ['git+ssh://git@gitlab.com/team/app.git', 'https://gitlab.com/team/app'],
    ['https://bitbucket.org/team/app.git', 'https://bitbucket.org/team/app'],
    ['git@ssh.dev.azure.com:v3/org/project/repo', 'https://dev.azure.com/org/project/_git/repo'],
    ['https://org@dev.azure.com/org/project/_git/repo', 'https://dev.azure.com/org/project/_git/repo'],
    ['org@vs-ssh.visualstudio.com:v3/org/project/repo', 'https://org.visualstudio.com/project/_git/repo'],
    ['git@gitflic.ru:owner/app.git', 'https://gitflic.ru/project/owner/app'],
    ['https://gitflic.ru/project/owner/app.git', 'https://gitflic.ru/project/owner/app'],
    ['https://codeberg.org/ann/app/', 'https://codeberg.org/ann/app'],
  ] as const) {
    it(`${remote} → ${page}`, () => assert.equal(repositoryPage(remote), page));
  }

  it('a local path or a file: remote has no page', () => {
    assert.equal(repositoryPage('/srv/git/app.git'), undefined);
    assert.equal(repositoryPage('file:///srv/git/app.git'), undefined);
    assert.equal(repositoryPage(''), undefined);
  });
});

describe('git hosts: the kind of a host', () => {
  it('knows the public hosts by name and self-hosted ones by the user map', () => {
    assert.equal(hostStyle('https://github.com/a/b'), 'github');
    assert.equal(hostStyle('https://gitlab.com/a/b'), 'gitlab');
    assert.equal(hostStyle('https://gitflic.ru/project/a/b'), 'gitflic');
    assert.equal(hostStyle('https://git.example.com/a/b'), undefined);
    assert.equal(hostStyle('https://git.example.com/a/b', undefined, { 'Git.Example.com': 'gitlab' }), 'gitlab');
    assert.equal(hostStyle('https://git.example.com/a/b', undefined, { 'git.example.com:8443': 'forgejo' }), 'gitea');
    assert.equal(hostStyle('https://git.example.com/a/b', undefined, { 'git.example.com': 'svn' }), undefined, 'an unknown kind makes no links');
    // the user's map wins over the name
    assert.equal(hostStyle('https://gitlab.example.com/a/b', undefined, { 'gitlab.example.com': 'gitea' }), 'gitea');
  });

  it('commit and pull request pages of GitFlic', () => {
    assert.equal(commitUrlFor('https://gitflic.ru/project/o/a', SHA), `https://gitflic.ru/project/o/a/commit/${SHA}`);
    assert.equal(prUrlFor('https://gitflic.ru/project/o/a', '7'), 'https://gitflic.ru/project/o/a/merge-request/7');
    assert.equal(commitUrlFor('https://git.example.com/o/a', SHA, undefined, { 'git.example.com': 'gitlab' }), `https://git.example.com/o/a/-/commit/${SHA}`);
  });
});

describe('git hosts: the page of lines of a file', () => {
  const at = (repository: string, ref: LinesTarget['ref'], startLine = 3, endLine = 7, path = 'src/app.ts'): LinesTarget => ({ repository, path, startLine, endLine, ref });
  for (const [what, target, url] of [
    ['GitHub at a commit', at('https://github.com/o/a', { commit: SHA }), `https://github.com/o/a/blob/${SHA}/src/app.ts#L3-L7`],
    ['GitHub, one line', at('https://github.com/o/a', { commit: SHA }, 5, 5), `https://github.com/o/a/blob/${SHA}/src/app.ts#L5`],
    ['GitHub on a branch with a slash', at('https://github.com/o/a', { branch: 'feature/x' }), 'https://github.com/o/a/blob/feature/x/src/app.ts#L3-L7'],
    ['GitLab', at('https://gitlab.com/g/a', { commit: SHA }), `https://gitlab.com/g/a/-/blob/${SHA}/src/app.ts#L3-7`],
    ['GitLab, one line', at('https://gitlab.com/g/a', { commit: SHA }, 5, 5), `https://gitlab.com/g/a/-/blob/${SHA}/src/app.ts#L5`],
    ['Bitbucket', at('https://bitbucket.org/t/a', { commit: SHA }), `https://bitbucket.org/t/a/src/${SHA}/src/app.ts#lines-3:7`],
    ['Gitea at a commit', at('https://codeberg.org/o/a', { commit: SHA }), `https://codeberg.org/o/a/src/commit/${SHA}/src/app.ts#L3-L7`],
    ['Gitea on a branch', at('https://codeberg.org/o/a', { branch: 'main' }), 'https://codeberg.org/o/a/src/branch/main/src/app.ts#L3-L7'],
    [
      'Azure Repos (lineEnd is the line after)',
      at('https://dev.azure.com/org/p/_git/r', { commit: SHA }),
      `https://dev.azure.com/org/p/_git/r?path=%2Fsrc%2Fapp.ts&version=GC${SHA}&line=3&lineEnd=8&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents`,
    ],
    ['Azure Repos on a branch', at('https://dev.azure.com/org/p/_git/r', { branch: 'main' }, 1, 1), 'https://dev.azure.com/org/p/_git/r?path=%2Fsrc%2Fapp.ts&version=GBmain&line=1&lineEnd=2&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents'],
    ['GitFlic (the file: no line anchors)', at('https://gitflic.ru/project/o/a', { commit: SHA }), `https://gitflic.ru/project/o/a/blob?file=src%2Fapp.ts&commit=${SHA}`],
    ['a path with spaces, Cyrillic and #', at('https://github.com/o/a', { commit: SHA }, 1, 2, 'docs/мой файл#1.md'), `https://github.com/o/a/blob/${SHA}/docs/%D0%BC%D0%BE%D0%B9%20%D1%84%D0%B0%D0%B9%D0%BB%231.md#L1-L2`],
  ] as const) {
    it(what, () => assert.equal(linesUrlFor(target), url));
  }

  it('a self-hosted GitLab through the user map', () => {
    assert.equal(linesUrlFor(at('https://git.example.com/g/a', { commit: SHA }), undefined, { 'git.example.com': 'gitlab' }), `https://git.example.com/g/a/-/blob/${SHA}/src/app.ts#L3-7`);
  });

  it('no link for an unknown host, a bad commit, an empty branch or bad lines', () => {
    assert.equal(linesUrlFor(at('https://git.example.com/g/a', { commit: SHA })), undefined);
    assert.equal(linesUrlFor(at('https://github.com/o/a', { commit: 'HEAD~1' })), undefined);
    assert.equal(linesUrlFor(at('https://github.com/o/a', { branch: ' ' })), undefined);
    assert.equal(linesUrlFor(at('https://github.com/o/a', { commit: SHA }, 7, 3)), undefined);
    assert.equal(linesUrlFor(at('https://github.com/o/a', { commit: SHA }, 0, 3)), undefined);
  });
});
