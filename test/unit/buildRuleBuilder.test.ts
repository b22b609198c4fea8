/** "Add Build Notification Rule…": the rule made from the answers, and the setting's list with it. */
import * as assert from 'node:assert/strict';
import { buildRule, NEW_RULE_OUTPUT_LINES, withRule } from '../../src/core/notify/ruleBuilder';
import { parseRules, ruleMatches } from '../../src/core/notify/buildRules';

const CHAT = 'chat:C3ecb9d02a600';

describe('build notification rules made from answers', () => {
  it('a picked task: the rule names it, and the watcher accepts it and matches that task only', () => {
    const rule = buildRule({ chat: 'C3ecb9d02a600', watch: { kind: 'task', name: 'build: payments' }, when: 'failure' });
    assert.deepEqual(rule, { chat: CHAT, tasks: ['build: payments'], when: 'failure' });
    const { rules, problems } = parseRules([rule]);
    assert.deepEqual(problems, []);
    assert.ok(ruleMatches(rules[0], { kind: 'task', name: 'build: payments', group: 'build' }));
    assert.ok(!ruleMatches(rules[0], { kind: 'task', name: 'test', group: 'build' }));
  });

  it('the build group, and a terminal command with the last lines of its output', () => {
    assert.deepEqual(buildRule({ chat: CHAT, watch: { kind: 'group', group: 'build' }, when: 'change' }), { chat: CHAT, taskGroup: 'build', when: 'change' });
    const command = buildRule({ chat: CHAT, watch: { kind: 'command', pattern: ' npm run build* ' }, when: 'always' });
    assert.deepEqual(command, { chat: CHAT, commands: ['npm run build*'], when: 'always', outputLines: NEW_RULE_OUTPUT_LINES });
    const [parsed] = parseRules([command]).rules;
    assert.ok(ruleMatches(parsed, { kind: 'command', name: 'npm run build -- --prod' }));
  });

  it('refuses a chat that is not a chat id and an empty task name', () => {
    assert.throws(() => buildRule({ chat: 'general', watch: { kind: 'task', name: 'build' }, when: 'failure' }), /not an OK chat id/);
    assert.throws(() => buildRule({ chat: CHAT, watch: { kind: 'task', name: '  ' }, when: 'failure' }), /Enter a task name/);
    assert.throws(() => buildRule({ chat: CHAT, watch: { kind: 'command', pattern: '' }, when: 'failure' }), /Enter the command line/);
  });

  it('adds the rule to the list, keeping the rules already there as written (even one with a mistake)', () => {
    const rule = buildRule({ chat: CHAT, watch: { kind: 'task', name: 'build' }, when: 'failure' });
    assert.deepEqual(withRule(undefined, rule), { rules: [rule], replaced: false });
    const mine = [{ chat: 'chat:Caaaaaaaa', when: 'always', template: '{icon} {name}' }, { chat: 'general' }];
    assert.deepEqual(withRule(mine, rule), { rules: [...mine, rule], replaced: false });
  });

  it('replaces the rule that posted the same builds to the same chat, whatever the id\'s spelling', () => {
    const old = { chat: 'C3ecb9d02a600', tasks: ['build'], when: 'always' };
    const other = { chat: CHAT, tasks: ['test'], when: 'always' };
    const rule = buildRule({ chat: CHAT, watch: { kind: 'task', name: 'build' }, when: 'failure' });
    assert.deepEqual(withRule([old, other], rule), { rules: [rule, other], replaced: true });
  });

  it('does not overwrite a setting that is not a list', () => {
    const rule = buildRule({ chat: CHAT, watch: { kind: 'group', group: 'build' }, when: 'failure' });
    assert.throws(() => withRule({ chat: CHAT }, rule), /not a list of rules/);
  });
});
