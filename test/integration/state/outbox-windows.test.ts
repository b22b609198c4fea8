// The Outbox records are shared by every window, and each window reads them again only every
// 30 s. Another window is played here by changing the record files as it would: a Retry in this
// window acts on the record as it is on disk, never on its older copy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { CHAT, outboxIdOf, rejection, runCommand, useFakeOk, workspaceDir } from '../suite/extensionSetup';

/** The record file of an Outbox item, wherever this VS Code keeps the extension's global storage. */
function recordFile(id: string): string {
  const name = encodeURIComponent(id) + '.json';
  const search = (dir: string, depth: number): string | undefined => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    if (path.basename(dir) === 'outbox' && entries.some((e) => e.name === name)) return path.join(dir, name);
    if (depth === 0) return undefined;
    for (const e of entries) {
      if (!e.isDirectory() || e.name === 'node_modules' || e.name === 'logs') continue;
      const found = search(path.join(dir, e.name), depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  const found = search(path.dirname(workspaceDir()), 8);
  assert.ok(found, `the record file of ${id} was not found`);
  return found;
}

describe('outbox shared by windows: a Retry acts on the record on disk', function () {
  this.timeout(30_000);
  const ok = useFakeOk();
  const posts = () => ok.server.requests.filter((r) => r.method === 'POST').length;

  async function unsent(text: string): Promise<{ id: string; file: string }> {
    ok.server.injectFault({ kind: 'status', status: 500 }, { method: 'POST', path: '/me/messages/' });
    const id = outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text })));
    ok.server.clearFaults();
    ok.server.requests.length = 0;
    return { id, file: recordFile(id) };
  }

  it('a message another window delivered meanwhile is not posted again from this window\'s copy', async () => {
    const { id, file } = await unsent('delivered elsewhere');
    fs.rmSync(file); // another window's Retry delivered it and removed its record
    assert.ok(ok.api.outboxItems().some((i) => i.id === id), 'this window still lists its older copy');
    const e = await rejection(runCommand('okChat.retrySend', { id, confirmed: true }));
    assert.match(e.message, /another window/);
    assert.equal(posts(), 0, 'nothing posted');
    assert.ok(!ok.api.outboxItems().some((i) => i.id === id), 'the copy is gone from the Outbox');
  });

  it('a message another live window is sending is not sent here; once it gave up its claim, Retry sends it once', async () => {
    const { id, file } = await unsent('sent elsewhere right now');
    const dir = path.dirname(file);
    const other = 'another-machine/4242';
    fs.mkdirSync(path.join(dir, 'windows'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'windows', encodeURIComponent(other)), String(Date.now()));
    const claim = path.join(dir, encodeURIComponent(id) + '.claim');
    fs.writeFileSync(claim, `${other}\ntoken`);
    try {
      const e = await rejection(runCommand('okChat.retrySend', { id, confirmed: true }));
      assert.match(e.message, /being sent right now/);
      assert.equal(posts(), 0);
    } finally {
      fs.rmSync(claim, { force: true });
      fs.rmSync(path.join(dir, 'windows', encodeURIComponent(other)), { force: true });
    }
    await runCommand('okChat.retrySend', { id, confirmed: true });
    assert.equal(posts(), 1);
    assert.ok(!fs.existsSync(file) && !fs.existsSync(claim), 'no record, no claim left');
  });
});
