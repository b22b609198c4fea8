/**
 * Where `ok-chat notify --when change` keeps the last status by default, as users run it (a real
 * `node` process against the fake server): the user's own cache folder, never followed through a
 * planted symbolic link; the file of earlier versions (in the temporary folder) moved once; old
 * entries dropped.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { STATE_MAX_AGE_DAYS, pruneState } from '../../src/cli/notifyState';
import { userCacheDir } from '../../src/cli/privateCache';
import { CHAT, describeBuiltCli, runCli, server, work } from '../helpers/builtCli';

const POSIX = process.platform !== 'win32';
let unique = 0;

describeBuiltCli(() => {
  describe('notify: the default state file', () => {
    /** A fresh cache and temporary folder, and a build name of its own, for each test. */
    function setup() {
      const root = path.join(realpathSync(work), `state-${process.pid}-${unique++}`);
      const env = { XDG_CACHE_HOME: path.join(root, 'cache'), TMPDIR: path.join(root, 'tmp') };
      mkdirSync(env.TMPDIR, { recursive: true });
      const name = `build-${unique}`;
      // one file per chat, build name and folder: a hash of the three (the CLI runs in `work`)
      const file = `last-status-${createHash('sha256').update(`${CHAT}\n${name}\n${realpathSync(work)}`).digest('hex').slice(0, 16)}.json`;
      const dir = path.join(env.XDG_CACHE_HOME, 'ok-chat');
      const notify = (status: string) => runCli(['notify', '--chat', CHAT, '--status', status, '--when', 'change', '--name', name], { env, cwd: realpathSync(work) });
      return { root, env, name, dir, file: path.join(dir, file), legacy: path.join(env.TMPDIR, 'ok-chat', file), notify };
    }
    const saved = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { builds: Record<string, { status: string; updatedAt: string }> };

    it('is kept in $XDG_CACHE_HOME/ok-chat, a folder of mode 0700, the file 0600, and nothing in the temporary folder', async () => {
      const s = setup();
      assert.equal((await s.notify('1')).code, 0);
      assert.equal((await s.notify('0')).code, 0);
      assert.deepEqual(server.messages.map((m) => /is broken|is fixed/.exec(m.text ?? '')?.[0]), ['is broken', 'is fixed']);
      assert.equal(saved(s.file).builds[`${CHAT} ${s.name}`].status, 'success');
      if (POSIX) {
        assert.equal(statSync(s.dir).mode & 0o777, 0o700);
        assert.equal(statSync(s.file).mode & 0o777, 0o600);
      }
      assert.ok(!existsSync(path.join(s.env.TMPDIR, 'ok-chat')), 'nothing in the shared temporary folder');
    });

    it('a symbolic link planted at its path is not followed: the target stays as it was', async function () {
      if (!POSIX) this.skip();
      const s = setup();
      mkdirSync(s.dir, { recursive: true, mode: 0o700 });
      const target = path.join(s.root, 'precious.txt');
      writeFileSync(target, 'precious\n');
      symlinkSync(target, s.file);
      const r = await s.notify('1');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /symbolic link/);
      assert.equal(readFileSync(target, 'utf8'), 'precious\n');
      assert.ok(lstatSync(s.file).isFile(), 'the link is replaced by the state file');
      assert.equal(saved(s.file).builds[`${CHAT} ${s.name}`].status, 'failure');
    });

    it('a cache folder that is a symbolic link is refused: nothing is written through it', async function () {
      if (!POSIX) this.skip();
      const s = setup();
      const elsewhere = path.join(s.root, 'elsewhere');
      mkdirSync(elsewhere, { recursive: true });
      mkdirSync(path.dirname(s.dir), { recursive: true });
      symlinkSync(elsewhere, s.dir);
      const r = await s.notify('1');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /not using the state file: .*is a symbolic link/);
      assert.equal(server.messages.length, 1, 'the result is still sent');
      assert.deepEqual(readdirSync(elsewhere), []);
    });

    it('the file of earlier versions in the temporary folder is moved once', async () => {
      const s = setup();
      mkdirSync(path.dirname(s.legacy), { recursive: true });
      const state = (status: string) => JSON.stringify({ version: 1, builds: { [`${CHAT} ${s.name}`]: { status, updatedAt: new Date().toISOString() } } });
      writeFileSync(s.legacy, state('failure'));
      // still failing: known from the moved file, so not news
      const r = await s.notify('1');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /not sending/);
      assert.equal(server.messages.length, 0);
      assert.ok(!existsSync(s.legacy), 'the old file is gone');
      assert.equal(saved(s.file).builds[`${CHAT} ${s.name}`].status, 'failure');
      // an old file appearing again is not read: the state is in the cache folder now
      writeFileSync(s.legacy, state('success'));
      assert.equal((await s.notify('1')).code, 0);
      assert.equal(server.messages.length, 0, 'a failure after the remembered failure is not news');
      assert.ok(existsSync(s.legacy), 'left alone');
    });

    it('entries not updated for 90 days are dropped, and default files not written for 90 days deleted', async () => {
      const s = setup();
      mkdirSync(s.dir, { recursive: true, mode: 0o700 });
      const day = 24 * 60 * 60 * 1000;
      const old = new Date(Date.now() - 91 * day).toISOString();
      const recent = new Date(Date.now() - 89 * day).toISOString();
      writeFileSync(s.file, JSON.stringify({ version: 1, builds: { [`${CHAT} gone`]: { status: 'failure', updatedAt: old }, [`${CHAT} kept`]: { status: 'success', updatedAt: recent } } }));
      const stale = path.join(s.dir, 'last-status-0123456789abcdef.json');
      const fresh = path.join(s.dir, 'last-status-fedcba9876543210.json');
      for (const f of [stale, fresh]) writeFileSync(f, '{"version":1,"builds":{}}');
      utimesSync(stale, new Date(Date.now() - 91 * day), new Date(Date.now() - 91 * day));
      assert.equal((await s.notify('1')).code, 0);
      assert.deepEqual(Object.keys(saved(s.file).builds).sort(), [`${CHAT} ${s.name}`, `${CHAT} kept`]);
      assert.ok(!existsSync(stale), 'a default file of 91 days ago is deleted');
      assert.ok(existsSync(fresh));
    });
  });
});


describe('the user\'s cache folder of ok-chat', () => {
  it('per platform: XDG_CACHE_HOME (absolute) or ~/.cache, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/a'), '/x/cache/ok-chat');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/a'), '/home/a/.cache/ok-chat');
    assert.equal(userCacheDir({}, 'freebsd', '/home/a'), '/home/a/.cache/ok-chat');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'darwin', '/Users/a'), '/Users/a/Library/Caches/ok-chat');
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a'), 'C:\\Users\\a\\AppData\\Local\\ok-chat');
    assert.equal(userCacheDir({}, 'win32', 'C:\\Users\\a'), 'C:\\Users\\a\\AppData\\Local\\ok-chat');
    assert.equal(userCacheDir({}, 'linux', ''), undefined);
  });

  it(`pruneState keeps the entries of the last ${STATE_MAX_AGE_DAYS} days and those without a readable time`, () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const at = (days: number) => new Date(now - days * 24 * 60 * 60 * 1000).toISOString();
    const state = { version: 1 as const, builds: { a: { status: 'failure' as const, updatedAt: at(91) }, b: { status: 'success' as const, updatedAt: at(90) }, c: { status: 'success' as const, updatedAt: 'soon' } } };
    assert.deepEqual(Object.keys(pruneState(state, now).builds), ['b', 'c']);
  });
});
