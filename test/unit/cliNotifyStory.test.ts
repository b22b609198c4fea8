// `ok-chat notify` tells a run's story in one message, against every dialect of the fake server,
// with the same state file between the runs: "started" then the result edits the started message;
// where OK refuses the edit, the result replies to it; where the start got no id, it is a new
// message, said on stderr. Never a second new message.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIALECTS, DIALECT_NAMES, SEED_CHAT_IDS, type FakeOkServer } from '../fake-ok/server';
import { runCliInProcess } from '../helpers/cliInProcess';
import { useFakeOkServer } from '../helpers/fakeOk';

const CHAT = SEED_CHAT_IDS[0];
const RUN = 'https://ci.example/run/7';
const STARTED_TEXT = `⏳ api started · acme-app · main · ${RUN}`;

/** A temporary home for each test of the enclosing describe (removed after it): the CLI's HOME and cache, and the state files. */
function useTempHome(): { readonly dir: string; readonly env: Record<string, string> } {
  let dir = '';
  let env: Record<string, string> = {};
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-story-'));
    env = { HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache'), TZ: 'UTC' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    get env() {
      return env;
    },
  };
}

/** The messages of the chat's history (as `ok-chat read --json` gives it) that tell the build's story. */
async function storyInHistory(server: FakeOkServer, env: Record<string, string>): Promise<string[]> {
  const r = await runCliInProcess(server, ['read', '--chat', CHAT, '--count', '100', '--json'], { env });
  assert.equal(r.code, 0, r.err);
  const texts = (JSON.parse(r.out) as Array<{ message: { text?: string | null } }>).map((m) => m.message.text ?? '');
  return texts.filter((t) => /^(?:⏳|❌|✅)/.test(t));
}

for (const dialect of DIALECT_NAMES) {
  const spec = DIALECTS[dialect];
  describe(`ok-chat notify: started → result in one message ("${dialect}" dialect)`, () => {
    const fixture = useFakeOkServer({ server: { seed: true, dialect }, each: 'fresh' });
    const home = useTempHome();

    const notify = (status: string, ...more: string[]) =>
      runCliInProcess(
        fixture.server,
        ['notify', '--chat', CHAT, '--name', 'api', '--status', status, '--state-file', path.join(home.dir, 'state.json'), '--run-key', 'run-7', '--run-url', RUN, '--workspace', 'acme-app', '--branch', 'main', '--commit', '', '--author', '', ...more],
        { env: home.env, cwd: home.dir },
      );

    /** Posts "started": its id as printed ('' when OK gave none). */
    async function started(): Promise<string> {
      const s = await notify('started');
      assert.equal(s.code, 0, s.err);
      assert.equal(fixture.server.messages.length, 1);
      assert.equal(fixture.server.messages[0].text, STARTED_TEXT);
      const id = s.out.trim();
      if (id) assert.equal(id, fixture.server.messages[0].message_id, 'the started message\'s id is printed, alone');
      else assert.match(s.err, /OK gave no id for the started message: the result of this run will go as a new message/);
      return id;
    }

    it('started, then a failure: the started message becomes the failure (a reply where OK refuses edits; a new message where the start got no id)', async () => {
      const id = await started();
      const f = await notify('1');
      assert.equal(f.code, 0, f.err);
      const server = fixture.server;
      const story = await storyInHistory(server, home.env);
      if (!id) {
        assert.equal(server.messages.length, 2);
        assert.equal(server.messages[1].reply_to, undefined);
        assert.match(server.messages[1].text ?? '', /^❌ api is broken \(exit code 1\)/);
        assert.match(f.err, /the started message of this run has no id \(OK gave it none\): sending the result as a new message/);
        assert.deepEqual(story.map((t) => t.slice(0, 1)).sort(), ['⏳', '❌'], 'the start, and the result as a message of its own');
      } else if (spec.edit.answer === 'refused-method') {
        assert.equal(server.messages.length, 2, 'the reply, and no other new message');
        assert.equal(server.messages[0].text, STARTED_TEXT);
        assert.equal(server.messages[1].reply_to, id);
        assert.match(server.messages[1].text ?? '', /^❌ api is broken \(exit code 1\)/);
        assert.equal(f.out, `${server.messages[1].message_id}\n`);
        assert.match(f.err, new RegExp(`OK refused to edit the started message ${id} \\(error 3 METHOD\\): sent the result to ${CHAT} as a reply to it`));
        assert.equal(story.length, 2);
      } else {
        assert.equal(server.messages.length, 1, 'exactly one message: the started one, edited');
        assert.equal(server.messages[0].message_id, id);
        assert.match(server.messages[0].text ?? '', /^❌ api is broken \(exit code 1\)/);
        assert.equal(server.messages[0].edited, true);
        // with its buttons (as links in the text where OK takes no keyboard)
        if (spec.keyboards) assert.equal((server.messages[0].attachments[0] as { type?: string }).type, 'INLINE_KEYBOARD');
        else {
          assert.deepEqual(server.messages[0].attachments, []);
          assert.match(f.err, /OK refused the link buttons; sent the links as text/);
        }
        assert.equal(f.out, `${id}\n`, 'the edited message\'s id is printed');
        assert.match(f.err, new RegExp(`edited the started message ${id} in ${CHAT} to the result`));
        assert.deepEqual(story.map((t) => t.split('\n')[0]), ['❌ api is broken (exit code 1)'], 'the history shows one message, the failure');
      }
      const state = JSON.parse(readFileSync(path.join(home.dir, 'state.json'), 'utf8')) as { started?: object };
      assert.equal(state.started, undefined, 'the settled start is forgotten');
    });

    it('with edits refused, the failure is a reply to the started message; no second new message', async () => {
      const id = await started();
      fixture.server.injectFault({ kind: 'ok-error', code: 706 }, { path: /\/edit$/ });
      const f = await notify('failure');
      assert.equal(f.code, 0, f.err);
      const server = fixture.server;
      assert.equal(server.messages.length, 2);
      assert.equal(server.messages[0].text, STARTED_TEXT);
      assert.equal(server.messages[1].reply_to, id || undefined);
      assert.match(server.messages[1].text ?? '', /^❌ api is broken/);
      if (id) assert.match(f.err, /OK refused to edit the started message .* as a reply to it/);
    });
  });
}

describe('ok-chat notify: started → result, the options', () => {
  const fixture = useFakeOkServer({ server: { seed: true }, each: 'fresh' });
  const home = useTempHome();
  const run = (args: string[], extra: Record<string, string> = {}) => runCliInProcess(fixture.server, ['notify', '--chat', CHAT, '--name', 'api', ...args], { env: { ...home.env, ...extra }, cwd: home.dir });

  it('--message-id gives the result the started message where no state file is shared', async () => {
    const s = await run(['--status', 'started', '--state-file', path.join(home.dir, 'job-a.json')]);
    const id = s.out.trim();
    assert.ok(id, s.err);
    const r = await run(['--status', 'success', '--message-id', id], { XDG_CACHE_HOME: path.join(home.dir, 'other-runner') });
    assert.equal(r.code, 0, r.err);
    assert.equal(fixture.server.messages.length, 1);
    assert.match(fixture.server.messages[0].text ?? '', /^✅ api succeeded/);
  });

  it('a result given --message-id also settles the start this run kept: a later result does not edit it again', async () => {
    const s = await run(['--status', 'started', '--run-key', 'r1']);
    const r = await run(['--status', 'failure', '--run-key', 'r1', '--message-id', s.out.trim()]);
    assert.equal(r.code, 0, r.err);
    await run(['--status', 'success', '--run-key', 'r1']);
    assert.equal(fixture.server.messages.length, 2);
    assert.match(fixture.server.messages[0].text ?? '', /^❌ api failed/);
  });

  it('by default the run is the CI\'s run and job, and the state file the default one: another job does not edit it', async () => {
    const github = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '11876543210', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'test' };
    const s = await run(['--status', 'started'], github);
    assert.equal(s.code, 0, s.err);
    const other = await run(['--status', 'success'], { ...github, GITHUB_JOB: 'lint' });
    assert.equal(other.code, 0, other.err);
    assert.equal(fixture.server.messages.length, 2, 'another job\'s result is a message of its own');
    const same = await run(['--status', '2'], github);
    assert.equal(same.code, 0, same.err);
    assert.equal(fixture.server.messages.length, 2);
    assert.match(fixture.server.messages[0].text ?? '', /^❌ api failed \(exit code 2\)/);
    // settled: a second result of the run is a new message, not another edit
    await run(['--status', '0'], github);
    assert.equal(fixture.server.messages.length, 3);
    assert.match(fixture.server.messages[0].text ?? '', /^❌ api failed/);
  });

  it('"started" is posted only under --when always, and is never the last status for --when change', async () => {
    const state = ['--state-file', path.join(home.dir, 'state.json')];
    assert.equal((await run(['--status', 'failure', '--when', 'change', ...state])).code, 0);
    for (const when of ['change', 'failure', 'success']) {
      const s = await run(['--status', 'started', '--when', when, ...state]);
      assert.equal(s.code, 0, s.err);
      assert.match(s.err, new RegExp(`not sending: the build started, and a start is posted only when every result is \\(--when ${when}\\)`));
    }
    assert.equal(fixture.server.messages.length, 1);
    const s = await run(['--status', 'started', ...state]);
    assert.equal(s.code, 0, s.err);
    const fixed = await run(['--status', 'success', '--when', 'change', ...state]);
    assert.equal(fixed.code, 0, fixed.err);
    assert.equal(fixture.server.messages.length, 2, 'the fix edits the start');
    assert.match(fixture.server.messages[1].text ?? '', /^🔧 api is fixed/);
  });

  it('a result the rule does not send still settles the started message (an edit, nothing new)', async () => {
    const state = ['--state-file', path.join(home.dir, 'state.json')];
    await run(['--status', 'started', ...state]);
    const r = await run(['--status', 'success', '--when', 'failure', ...state]);
    assert.equal(r.code, 0, r.err);
    assert.equal(fixture.server.messages.length, 1);
    assert.match(fixture.server.messages[0].text ?? '', /^✅ api succeeded/);
    assert.match(r.err, /edited the started message .* to the result; nothing new sent: the build succeeded and only failures are reported \(--when failure\)/);
    // and without a started message, nothing at all, as before
    const none = await run(['--status', 'success', '--when', 'failure', ...state]);
    assert.equal(fixture.server.messages.length, 1);
    assert.match(none.err, /not sending: the build succeeded/);
  });

  it('outside CI without --run-key: the next result in this folder edits the start, and says so', async () => {
    const s = await run(['--status', 'started']);
    assert.match(s.err, /no CI run found and no --run-key: the next result of "api" in this folder edits this message/);
    await run(['--status', '0']);
    assert.equal(fixture.server.messages.length, 1);
  });

  it('refuses --message-id with --status started, an id that is none, and an empty --run-key', async () => {
    const both = await run(['--status', 'started', '--message-id', 'MID:1']);
    assert.equal(both.code, 2);
    assert.match(both.err, /--message-id names the started message that a result edits/);
    const bad = await run(['--status', '0', '--message-id', 'two words']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--message-id: "two words" is not a message id/);
    const empty = await run(['--status', '0', '--run-key', ' ']);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /--run-key is empty/);
    assert.equal(fixture.server.messages.length, 0);
  });

  it('--dry-run: "started" posts nothing and keeps nothing; a result says which message it would edit', async () => {
    const stateFile = path.join(home.dir, 'state.json');
    const dry = await run(['--status', 'started', '--state-file', stateFile, '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^⏳ api started/);
    assert.throws(() => readFileSync(stateFile), /ENOENT/);
    const s = await run(['--status', 'started', '--state-file', stateFile]);
    const r = await run(['--status', '1', '--state-file', stateFile, '--dry-run']);
    assert.match(r.err, new RegExp(`would edit the started message ${s.out.trim()}`));
    assert.equal(fixture.server.messages[0].text?.startsWith('⏳'), true);
  });
});
