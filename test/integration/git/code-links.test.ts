import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, logLine, okChatApi, runCommand, runTask, setUserSetting, useFakeOk, waitFor, workspaceDir } from '../suite/extensionSetup';
import { git, makeRepository, openInGit, pushed } from './gitWorkspace';

const CODE = 'def add(a, b):\n    return a + b\n\n\nanswer = add(40, 2)\n';
interface Posted {
  text?: string;
  attachment?: { type: string; payload: { keyboard: { buttons: Array<Array<{ text: string; url: string; intent: string }>> } } };
}

let githubCommit = '';
let gitlabCommit = '';
const root = () => workspaceDir();
const gitlabDir = () => path.join(root(), 'services', 'billing');

/** Selects lines `from`–`to` (1-based) of a file of the workspace. */
async function select(file: string, from: number, to: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
  editor.selection = new vscode.Selection(from - 1, 0, to, 0);
  return editor;
}

describe('links to code and commits (a GitHub-like and a self-hosted GitLab-like repository)', function () {
  this.timeout(60_000);
  const ok = useFakeOk();
  // messages only (an image send first shows "sending a photo")
  const posted = (): Posted[] =>
    ok.server
      .requestsTo('POST', `/me/messages/${CHAT}`)
      .map((r) => (JSON.parse(r.rawBody) as { message?: Posted }).message)
      .filter((m): m is Posted => m !== undefined);

  before(async () => {
    // the workspace folder itself: GitHub; a repository inside it: a GitLab server known by the user's map
    githubCommit = makeRepository(root(), 'git@github.com:octo/payments.git', { 'src/math.py': CODE, '.gitignore': 'services/\n' });
    gitlabCommit = makeRepository(gitlabDir(), 'ssh://git@git.example.com:2222/team/billing.git', { 'lib/invoice.py': CODE });
    await openInGit(root(), githubCommit);
    await openInGit(gitlabDir(), gitlabCommit);
  });

  beforeEach(async () => {
    await setUserSetting('gitHosts', { 'git.example.com': 'gitlab' });
    await setUserSetting('snippetLinks', undefined);
    await setUserSetting('linkButtons', undefined);
    (await okChatApi()).forgetKeyboardRefusal();
  });

  it('a snippet from the GitHub repository carries a button to those lines at the pushed commit', async () => {
    await select(path.join(root(), 'src', 'math.py'), 1, 3);
    const res = await runCommand('okChat.sendSelection', { chatId: CHAT });
    assert.equal(res.sent, 1);
    const [message] = posted();
    assert.equal(message.text, `src/math.py:1-3 (python)\n${CODE.split('\n').slice(0, 3).join('\n')}\n`);
    assert.deepEqual(message.attachment?.payload.keyboard.buttons, [
      [{ type: 'LINK', text: 'Open in GitHub', url: `https://github.com/octo/payments/blob/${githubCommit}/src/math.py#L1-L3`, intent: 'DEFAULT' }],
    ]);
  });

  it('a snippet from the self-hosted GitLab repository links there, and {link} {commit} {branch} fill the header', async () => {
    await setUserSetting('snippetHeader', '{path}:{lines} on {branch} @ {commit}\n{link}');
    await select(path.join(gitlabDir(), 'lib', 'invoice.py'), 5, 5);
    await runCommand('okChat.sendSelection', { chatId: CHAT });
    const url = `https://git.example.com/team/billing/-/blob/${gitlabCommit}/lib/invoice.py#L5`;
    const [message] = posted();
    assert.equal(message.text, `services/billing/lib/invoice.py:5 on main @ ${gitlabCommit.slice(0, 7)}\n${url}\nanswer = add(40, 2)\n`);
    assert.equal(message.attachment?.payload.keyboard.buttons[0][0].url, url);
    assert.equal(message.attachment?.payload.keyboard.buttons[0][0].text, 'Open in GitLab');
  });

  it('with link buttons off the link goes as a line under the header', async () => {
    await setUserSetting('linkButtons', false);
    await select(path.join(root(), 'src', 'math.py'), 2, 2);
    await runCommand('okChat.sendSelection', { chatId: CHAT });
    const [message] = posted();
    assert.equal(message.attachment, undefined);
    assert.equal(message.text, `src/math.py:2 (python)\nhttps://github.com/octo/payments/blob/${githubCommit}/src/math.py#L2\n    return a + b\n`);
  });

  it('Copy Link to Lines copies the same link; an unpushed commit is linked on its branch, or not at all by the setting', async () => {
    await select(path.join(gitlabDir(), 'lib', 'invoice.py'), 1, 3);
    const copied = await runCommand('okChat.copyLinkToLines', {});
    assert.deepEqual(copied, { url: `https://git.example.com/team/billing/-/blob/${gitlabCommit}/lib/invoice.py#L1-3`, onBranch: false });
    assert.equal(await vscode.env.clipboard.readText(), copied.url);
    // a local commit that is not pushed: the lines on the branch, said so on the button
    fs.appendFileSync(path.join(gitlabDir(), 'lib', 'invoice.py'), 'more = 1\n');
    git(gitlabDir(), 'commit', '-q', '-am', 'local');
    const local = git(gitlabDir(), 'rev-parse', 'HEAD');
    try {
      await openInGit(gitlabDir(), local, 1);
      await select(path.join(gitlabDir(), 'lib', 'invoice.py'), 1, 3);
      assert.deepEqual(await runCommand('okChat.copyLinkToLines', {}), { url: 'https://git.example.com/team/billing/-/blob/main/lib/invoice.py#L1-3', onBranch: true });
      await runCommand('okChat.sendSelection', { chatId: CHAT });
      assert.deepEqual(posted()[0].attachment?.payload.keyboard.buttons[0][0], { type: 'LINK', text: 'Open main in GitLab', url: 'https://git.example.com/team/billing/-/blob/main/lib/invoice.py#L1-3', intent: 'DEFAULT' });
      await setUserSetting('snippetLinks', 'pushedCommit');
      await runCommand('okChat.sendSelection', { chatId: CHAT });
      assert.equal(posted()[1].attachment, undefined, 'no link to a commit that is not pushed');
    } finally {
      pushed(gitlabDir());
      await openInGit(gitlabDir(), local, 0);
      gitlabCommit = local;
    }
  });

  it('a host OK Chat does not know gives no link, and Copy Link to Lines says how to fix it', async () => {
    await setUserSetting('gitHosts', {});
    await select(path.join(gitlabDir(), 'lib', 'invoice.py'), 1, 1);
    await assert.rejects(runCommand('okChat.copyLinkToLines', {}), /git\.example\.com.*okChat\.gitHosts/);
    await runCommand('okChat.sendSelection', { chatId: CHAT });
    assert.equal(posted()[0].attachment, undefined);
  });

  it('Send Selection as Image puts the link to the lines under the caption', async () => {
    await select(path.join(root(), 'src', 'math.py'), 1, 2);
    const res = await runCommand('okChat.sendSelectionAsImage', { chatId: CHAT, confirm: true });
    assert.equal(res.sent, 1);
    const [message] = posted();
    assert.equal(message.text, `src/math.py:1-2 (python)\nhttps://github.com/octo/payments/blob/${githubCommit}/src/math.py#L1-L2`);
    assert.equal((message.attachment as { type?: string } | undefined)?.type, 'IMAGE');
  });

  it('a failed build posts its commit and an "Open commit" button', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'always' }]);
    ok.api.setBuildDebounce(150);
    try {
      await runTask('compile', 2);
      const message = await waitFor(() => posted()[0], 'the build notification', 20_000);
      const commitUrl = `https://github.com/octo/payments/commit/${githubCommit}`;
      assert.match(message.text ?? '', new RegExp(`commit ${githubCommit.slice(0, 7)}`));
      assert.deepEqual(message.attachment?.payload.keyboard.buttons, [[{ type: 'LINK', text: 'Open commit', url: commitUrl, intent: 'DEFAULT' }]]);
    } finally {
      ok.api.setBuildDebounce(undefined);
      await setUserSetting('buildNotifications', undefined);
    }
  });

  it('dmAuthor: a break tells the author of HEAD (in .ok-chat/people.json) directly, once, with the link buttons; the chat message names her', async () => {
    const ann = 'user:100000000001'; // allows messages from the group (seeded)
    const people = path.join(root(), '.ok-chat', 'people.json');
    fs.mkdirSync(path.dirname(people), { recursive: true });
    fs.writeFileSync(people, JSON.stringify({ 'ANN@example.com': ann, 'dependabot[bot]': 'user:100000000002' }));
    await setUserSetting('buildNotifications', [{ chat: CHAT, tasks: ['compile-dm'], when: 'always', dmAuthor: true }]);
    ok.api.setBuildDebounce(150);
    const ran = async (exitCode: number, count: number) => {
      await runTask('compile-dm', exitCode);
      return waitFor(() => posted()[count - 1], `build notification ${count}`, 20_000);
    };
    try {
      await ran(0, 1);
      const broken = await ran(2, 2);
      assert.match(broken.text ?? '', /is broken[^]*\nAnn, please take a look\n/);
      const [dm] = await waitFor(() => (ok.server.directMessagesTo(ann).length ? ok.server.directMessagesTo(ann) : undefined), 'the direct message', 20_000);
      // the same text and the same link button as the chat message (not the links as text lines)
      assert.equal(dm.text, broken.text);
      const button = { type: 'LINK', text: 'Open commit', url: `https://github.com/octo/payments/commit/${githubCommit}`, intent: 'DEFAULT' };
      assert.deepEqual(broken.attachment?.payload.keyboard.buttons, [[button]]);
      assert.deepEqual(dm.attachments, [{ type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: [[button]] } } }], 'the commit link as a button');
      const still = await ran(2, 3);
      assert.ok(!(still.text ?? '').includes('please take a look'));
      assert.equal(ok.server.directMessagesTo(ann).length, 1, 'still failing: no second direct message');
      assert.equal(ok.server.directMessagesTo('user:100000000002').length, 0);
    } finally {
      ok.api.setBuildDebounce(undefined);
      await setUserSetting('buildNotifications', undefined);
      fs.rmSync(path.dirname(people), { recursive: true, force: true });
    }
  });

  it('a failed task with a problem matcher posts its first errors, each linked to its line at the commit', async () => {
    await setUserSetting('buildNotifications', [{ chat: CHAT, when: 'failure', tasks: ['lint-*'] }]);
    ok.api.setBuildDebounce(150);
    try {
      const name = `lint-${Date.now().toString(36)}`;
      // what a compiler prints, read by the built-in "$go" matcher (file:line: message, relative to the folder): 7 errors, one said twice
      // (from a script: VS Code's line about the failed command would repeat a command line that says them)
      const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ok-chat-lint-')), 'lint.sh');
      const errors = [7, 1, 2, 3, 4, 5].map((line) => `src/math.py:${line}: undefined: x${line}`);
      fs.writeFileSync(script, [...errors, 'src/math.py:2: undefined: x2', 'services/billing/lib/invoice.py:1: bad import'].map((l) => `echo '${l}'`).join('\n'));
      await runTask(name, 2, vscode.TaskGroup.Build, { command: `sh ${script}`, problemMatchers: ['$go'] });
      // the duplicate counted once
      await logLine(ok.api, new RegExp(`build "${name}": 7 error\\(s\\) in its folder's diagnostics`), 'the errors read');
      const message = await waitFor(() => posted()[0], 'the build notification', 20_000);
      const text = message.text ?? '';
      // the diagnostics were listened to only while the task ran
      assert.equal(ok.api.buildWatch().diagnosticsListening, false);
      const link = (file: string, line: number) => `https://github.com/octo/payments/blob/${githubCommit}/${file}#L${line}`;
      // the first 5 by file and line, each with its permalink; the count says there are 7
      const lines = text.split('\n');
      const shown = lines.filter((l) => /undefined: x\d|bad import/.test(l));
      assert.equal(shown.length, 5, text);
      assert.ok(shown[0].includes('services/billing/lib/invoice.py:1: bad import'), text);
      // a file of the repository inside the folder links to its own host, like its snippets
      assert.ok(text.includes(`https://git.example.com/team/billing/-/blob/${gitlabCommit}/lib/invoice.py#L1`), text);
      for (const [i, line] of [1, 2, 3, 4].entries()) assert.ok(shown[i + 1].includes(`src/math.py:${line}: undefined: x${line}`), text);
      for (const line of [1, 2, 3, 4]) assert.ok(text.includes(link('src/math.py', line)), `no permalink to line ${line}: ${text}`);
      assert.ok(!text.includes('x5') && !text.includes('x7'), text);
      assert.match(text, /\b7\b/, `the count of errors: ${text}`);
    } finally {
      ok.api.setBuildDebounce(undefined);
      await setUserSetting('buildNotifications', undefined);
    }
  });
});

describe('links when OK refuses link buttons (the no-keyboards dialect)', function () {
  this.timeout(60_000);
  const ok = useFakeOk({ dialect: 'no-keyboards' });

  before(async () => {
    (await okChatApi()).forgetKeyboardRefusal();
    await setUserSetting('snippetHeader', undefined);
  });

  it('the same message arrives once, with the links as text, and the next send does not try buttons again', async () => {
    const before = ok.server.messages.length;
    await select(path.join(root(), 'src', 'math.py'), 1, 1);
    const res = await runCommand('okChat.sendSelection', { chatId: CHAT });
    assert.equal(res.sent, 1);
    assert.equal(ok.server.messages.length, before + 1, 'one message reached the chat');
    const url = `https://github.com/octo/payments/blob/${githubCommit}/src/math.py#L1`;
    assert.equal(ok.server.messages.at(-1)?.text, `src/math.py:1 (python)\n${CODE.split('\n')[0]}\n\n${url}`);
    const tries = ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length;
    assert.equal(tries, 2, 'one refused try with buttons, one with the links as text');
    await runCommand('okChat.sendSelection', { chatId: CHAT });
    assert.equal(ok.server.requestsTo('POST', `/me/messages/${CHAT}`).length, tries + 1, 'the refusal is remembered: no second try with buttons');
    assert.equal(ok.server.messages.length, before + 2);
  });
});
