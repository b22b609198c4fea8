/** Build notifications: secrets hidden in the output, its last lines without colours. */
import * as assert from 'node:assert/strict';
import { redactSecrets, stripAnsi, tailLines } from '../../src/core';

describe('notify', () => {
  describe('redactSecrets', () => {
    const cases: Array<[string, string, string]> = [
      ['an OK token', 'token tkn1abc:DEFGHIJ sent', 'token *** sent'],
      ['an OK token in a URL', 'GET https://api.ok.ru/graph/me/info?access_token=abc123&x=1', 'GET https://api.ok.ru/graph/me/info?access_token=***&x=1'],
      ['password=', 'login password=hunter2 ok', 'login password=*** ok'],
      ['--password=', 'docker login --password=hunter2 -u me', 'docker login --password=*** -u me'],
      ['--password value', 'docker login --password hunter2 --username me', 'docker login --password *** --username me'],
      ['--api-key value', 'deploy --api-key "k e y" --force', 'deploy --api-key "***" --force'],
      ['passwd:', 'passwd: hunter2', 'passwd: ***'],
      ['secret=', 'CLIENT_SECRET=abc123 next', 'CLIENT_SECRET=*** next'],
      ['quoted secret', "SECRET_KEY='a b c' x", "SECRET_KEY='***' x"],
      ['token=', 'GITLAB_TOKEN=xyz987', 'GITLAB_TOKEN=***'],
      ['npmrc auth token', '//registry.npmjs.org/:_authToken=abcdef', '//registry.npmjs.org/:_authToken=***'],
      ['api key in YAML', 'api_key: sk-abcdef', 'api_key: ***'],
      ['JSON', '{"password": "s3 cret", "user": "x", "apiKey":"k"}', '{"password": "***", "user": "x", "apiKey":"***"}'],
      ['Authorization: Bearer', 'curl -H "Authorization: Bearer abc.def.ghi123" https://x', 'curl -H "Authorization: Bearer ***" https://x'],
      ['Authorization: Basic', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic ***'],
      ['a bare bearer token', 'sending Bearer abcdefghijkl', 'sending Bearer ***'],
      ['AWS access key', 'key AKIAIOSFODNN7EXAMPLE used', 'key *** used'],
      ['AWS secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
      ['GitHub token', 'push with ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'push with ***'],
      ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '***'],
      ['GitLab token', 'glpat-abcdefghij0123456789', '***'],
      ['npm token', 'npm_abcdefghijklmnopqrstuvwxyz0123456789 leaked', '*** leaked'],
      ['Slack token', 'xoxb-1234567890-abcdefghij', '***'],
      ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmnop end', 'jwt *** end'],
      ['URL credentials', 'git clone https://user:p4ss@github.com/a/b.git', 'git clone https://user:***@github.com/a/b.git'],
      ['URL token as password', 'https://x-access-token:abc123@github.com/a', 'https://x-access-token:***@github.com/a'],
      ['mysql -p', 'mysql -u root -psecret db', 'mysql -u root -p*** db'],
      ['curl -u', 'curl -u admin:hunter2 https://x', 'curl -u admin:*** https://x'],
      [
        'a private key block',
        'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890\nabcdefabcdefabcdef\n-----END RSA PRIVATE KEY-----\nafter',
        'before\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\nafter',
      ],
      ['a key block cut at the end', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\n***'],
      ['a key block cut at the start', 'MIIEpAIBAAKCAQEA1234567890\nabcdefabcdefabcdef\n-----END PRIVATE KEY-----', '***\n-----END PRIVATE KEY-----'],
    ];
    for (const [what, input, expected] of cases) it(`hides ${what}`, () => assert.equal(redactSecrets(input), expected));

    it('hides secrets it is given', () => assert.equal(redactSecrets('a plain-secret-42 b', 'plain-secret-42'), 'a *** b'));
    it('leaves ordinary build output alone', () => {
      const text = [
        'Tokenizer: done; secrets: 3 scanned; author: me',
        'Password policy checked',
        'PASS src/auth.test.ts',
        'Invalid token in line 3',
        'gcc -pthread -o app main.c',
        'https://github.com/a/b.git',
        'Password:',
      ].join('\n');
      assert.equal(redactSecrets(text), text);
    });
    it('leaves a file:line: place alone, even when the file is named like a secret', () => {
      const text = ['    auth_test.go:21: session still active after logout', 'tests/test_token.py:12: AssertionError', 'src/secret.ts:3:7: error TS2304'].join('\n');
      assert.equal(redactSecrets(text), text);
      assert.equal(redactSecrets('token: 1234 password=42'), 'token: *** password=***', 'a value of digits is still a secret');
    });
    it('does not mask twice', () => assert.equal(redactSecrets(redactSecrets('password=x token: y')), 'password=*** token: ***'));
    it('stays fast on long pathological output', () => {
      const inputs = ['a-'.repeat(50_000), 'x.'.repeat(50_000), '--a-'.repeat(30_000), `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'.repeat(2)}\n`.repeat(5000), 'https://'.repeat(20_000), '"'.repeat(100_000)];
      for (const input of inputs) {
        const started = performance.now();
        redactSecrets(input);
        const ms = performance.now() - started;
        assert.ok(ms < 1000, `${input.slice(0, 10)}… took ${Math.round(ms)} ms`);
      }
    });
  });

  describe('tailLines and stripAnsi', () => {
    it('strips colours, cursor moves, hyperlinks and titles', () => {
      assert.equal(stripAnsi('\x1b[1;31mred\x1b[0m \x1b[2K\x1b[1Gdone \x1b]8;;https://x\x07link\x1b]8;;\x07 \x1b]0;title\x1b\\ok'), 'red done link ok');
    });
    it('returns the last lines, clean', () => {
      const text = 'one\r\n\x1b[32mtwo\x1b[0m\r\n 50%\r100%\nfour  \n\n   \n';
      assert.equal(tailLines(text, 3), 'two\n100%\nfour');
      assert.equal(tailLines(text, 100), 'one\ntwo\n100%\nfour');
      assert.equal(tailLines(text, 1), 'four');
    });
    it('handles nothing to show', () => {
      assert.equal(tailLines('abc', 0), '');
      assert.equal(tailLines('abc', -1), '');
      assert.equal(tailLines(undefined, 5), '');
      assert.equal(tailLines('\n\n', 5), '');
    });
    it('keeps indentation, tabs, Cyrillic and emoji; drops control characters', () => {
      assert.equal(tailLines('  \tОшибка 💥\u0007\n', 5), '  \tОшибка 💥');
    });
  });
});
