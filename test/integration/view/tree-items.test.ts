// What the Chats view shows, read from the extension's own tree data provider (the items VS Code
// renders): chat rows with members, last activity, a helpful tooltip and OK's icon (https only,
// cached in global storage); Outbox rows with the chat and the time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import { Agent, fetch as undiciFetch } from 'undici';
import * as vscode from 'vscode';
import { MAX_ICON_BYTES } from '../../../src/core/net/iconDownload';
import type { Node } from '../../../src/extension/views/chatsTree';
import { hasOpenssl, makeTestPki, type TestPki } from '../../helpers/certs';
import { IconServer, PNG_1X1 } from '../../helpers/iconServer';
import { SEED_MEMBERS } from '../../fake-ok/server';
import { CHAT, CHAT2, escapeRegExp, logLine, outboxIdOf, rejection, runCommand, useFakeOk, waitFor } from '../suite/extensionSetup';

type Item = vscode.TreeItem & { chatId?: string; kind?: string };

describe('Chats view items', () => {
  const ok = useFakeOk();

  function roots(): Item[] {
    return ok.api.tree.getChildren();
  }
  function chatItem(chatId: string): Item {
    const item = roots().find((n) => n.chatId === chatId);
    assert.ok(item, `${chatId} is not in the tree`);
    return item;
  }
  /** The tooltip as VS Code shows it on hover (a chat's is made then, by resolveTreeItem). */
  const tooltipText = (item: Item) => {
    const resolved = ok.api.tree.resolveTreeItem(item, item as Node);
    return resolved.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : String(resolved.tooltip ?? '');
  };

  it('a chat shows its members and last activity, not its raw id (nor in its spoken label); the tooltip helps; a click opens the conversation', async () => {
    await runCommand('okChat.addChat', { chatId: CHAT });
    const item = chatItem(CHAT);
    assert.equal(item.label, 'Backend');
    assert.match(String(item.description), /^3 members · .+ ago$/);
    assert.doesNotMatch(String(item.description), /C3ecb9d02a600/);
    assert.match(item.accessibilityInformation?.label ?? '', /^Chat Backend, 3 members · .+ ago$/);
    assert.doesNotMatch(item.accessibilityInformation?.label ?? '', /C3ecb9d02a600/);
    const tip = tooltipText(item);
    for (const part of ['**Backend**', `\`${CHAT}\``, '\n\n3 members\n\n', 'Last activity: ', 'Click to open the conversation']) assert.ok(tip.includes(part), `tooltip lacks ${part}: ${tip}`);
    assert.doesNotMatch(tip, /Status: ACTIVE/);
    assert.equal(item.command?.command, 'okChat.openConversation');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon, 'a chat without an icon keeps the generic one');

    // sending to it is its latest event
    await runCommand('okChat.sendText', { chatId: CHAT, text: 'hi' });
    assert.match(String((chatItem(CHAT)).description), /^3 members · just now$/);
  });

  it('unread messages show first in the row, and the unread check moves its last activity', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    // OK's lastEventTime of the seed chat is old; the check reads a message of now
    assert.match(String(chatItem(CHAT).description), /^3 members · .+ ago$/);
    assert.doesNotMatch(String(chatItem(CHAT).description), /just now/);
    await api.globalStateSettled();
    const t = Date.now() + 1000; // after the save (what was there before is not unread)
    server.postAsMember(CHAT, SEED_MEMBERS[1], { text: 'Сборка 2.4.1 готова', time: t });
    server.postAsMember(CHAT, SEED_MEMBERS[2], { text: 'Проверяю', time: t + 1 });
    assert.deepEqual(await runCommand('okChat.refreshUnread', {}), { [CHAT]: 2 });
    const item = chatItem(CHAT);
    assert.equal(String(item.description), '2 new · 3 members · just now');
    assert.equal(item.accessibilityInformation?.label, 'Chat Backend, 2 new · 3 members · just now');
  });

  it('an icon on plain http is not fetched: the chat keeps the generic icon', async () => {
    const { server, api } = ok;
    const url = `${server.origin}/icons/plain.png`;
    const fetched: string[] = [];
    const original = api.icons.fetchImpl;
    api.icons.fetchImpl = (input, init) => {
      fetched.push(input instanceof Request ? input.url : input.toString());
      return original(input, init);
    };
    try {
      const chat = server.addChat({ title: 'Plain icon', icon: { url }, participants: { 'user:100000000001': 1 } });
      await runCommand('okChat.addChat', { chatId: chat.chat_id });
      assert.equal(api.savedChats().find((c) => c.chatId === chat.chat_id)?.iconUrl, url);
      const item = chatItem(chat.chat_id);
      assert.ok(item.iconPath instanceof vscode.ThemeIcon);
      // the icon cache has decided about the link (a fetch would have started before this line)
      await logLine(api, new RegExp(`chat icon ${escapeRegExp(url)} not used: icons are loaded only over https`), 'the plain http icon refused');
      assert.deepEqual(fetched, [], 'nothing fetched the icon');
      assert.deepEqual(server.requests.filter((r) => r.path.startsWith('/icons')), [], 'nothing asked for the icon');
    } finally {
      api.icons.fetchImpl = original;
    }
  });

  it('a refresh that brings nothing new saves nothing and does not redraw; a title changed on OK does', async () => {
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2, title: 'Local title' });
    await runCommand('okChat.refreshChats', {}); // OK's title for CHAT2
    let redraws = 0;
    const listening = api.tree.onDidChangeTreeData(() => redraws++);
    try {
      server.requests.length = 0;
      const same = await runCommand('okChat.refreshChats', {});
      assert.equal(server.requests.length, 2, 'both chats were asked for');
      assert.deepEqual(same.map((c) => c.title), ['Backend', 'Frontend 🚀']);
      assert.equal(redraws, 0, 'nothing changed: no write, no change event');

      const chat = server.chats.get(CHAT);
      assert.ok(chat);
      chat.title = 'Zeta on OK';
      const renamed = await runCommand('okChat.refreshChats', {});
      assert.deepEqual(renamed.map((c) => c.title), ['Frontend 🚀', 'Zeta on OK']);
      assert.equal(redraws, 1, 'one write, one change event');
      assert.deepEqual(roots().map((n) => n.label), ['Frontend 🚀', 'Zeta on OK']);
    } finally {
      listening.dispose();
    }
  });

  it('a row that changes is redrawn by itself, on the same element; the whole view only when rows come or go', async () => {
    // VS Code's extension host forgets every element of a view on a whole redraw until it has
    // asked for the rows again: a click on a row's inline action in that moment reached the
    // command without its chat (the "which chat?" picker opened)
    const { server, api } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    await runCommand('okChat.addChat', { chatId: CHAT2 });
    const before = roots();
    const events: Array<Node | Node[] | undefined> = [];
    const listening = api.tree.onDidChangeTreeData((e) => events.push(e));
    try {
      api.tree.refresh();
      assert.deepEqual(events, [], 'nothing shown changed: nothing is redrawn');

      const chat = server.chats.get(CHAT);
      assert.ok(chat);
      chat.title = 'Backend (prod)'; // still sorted first
      await runCommand('okChat.refreshChats', {});
      assert.equal(events.length, 1, 'one redraw');
      const [redrawn] = events;
      assert.ok(Array.isArray(redrawn), `only the changed row is redrawn, not the whole view (${String(redrawn)})`);
      const rows = redrawn as Item[];
      assert.deepEqual(rows.map((n) => n.chatId), [CHAT]);
      const backend = before.find((n) => n.chatId === CHAT);
      assert.equal(rows[0], backend, 'the element VS Code holds is the one updated');
      assert.equal(backend?.label, 'Backend (prod)');

      await runCommand('okChat.removeChat', { chatId: CHAT2 });
      assert.equal(events.at(-1), undefined, 'a row gone: the whole view is redrawn');
    } finally {
      listening.dispose();
    }
  });

  describe('OK\'s chat icon over https', function () {
    let pki: TestPki;
    let icons: IconServer;
    let agent: Agent;
    let original: typeof fetch;
    /** The links the icon cache fetched (it calls fetchImpl as it starts a download). */
    const fetched: string[] = [];

    before(async function () {
      if (!hasOpenssl()) this.skip();
      pki = makeTestPki();
      icons = await IconServer.start({ key: pki.key, cert: pki.cert, maxBytes: MAX_ICON_BYTES });
      agent = new Agent({ connect: { ca: pki.caCert } });
      original = ok.api.icons.fetchImpl;
      // the extension host's own fetch, but trusting the test CA
      ok.api.icons.fetchImpl = (url, init) => {
        fetched.push(url instanceof Request ? url.url : url.toString());
        return undiciFetch(url as string, { ...init, dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
      };
    });
    after(async () => {
      if (original) ok.api.icons.fetchImpl = original;
      ok.api.icons.forgetRefused();
      await icons?.close();
      await agent?.close();
      pki?.remove();
    });

    it('is downloaded once into global storage and shown; a refused one is not asked for again', async () => {
      const { server } = ok;
      const url = `${icons.httpsOrigin}/icon.png?v=${Date.now()}`;
      const chat = server.addChat({ title: 'With icon', icon: { url }, participants: { 'user:100000000001': 1 } });
      const bigUrl = `${icons.httpsOrigin}/big.png?v=${Date.now()}`;
      const big = server.addChat({ title: 'Big icon', icon: { url: bigUrl } });
      await runCommand('okChat.addChat', { chatId: chat.chat_id });
      await runCommand('okChat.addChat', { chatId: big.chat_id });
      const shown = await waitFor(async () => {
        const item = chatItem(chat.chat_id);
        return Promise.resolve(item.iconPath instanceof vscode.Uri ? item.iconPath : undefined);
      }, 'the chat icon in the tree', 8000);
      assert.equal(shown.scheme, 'file');
      assert.ok(shown.fsPath.startsWith(ok.api.icons.folder + path.sep), `${shown.fsPath} is not in the cache folder`);
      assert.ok(shown.fsPath.endsWith('.png'));
      assert.deepEqual(fs.readFileSync(shown.fsPath), PNG_1X1);
      await logLine(ok.api, new RegExp(`chat icon ${escapeRegExp(bigUrl)} not used: the icon is larger than`), 'the big icon refused');
      const fetchedBefore = fetched.length;
      // the rows ask the icon cache for their icons as they are made: a download would start here
      for (let i = 0; i < 3; i++) roots();
      assert.deepEqual(fetched.slice(fetchedBefore), [], 'neither icon is fetched again');
      assert.deepEqual(fetched.filter((u) => u === url).length, 1, 'the icon was downloaded once');
      assert.deepEqual(icons.hits.filter((h) => h.startsWith('https /icon.png')).length, 1, 'a cached icon is not downloaded again');
      assert.deepEqual(icons.hits.filter((h) => h.startsWith('https /big.png')).length, 1, 'a refused icon is not asked for again');
      assert.ok((chatItem(big.chat_id)).iconPath instanceof vscode.ThemeIcon, 'an icon over the size limit is not shown');
    });
  });
});

describe('Outbox items', () => {
  const ok = useFakeOk();

  it('say which chat they were for (its title now) and when; the tooltip has the id and the error', async () => {
    const { server } = ok;
    await runCommand('okChat.addChat', { chatId: CHAT });
    const chatRows = (ok.api.tree.getChildren() as Item[]).map((n) => n.id);
    assert.ok(chatRows.length > 0);
    server.injectFault({ kind: 'ok-error', code: 10, msg: 'PERMISSION_DENIED : not now' }, { method: 'POST' });
    outboxIdOf(await rejection(runCommand('okChat.sendText', { chatId: CHAT, text: 'Release 2.4.1 is out\nsecond line' })));
    const roots = ok.api.tree.getChildren() as Item[];
    // after the chats: its coming never moves a chat's row under the pointer
    assert.deepEqual(roots.slice(0, chatRows.length).map((n) => n.id), chatRows, 'the chat rows keep their places when the Outbox appears');
    const outbox = roots[roots.length - 1];
    assert.equal(outbox.kind, 'outbox');
    const [item] = ok.api.tree.getChildren(outbox as never) as Item[];
    assert.equal(item.label, 'Release 2.4.1 is out');
    assert.equal(item.description, '→ Backend · just now');
    const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : '';
    assert.ok(tip.includes(`**Not sent** to Backend (\`${CHAT}\`)`), tip);
    assert.match(tip, /First attempt: /);
    assert.match(tip, /Last attempt: just now, \d{1,2}:\d{2}\s?[AP]M \(attempts: 1\)/);
    assert.match(tip, /Error: .*not now/);
    assert.equal(item.accessibilityInformation?.label, 'Unsent message to Backend: Release 2.4.1 is out');

    // renamed since: the item follows the chat's current title
    await runCommand('okChat.renameChat', { chatId: CHAT, title: 'Backend team' });
    const [again] = ok.api.tree.getChildren(outbox as never) as Item[];
    assert.equal(again.description, '→ Backend team · just now');
  });
});
