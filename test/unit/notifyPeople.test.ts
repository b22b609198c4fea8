// The map .ok-chat/people.json, bots, and the order in which a build's author is looked up.
import * as assert from 'node:assert/strict';
import { ciIdentities, findAuthor, isBot, isBreak, loginOfNoreply, parsePeople, type PeopleMap } from '../../src/core/notify/people';
import { formatBuildMessage } from '../../src/core/notify/buildMessage';
import { parseRules } from '../../src/core/notify/buildRules';

const map = (json: unknown): PeopleMap => {
  const { people, warnings } = parsePeople(JSON.stringify(json));
  assert.deepEqual(warnings, []);
  return people;
};

describe('people.json: logins and e-mail addresses to OK user ids', () => {
  it('reads logins and e-mails, ids in either form, e-mails (and logins) whatever their case', () => {
    const { people, warnings } = parsePeople('\uFEFF{"ann-lee": "user:575522687955", "Ann@Example.com": "575522687955", "bob.k_2": " user:1 "}');
    assert.deepEqual(warnings, []);
    assert.deepEqual([...people.logins], [
      ['ann-lee', 'user:575522687955'],
      ['bob.k_2', 'user:1'],
    ]);
    assert.deepEqual([...people.emails], [['ann@example.com', 'user:575522687955']]);
  });

  it('a bad entry is left out with a warning naming it; the others are used', () => {
    const { people, warnings } = parsePeople(
      JSON.stringify({ 'ann-lee': 'user:1', 'bad id': 'user:2', carl: 'carl', dave: 42, 'dependabot[bot]': 'user:3', 'noreply@github.com': 'user:4', 'eve@example.com': 'user:5' }),
    );
    assert.deepEqual([...people.logins.keys()], ['ann-lee']);
    assert.deepEqual([...people.emails.keys()], ['eve@example.com']);
    assert.equal(warnings.length, 5);
    for (const [who, why] of [
      ['bad id', /a key must be a login/],
      ['carl', /must be an OK user id/],
      ['dave', /must be an OK user id/],
      ['dependabot[bot]', /bots are never told/],
      ['noreply@github.com', /bots are never told/],
    ] as const) {
      assert.ok(warnings.some((w) => w.includes(`"${who}"`) && why.test(w)), `${who}: ${warnings.join(' | ')}`);
    }
  });

  it('a file that is not a JSON object: an empty map and one warning, never an exception', () => {
    for (const text of ['{ "ann-lee": ', '["ann-lee"]', '"ann"', 'null']) {
      const { people, warnings } = parsePeople(text);
      assert.equal(people.logins.size + people.emails.size, 0, text);
      assert.equal(warnings.length, 1, text);
      assert.match(warnings[0], /\.ok-chat\/people\.json/);
    }
  });
});

describe('bots are never told', () => {
  it('…[bot] logins and addresses, no-reply addresses', () => {
    for (const bot of [
      'dependabot[bot]',
      'github-actions[bot]',
      '41898282+github-actions[bot]@users.noreply.github.com',
      'renovate[bot]@users.noreply.github.com',
      'noreply@github.com',
      'no-reply@example.com',
      'no_reply+ci@example.com',
      'do-not-reply@example.com',
      'DoNotReply@example.com',
      'builds@noreply.example.com',
    ]) {
      assert.equal(isBot(bot), true, bot);
    }
  });

  it("a person's private GitHub or GitLab address is a person, and names the login", () => {
    for (const [email, login] of [
      ['12345+Ann-Lee@users.noreply.github.com', 'ann-lee'],
      ['ann-lee@users.noreply.github.com', 'ann-lee'],
      ['4242-ann.lee@users.noreply.gitlab.com', 'ann.lee'],
    ]) {
      assert.equal(isBot(email), false, email);
      assert.equal(loginOfNoreply(email), login, email);
    }
    for (const person of ['ann-lee', 'ann@example.com', 'noreplyfan@example.com', 'robot']) assert.equal(isBot(person), false, person);
    assert.equal(loginOfNoreply('ann@example.com'), undefined);
  });
});

describe('who broke it: the lookup order', () => {
  const people = map({ 'ann-lee': 'user:1', 'ann@example.com': 'user:2', 'bob': 'user:3', 'carl@example.com': 'user:4' });

  it("the commit author's e-mail first (any case), named by the commit's name, never by the address", () => {
    assert.deepEqual(findAuthor(people, { email: 'ANN@example.com', name: 'Ann Lee', ci: ['bob'] }), { found: true, userId: 'user:2', key: 'ann@example.com', mention: 'Ann Lee', via: 'commit' });
    assert.deepEqual(findAuthor(people, { email: 'carl@example.com', ci: ['bob'] }), { found: true, userId: 'user:4', key: 'carl@example.com', mention: 'carl', via: 'commit' });
  });

  it("a private GitHub address: the login in it", () => {
    assert.deepEqual(findAuthor(people, { email: '12345+ann-lee@users.noreply.github.com', name: 'Ann', ci: ['bob'] }), { found: true, userId: 'user:1', key: 'ann-lee', mention: 'ann-lee', via: 'commit' });
  });

  it("then the CI's login (the pusher), said to come from the CI", () => {
    assert.deepEqual(findAuthor(people, { email: 'dan@example.com', name: 'Dan', ci: ['Bob'] }), { found: true, userId: 'user:3', key: 'bob', mention: 'Bob', via: 'ci' });
    assert.deepEqual(findAuthor(people, { ci: ['carl@example.com'] }), { found: true, userId: 'user:4', key: 'carl@example.com', mention: 'carl', via: 'ci' });
  });

  it('bots are skipped: a bot commit pushed by a person tells the person; bots alone tell nobody', () => {
    assert.equal(findAuthor(people, { email: '49699333+dependabot[bot]@users.noreply.github.com', ci: ['dependabot[bot]', 'ann-lee'] }).found, true);
    const none = findAuthor(map({ 'ann-lee': 'user:1' }), { email: '49699333+dependabot[bot]@users.noreply.github.com', ci: ['dependabot[bot]'] });
    assert.equal(none.found, false);
    assert.match(none.found ? '' : none.reason, /bot .*dependabot\[bot\].*never told/);
  });

  it('not found: says what was tried; nothing known: says so', () => {
    const one = findAuthor(people, { email: 'dan@example.com' });
    assert.equal(one.found ? '' : one.reason, 'dan@example.com is not in .ok-chat/people.json');
    const two = findAuthor(people, { email: 'dan@example.com', ci: ['dan'] });
    assert.equal(two.found ? '' : two.reason, 'none of dan@example.com, dan is in .ok-chat/people.json');
    const nothing = findAuthor(people, {});
    assert.match(nothing.found ? '' : nothing.reason, /not known/);
  });

  it("the CI's identities: the pusher's login on GitHub; the commit author's address and the login on GitLab", () => {
    assert.deepEqual(ciIdentities({ GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'ann-lee', GITHUB_TRIGGERING_ACTOR: 'bob' }), ['ann-lee', 'bob']);
    assert.deepEqual(ciIdentities({ GITLAB_CI: 'true', CI_COMMIT_AUTHOR: 'Ann Lee <ann@example.com>', GITLAB_USER_LOGIN: 'bob' }), ['ann@example.com', 'bob']);
    assert.deepEqual(ciIdentities({ GITHUB_ACTOR: 'ann-lee' }), [], 'outside a detected CI: none');
  });

  it('only a failure after a success is a break', () => {
    assert.equal(isBreak('failure', 'success'), true);
    assert.equal(isBreak('failure', 'failure'), false);
    assert.equal(isBreak('failure', undefined), false);
    assert.equal(isBreak('success', 'failure'), false);
    assert.equal(isBreak('cancelled', 'success'), false);
  });
});

describe('{mention} in the message', () => {
  const result = { name: 'build', exitCode: 1, workspace: 'app', branch: 'main', finishedAt: new Date(Date.UTC(2026, 0, 1, 14, 3)) };
  it('the broken message names the person; without one the line disappears', () => {
    assert.equal(formatBuildMessage(result, { transition: 'broken', mention: 'Ann Lee' }).split('\n')[1], 'Ann Lee, please take a look');
    assert.ok(!formatBuildMessage(result, { transition: 'broken' }).includes('please take a look'));
    assert.equal(formatBuildMessage(result, { template: 'by {mention}', mention: 'ann-lee' }), 'by ann-lee');
  });
});

describe("a build rule's dmAuthor", () => {
  it('is on only when true', () => {
    const { rules } = parseRules([{ chat: 'chat:C3ecb9d02a600', dmAuthor: true }, { chat: 'chat:C3ecb9d02a600', dmAuthor: 'yes' }, { chat: 'chat:C3ecb9d02a600' }]);
    assert.deepEqual(rules.map((r) => r.dmAuthor === true), [true, false, false]);
  });
});
