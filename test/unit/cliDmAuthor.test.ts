// `ok-chat notify --dm-author` (main() in this process, in a git repository, against the fake
// server): the person who broke the build gets one direct message; nobody else, never a bot.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { notifyArguments } from '../../src/action/actionEntry';
import { main } from '../../src/cli/main';
import { DIALECT_NAMES, type FakeOkServer } from '../fake-ok/server';
import { useFakeOkServer } from '../helpers/fakeOk';

const CHAT = 'chat:C3ecb9d02a600';
const ANN = 'user:575522687955';

let root: string;
let repo: string;
let unique = 0;

/** A repository whose HEAD was committed by `email` (and `name`). */
function commitAs(email: string, name = 'Ann Lee'): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: 'CI', GIT_COMMITTER_EMAIL: 'ci@example.com' };
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', `by ${email}`], { cwd: repo, env });
}

const head = () => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();

function people(map: unknown): void {
  mkdirSync(path.join(repo, '.ok-chat'), { recursive: true });
  writeFileSync(path.join(repo, '.ok-chat', 'people.json'), JSON.stringify(map));
}

before(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'ok-chat-dm-')));
  repo = path.join(root, 'app');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo]);
});
after(() => rmSync(root, { recursive: true, force: true }));

function runner(server: () => FakeOkServer) {
  return async (status: string, more: string[] = [], env: Record<string, string> = {}, stateFile = path.join(root, `state-${unique}.json`)) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdin: Object.assign(Readable.from([]), { isTTY: false }), stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: repo };
    const args = ['notify', '--chat', CHAT, '--status', status, '--name', 'build', '--branch', 'main', '--workspace', 'app', '--dm-author', ...(stateFile ? ['--state-file', stateFile] : []), ...more];
    const baseEnv = { PATH: process.env.PATH, HOME: root, GIT_CEILING_DIRECTORIES: root, OK_ACCESS_TOKEN: server().token, OK_API_BASE_URL: server().baseUrl };
    const code = await main(args, { ...baseEnv, ...env }, io);
    return { code, out: out.join(''), err: err.join('') };
  };
}

describe('notify --dm-author', () => {
  const fixture = useFakeOkServer({ each: 'empty' });
  const notify = runner(() => fixture.server);
  beforeEach(() => {
    unique++;
    fixture.server.addChat({ chat_id: CHAT });
    fixture.server.allowUser(ANN);
    people({ 'ann@example.com': ANN, 'bob-k': 'user:2' });
    commitAs('ann@example.com');
  });

  it('a break sends ONE direct message to the mapped author, with the same text and buttons; the chat message names her', async () => {
    const github = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '7', GITHUB_SHA: head(), GITHUB_ACTOR: 'bob-k' };
    assert.equal((await notify('0', [], github)).code, 0);
    const r = await notify('1', [], github);
    assert.equal(r.code, 0, r.err);
    const dms = fixture.server.directMessagesTo(ANN);
    assert.equal(dms.length, 1, r.err);
    const chatMessage = fixture.server.messages.filter((m) => m.chat_id === CHAT).at(-1);
    assert.match(chatMessage?.text ?? '', /is broken[^]*\nAnn Lee, please take a look\n/);
    assert.equal(dms[0].text, chatMessage?.text);
    assert.deepEqual(dms[0].attachments, chatMessage?.attachments, 'the same link buttons');
    assert.ok(dms[0].attachments.length > 0, 'the run link button');
    assert.equal(fixture.server.directMessagesTo('user:2').length, 0, 'the pusher (GITHUB_ACTOR) is not told when the commit author is known');
    assert.match(r.err, /sent a direct message to Ann Lee \(user:575522687955\)/);
    assert.equal(r.out.trim().split('\n').length, 1, 'stdout lists only the chat message id');
  });

  it('"still failing" and "fixed" send none', async () => {
    await notify('0');
    await notify('1');
    assert.equal(fixture.server.directMessagesTo(ANN).length, 1);
    const still = await notify('1', ['--when', 'always']);
    assert.equal(still.code, 0, still.err);
    assert.match(still.err, /no direct message: the build was already failing/);
    const fixed = await notify('0');
    assert.equal(fixed.code, 0, fixed.err);
    assert.equal(fixture.server.directMessagesTo(ANN).length, 1);
    assert.match(fixture.server.messages.at(-1)?.text ?? '', /is fixed/);
  });

  it('without a state file none is sent, and stderr says why', async () => {
    const r = await notify('1', [], {}, '');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /no direct message: without a state file .* the previous result is unknown/);
    assert.equal(fixture.server.directMessagesTo(ANN).length, 0);
  });

  it('the first failure the state file knows of is not a break of anyone: none', async () => {
    const r = await notify('1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /no earlier result/);
    assert.equal(fixture.server.directMessagesTo(ANN).length, 0);
  });

  it('an unmapped author: none sent, and why on stderr', async () => {
    commitAs('dan@example.com', 'Dan');
    await notify('0');
    const r = await notify('1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /no direct message: dan@example\.com is not in \.ok-chat\/people\.json/);
    assert.equal(fixture.server.directMessagesTo(ANN).length + fixture.server.directMessagesTo('user:2').length, 0);
    assert.ok(!(fixture.server.messages.at(-1)?.text ?? '').includes('please take a look'));
  });

  it("the CI's login when the commit's author is not in the map, said to be the pusher", async () => {
    commitAs('dan@example.com', 'Dan');
    fixture.server.allowUser('user:2');
    const github = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTOR: 'bob-k' };
    await notify('0', [], github);
    const r = await notify('1', [], github);
    assert.equal(fixture.server.directMessagesTo('user:2').length, 1, r.err);
    assert.match(r.err, /telling bob-k, the CI's login \(who pushed or started the run, not always the commit's author\)/);
  });

  it('success: [false] (messages from the group not allowed) is a warning line, exit code 0', async () => {
    fixture.server.allowUser(ANN, false);
    await notify('0');
    const r = await notify('1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: --dm-author: OK did not deliver the direct message to Ann Lee \(user:575522687955\): they do not allow messages from the group/);
    assert.match(fixture.server.messages.at(-1)?.text ?? '', /is broken/, 'the chat message went');
  });

  it('bots never: a bot commit pushed by a bot tells nobody', async () => {
    people({ 'ann@example.com': ANN, 'github-actions[bot]': ANN, '41898282+github-actions[bot]@users.noreply.github.com': ANN });
    commitAs('41898282+github-actions[bot]@users.noreply.github.com', 'github-actions[bot]');
    const github = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTOR: 'github-actions[bot]' };
    await notify('0', [], github);
    const r = await notify('1', [], github);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: \.ok-chat\/people\.json: "github-actions\[bot\]" is left out: bots are never told/);
    assert.match(r.err, /no direct message: the author is a bot/);
    assert.equal(fixture.server.directMessagesTo(ANN).length, 0);
  });

  it('--dry-run says who would be told and sends nothing', async () => {
    await notify('0');
    const r = await notify('1', ['--dry-run']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Ann Lee, please take a look/);
    assert.match(r.err, /direct message: the same to Ann Lee \(user:575522687955\)/);
    assert.equal(fixture.server.directMessagesTo(ANN).length, 0);
  });
});

// the answers that differ for a direct message: `{"message_id"}` for one user (wild), link buttons refused (no-keyboards)
for (const dialect of DIALECT_NAMES.filter((d) => d === 'wild' || d === 'no-keyboards')) {
  describe(`notify --dm-author against the "${dialect}" dialect`, () => {
    const fixture = useFakeOkServer({ server: { dialect }, each: 'fresh' });
    const notify = runner(() => fixture.server);
    it('a break: one direct message', async () => {
      unique++;
      fixture.server.addChat({ chat_id: CHAT });
      fixture.server.allowUser(ANN);
      people({ 'ann@example.com': ANN });
      commitAs('ann@example.com');
      await notify('0');
      const r = await notify('1');
      assert.equal(r.code, 0, r.err);
      assert.equal(fixture.server.directMessagesTo(ANN).length, 1, r.err);
      assert.match(r.err, /sent a direct message to Ann Lee/);
    });
  });
}

describe('the action input dm-author', () => {
  it('true passes --dm-author; anything else does not', () => {
    const env = { INPUT_CHAT: CHAT, INPUT_STATUS: 'failure' };
    assert.ok(notifyArguments({ ...env, 'INPUT_DM-AUTHOR': 'true' }).includes('--dm-author'));
    assert.ok(notifyArguments({ ...env, 'INPUT_DM-AUTHOR': ' True ' }).includes('--dm-author'));
    for (const value of ['', 'false', 'no']) assert.ok(!notifyArguments({ ...env, 'INPUT_DM-AUTHOR': value }).includes('--dm-author'), value);
  });
});
