import * as assert from 'node:assert/strict';
import { globToRegExp, parseRules, ruleMatches } from '../../src/core/notify/buildRules';

describe('build notification rules', () => {
  it('validates rules and keeps the good ones when one is wrong', () => {
    const { rules, problems } = parseRules([
      { chat: 'C3ecb9d02a600', tasks: ['build'], when: 'failure' },
      { chat: 'general' },
      { chat: 'chat:C3ecb9d02a600', when: 'sometimes' },
      { chat: 'chat:C3ecb9d02a600', outputLines: -1 },
      'nope',
    ]);
    assert.equal(rules.length, 1);
    assert.equal(rules[0].chat, 'chat:C3ecb9d02a600');
    assert.equal(rules[0].when, 'failure');
    assert.equal(problems.length, 4);
    assert.match(problems[0], /\[1\]\.chat/);
    assert.match(problems[1], /\[2\]\.when/);
  });

  it('defaults to "change" and to the build task group', () => {
    const [rule] = parseRules([{ chat: 'chat:C3ecb9d02a600' }]).rules;
    assert.equal(rule.when, 'change');
    assert.equal(rule.taskGroup, 'build');
    assert.equal(rule.outputLines, 0);
    assert.ok(ruleMatches(rule, { kind: 'task', name: 'anything', group: 'build' }));
    assert.ok(!ruleMatches(rule, { kind: 'task', name: 'anything', group: 'test' }));
    assert.ok(!ruleMatches(rule, { kind: 'task', name: 'anything' }));
    assert.ok(!ruleMatches(rule, { kind: 'command', name: 'npm run build' }), 'terminal commands need an explicit pattern');
  });

  it('matches tasks by name pattern and group', () => {
    const [rule] = parseRules([{ chat: 'chat:C3ecb9d02a600', tasks: ['npm: build*', 'compile'], taskGroup: 'build' }]).rules;
    assert.ok(ruleMatches(rule, { kind: 'task', name: 'npm: build:prod', group: 'build' }));
    assert.ok(ruleMatches(rule, { kind: 'task', name: 'Compile', group: 'build' }));
    assert.ok(!ruleMatches(rule, { kind: 'task', name: 'compile', group: 'test' }));
    assert.ok(!ruleMatches(rule, { kind: 'task', name: 'lint', group: 'build' }));
  });

  it('matches terminal commands by pattern', () => {
    const [rule] = parseRules([{ chat: 'chat:C3ecb9d02a600', commands: ['npm run build*', 'make'] }]).rules;
    assert.ok(ruleMatches(rule, { kind: 'command', name: '  npm run build -- --prod ' }));
    assert.ok(ruleMatches(rule, { kind: 'command', name: 'make' }));
    assert.ok(!ruleMatches(rule, { kind: 'command', name: 'make install' }));
    assert.ok(!ruleMatches(rule, { kind: 'task', name: 'make', group: 'build' }), 'a rule with only commands ignores tasks');
  });

  it('treats regex characters in globs literally', () => {
    assert.ok(globToRegExp('a.b(c)+').test('a.b(c)+'));
    assert.ok(!globToRegExp('a.b').test('axb'));
    assert.ok(globToRegExp('te?t').test('text'));
  });

  it('accepts a missing setting and rejects a non-list', () => {
    assert.deepEqual(parseRules(undefined), { rules: [], problems: [] });
    assert.equal(parseRules({ chat: 'x' }).problems.length, 1);
  });
});
