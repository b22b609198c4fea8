/** The state file keeps a run's "started" message beside the last statuses, and stays readable both ways. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STARTED_MAX_AGE_DAYS, isRecentStart, pruneState, readState, startedKey, writeState } from '../../src/cli/notifyState';

const CHAT = 'chat:C3ecb9d02a600';
const DAY = 24 * 60 * 60 * 1000;

describe('the state file of notify: started messages', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a file of earlier versions (no "started") is read as it was, and written back with the start beside it', async () => {
    const file = path.join(dir, 'state.json');
    const old = { version: 1, builds: { [`${CHAT} api`]: { status: 'failure', updatedAt: new Date().toISOString() } } };
    writeFileSync(file, JSON.stringify(old));
    const warnings: string[] = [];
    const state = await readState({ file }, (w) => warnings.push(w));
    assert.deepEqual(state, old);
    state.started = { [startedKey(CHAT, 'api', 'run-7')]: { messageId: 'MID:1', updatedAt: new Date().toISOString() } };
    await writeState({ file }, state, (w) => warnings.push(w));
    const written = JSON.parse(readFileSync(file, 'utf8')) as typeof state;
    assert.deepEqual(written.builds, old.builds, 'what earlier versions read is unchanged');
    assert.equal(written.started?.[`${CHAT} api run-7`]?.messageId, 'MID:1');
    assert.deepEqual(await readState({ file }, (w) => warnings.push(w)), written);
    assert.deepEqual(warnings, []);
  });

  it('a start without a run is kept under "-"; one OK gave no id is kept without one', () => {
    assert.equal(startedKey(CHAT, 'api', undefined), `${CHAT} api -`);
    assert.ok(isRecentStart({ updatedAt: new Date().toISOString() }));
    assert.ok(!isRecentStart({ messageId: '', updatedAt: new Date().toISOString() }));
    assert.ok(!isRecentStart({ messageId: 7, updatedAt: new Date().toISOString() }));
    assert.ok(!isRecentStart(null));
  });

  it(`starts older than ${STARTED_MAX_AGE_DAYS} days are left alone and dropped; a "started" that is not a map is ignored`, async () => {
    const now = Date.now();
    const state = {
      version: 1 as const,
      builds: {},
      started: {
        recent: { messageId: 'MID:1', updatedAt: new Date(now - DAY).toISOString() },
        old: { messageId: 'MID:2', updatedAt: new Date(now - (STARTED_MAX_AGE_DAYS + 1) * DAY).toISOString() },
        unreadable: { messageId: 'MID:3', updatedAt: 'yesterday' },
      },
    };
    assert.deepEqual(Object.keys(pruneState(state, now).started ?? {}), ['recent']);
    assert.ok(!isRecentStart(state.started.old, now));
    assert.deepEqual(pruneState({ version: 1, builds: {}, started: { old: state.started.old } }, now), { version: 1, builds: {} });
    const file = path.join(dir, 'odd.json');
    writeFileSync(file, JSON.stringify({ version: 1, builds: {}, started: ['MID:1'] }));
    assert.deepEqual(await readState({ file }, () => undefined), { version: 1, builds: {} });
  });
});
