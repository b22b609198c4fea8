// Localisation in the real VS Code. Runs in the "smoke" suite (English) and in the "l10n-ru"
// suite (VS Code started with --locale ru, see suites.json), so every expectation is read from
// the extension's own files for the display language: package.nls[.<lang>].json and
// l10n/bundle.l10n[.<lang>].json.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { countText } from '../../../src/core/messages/plural';
import { CHAT, EXTENSION_ID, okChatApi, rejection, reportBuildEnd, runCommand, setUserSetting, useFakeOk, waitFor } from './extensionSetup';

type Strings = Record<string, string>;

async function readJson(ext: vscode.Extension<unknown>, rel: string): Promise<Strings | undefined> {
  try {
    return JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, rel))).toString('utf8')) as Strings;
  } catch {
    return undefined;
  }
}

const format = (message: string, ...args: string[]) => message.replace(/\{(\d+)\}/g, (whole, i: string) => args[Number(i)] ?? whole);

/** A command title in packageJSON: a string, or `{ value, original }` when VS Code localised it. */
function titleOf(title: unknown): { value: string; original?: string } {
  if (typeof title === 'string') return { value: title };
  const t = title as { value?: unknown; original?: unknown };
  assert.equal(typeof t?.value, 'string', `unexpected title ${JSON.stringify(title)}`);
  return { value: t.value as string, original: typeof t.original === 'string' ? t.original : undefined };
}

describe('l10n', () => {
  let ext: vscode.Extension<unknown>;
  let language: string;
  /** package.nls.json, and the display language's package.nls.<lang>.json when there is one. */
  let nlsEnglish: Strings;
  let nls: Strings;
  /** l10n/bundle.l10n.<lang>.json, or undefined for English. */
  let bundle: Strings | undefined;

  before(async () => {
    await okChatApi();
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found);
    ext = found;
    language = vscode.env.language.toLowerCase();
    nlsEnglish = (await readJson(ext, 'package.nls.json')) ?? {};
    nls = (await readJson(ext, `package.nls.${language}.json`)) ?? nlsEnglish;
    bundle = language.startsWith('en') ? undefined : await readJson(ext, `l10n/bundle.l10n.${language}.json`);
    console.log(`      display language: ${language}${bundle ? ` (l10n/bundle.l10n.${language}.json)` : ''}`);
    if (process.env.OK_CHAT_TEST_SUITE === 'l10n-ru') assert.equal(language, 'ru', 'the l10n-ru suite must run VS Code in Russian');
  });

  it('vscode.l10n serves the bundle of the display language (none in English)', () => {
    if (bundle) {
      assert.equal(vscode.l10n.uri?.toString(), vscode.Uri.joinPath(ext.extensionUri, 'l10n', `bundle.l10n.${language}.json`).toString());
      assert.deepEqual(vscode.l10n.bundle, bundle);
    } else {
      // English needs no bundle: VS Code returns the message itself, with its placeholders filled.
      assert.equal(vscode.l10n.bundle, undefined);
      assert.equal(vscode.l10n.uri, undefined);
    }
    assert.equal(vscode.l10n.t('Set Access Token'), bundle?.['Set Access Token'] ?? 'Set Access Token');
    assert.equal(vscode.l10n.t('{0} unsent messages', 3), format(bundle?.['{0} unsent messages'] ?? '{0} unsent messages', '3'));
  });

  it('the manifest is shown in the display language (package.nls)', () => {
    const pj = ext.packageJSON as {
      displayName: string;
      contributes: {
        commands: Array<{ command: string; title: unknown; category: unknown }>;
        views: Record<string, Array<{ id: string; name: string }>>;
        configuration: { properties: Record<string, { markdownDescription?: string }> };
      };
    };
    // VS Code resolves every %key% when it reads the manifest; none may be left.
    const leftovers = JSON.stringify(pj).match(/"%[\w.-]+%"/g) ?? [];
    assert.deepEqual(leftovers, [], 'unresolved %keys% in packageJSON');
    assert.equal(pj.displayName, nls['extension.displayName']);
    const setToken = pj.contributes.commands.find((c) => c.command === 'okChat.setToken');
    assert.ok(setToken);
    const title = titleOf(setToken.title);
    assert.equal(title.value, nls['command.setToken.title']);
    if (title.original !== undefined) assert.equal(title.original, nlsEnglish['command.setToken.title']);
    assert.equal(titleOf(setToken.category).value, nls['command.category']);
    assert.equal(pj.contributes.views.okChat.find((v) => v.id === 'okChat.chats')?.name, nls['view.chats.name']);
    assert.equal(pj.contributes.configuration.properties['okChat.apiBaseUrl'].markdownDescription, nls['configuration.apiBaseUrl.markdownDescription']);
  });

  it('messages of the API core are translated too, in both bundles (extension and core)', async () => {
    // parseChatId is bundled into dist/extension.js; activate() installs vscode.l10n.t there.
    const notAnId = '"{0}" is not an OK chat id. Expected chat:C3ecb9d02a600, C3ecb9d02a600 or an ok.ru/messages link that contains the id.';
    const e1 = await rejection(runCommand('okChat.addChat', { chatId: 'not-a-chat' }));
    assert.equal(e1.message, format(bundle?.[notAnId] ?? notAnId, 'not-a-chat'));
    // The request builders live in dist/core.js, loaded on first use with its own translator.
    const emptyTitle = 'The chat title is empty. Type a new title.';
    const e2 = await rejection(runCommand('okChat.renameChat', { chatId: 'chat:C3ecb9d02a600', title: ' ' }));
    assert.equal(e2.message, bundle?.[emptyTitle] ?? emptyTitle);
  });

  it('the walkthrough is contributed in the display language and opens', async () => {
    const pj = ext.packageJSON as {
      contributes: { walkthroughs?: Array<{ id: string; title: string; steps: Array<{ id: string; title: string; media: { markdown?: string } }> }> };
    };
    const walkthrough = pj.contributes.walkthroughs?.find((w) => w.id === 'okChat.start');
    assert.ok(walkthrough, 'walkthrough okChat.start is not contributed');
    assert.equal(walkthrough.title, nls['walkthrough.start.title']);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['getToken', 'setToken', 'addChat', 'sendSelection', 'buildNotifications'],
    );
    for (const step of walkthrough.steps) {
      assert.equal(step.title, nls[`walkthrough.start.${step.id}.title`]);
      // the markdown page of the display language (its path is localised through package.nls too)
      assert.equal(step.media.markdown, nls[`walkthrough.start.${step.id}.media`]);
      const page = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, step.media.markdown ?? ''));
      assert.ok(page.size > 100, `${step.media.markdown} is empty`);
    }
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#okChat.start`, false);
    // The Welcome editor (not a text editor, so its tab has no input the API can describe) is active now.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab, 'no editor opened for the walkthrough');
    assert.equal(tab.input, undefined, `the active tab is ${tab.label}, not the walkthrough`);
    await vscode.window.tabGroups.close(tab);
  });
});

describe('l10n of the Chats view and the status bar', () => {
  const ok = useFakeOk();
  let bundle: Strings | undefined;
  let language: string;
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    language = vscode.env.language.toLowerCase();
    bundle = language.startsWith('en') ? undefined : await readJson(ext, `l10n/bundle.l10n.${language}.json`);
  });
  const tr = (message: string, ...args: string[]) => format(bundle?.[message] ?? message, ...args);

  it('chat rows: members and last activity in the display language', async () => {
    await runCommand('okChat.addChat', { chatId: CHAT });
    const node = ok.api.tree.getChildren().find((n) => (n as { chatId?: string }).chatId === CHAT);
    assert.ok(node);
    const item = ok.api.tree.resolveTreeItem(node, node); // the tooltip, as on hover
    const description = String(item.description);
    // the count in the plural form of the display language ("3 members", "3 участника")
    const members = countText(3, tr('{0} member|{0} members', '3'), language);
    assert.ok(description.startsWith(`${members} · `), description);
    assert.match(members, language === 'ru' ? /^3 участника$/ : /^3 members$/);
    // the relative time is Intl's, in the display language ("2 years ago", "2 года назад")
    const when = description.split(' · ')[1] ?? '';
    assert.match(when, language === 'ru' ? /^[\dа-яё ]+$/i : /^[\da-z ]+$/i, `"${when}" is not in ${language}`);
    const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : '';
    assert.ok(tip.includes(`\n\n${members}\n\n`), tip);
  });

  it('the status bar item: sent, with the time as the display language writes it', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    ok.api.setBuildDebounce(150);
    try {
      reportBuildEnd(ok.api)({ kind: 'task', name: 'l10n-build', group: 'build', exitCode: 0, durationMs: 1000 });
      // the item may still say "sent" from an earlier test: wait for this build's message
      await waitFor(() => ok.server.messages.some((m) => (m.text ?? '').includes('l10n-build')), 'the notification to reach OK', 8000);
      const sent = await waitFor(() => (ok.api.buildStatus().tooltip.includes('l10n-build') ? ok.api.buildStatus() : undefined), 'the item to say sent', 8000);
      const at = /(\d{1,2}:\d{2}(?:\s?[AP]M)?)$/.exec(sent.text)?.[1] ?? '';
      assert.equal(sent.text, `$(check) ${tr('OK Chat: sent {0}', at)}`);
      if (language === 'ru') assert.match(at, /^\d{1,2}:\d{2}$/, 'Russian writes 24-hour time (no AM/PM; 0:05 after midnight)');
      assert.equal(sent.label, tr('OK Chat build notifications: sent'));
    } finally {
      ok.api.setBuildDebounce(undefined);
      await setUserSetting('buildNotifications', undefined);
    }
  });
});
