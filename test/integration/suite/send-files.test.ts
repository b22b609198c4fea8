import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, outboxIdOf, promptShown, rejection, run, runCommand, useFakeOk, workspaceDir } from './extensionSetup';

function writeFile(name: string, data: Uint8Array | string): vscode.Uri {
  const file = path.join(workspaceDir(), 'upload-fixtures', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return vscode.Uri.file(file);
}

describe('sending files from disk', function () {
  this.timeout(30000);
  const ok = useFakeOk();

  it('sendFile uploads a binary file and sends it as an attachment', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
    const uri = writeFile('diagram.png', png);
    const res = await runCommand('okChat.sendFile', { chatId: CHAT, uri });
    assert.equal(res.messageIds.length, 1);
    const [action, ask, upload, send] = ok.server.requests;
    assert.equal(action.rawBody, `{"recipient":{"chat_id":"${CHAT}"},"sender_action":"sending_photo"}`);
    assert.equal(`${ask.method} ${ask.path}?type=${ask.query.type}`, 'GET /graph/me/fileUploadUrl?type=IMAGE');
    assert.equal(upload.query.access_token, undefined, 'the token went to the upload server');
    const stored = [...ok.server.uploads.values()][0] as { size?: number; filename?: string };
    assert.equal(stored.size, png.length);
    assert.equal(stored.filename, 'diagram.png');
    const token = [...ok.server.uploads.keys()][0];
    assert.equal(send.rawBody, `{"recipient":{"chat_id":"${CHAT}"},"message":{"text":"diagram.png","attachment":{"type":"IMAGE","payload":{"token":"${token}"}}}}`);
  });

  it('sendFileAsAttachment sends a text file as a file, with a caption', async () => {
    const uri = writeFile('notes.txt', 'первая строка\nsecond line\n');
    await runCommand('okChat.sendFileAsAttachment', { chatId: CHAT, uri, caption: 'Заметки' });
    const send = ok.server.requestsTo('POST', `/me/messages/${CHAT}`)[0];
    const body = JSON.parse(send.rawBody) as { message: { text: string; attachment: { type: string } } };
    assert.equal(body.message.text, 'Заметки');
    assert.equal(body.message.attachment.type, 'FILE');
  });

  it('from the explorer (the clicked file and the selection, no argument object) each command asks for the chat and sends as it says', async () => {
    await runCommand('okChat.addChat', { chatId: CHAT, title: 'Backend' });
    const uri = writeFile('explorer.txt', 'из проводника\n');
    const posted = (): Array<{ text?: string; attachment?: { type: string } }> =>
      ok.server.requestsTo('POST', `/me/messages/${CHAT}`).map((r) => (JSON.parse(r.rawBody) as { message: { text?: string; attachment?: { type: string } } }).message);
    for (const command of ['okChat.sendFileAsAttachment', 'okChat.sendFile']) {
      const from = ok.api.promptsShown().length;
      const sending = run(command, uri, [uri]); // what explorer/context passes
      await promptShown(ok.api, /^Send (explorer\.txt )?to which chat\?$/, from); // the chat picker: take the only saved chat
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(((await sending) as { sent?: number } | undefined)?.sent, 1, `${command} did not send`);
    }
    const [asFile, asSnippet] = posted();
    assert.equal(asFile?.attachment?.type, 'FILE', 'Send File as Attachment sent the text file as a snippet');
    assert.equal(asSnippet?.attachment, undefined, 'Send File sent a text file as an attachment');
    assert.match(asSnippet?.text ?? '', /explorer\.txt[\s\S]*из проводника/);
  });

  it('refuses an empty file without contacting OK', async () => {
    const uri = writeFile('empty.bin', new Uint8Array());
    const e = await rejection(runCommand('okChat.sendFileAsAttachment', { chatId: CHAT, uri }));
    assert.match(e.message, /empty/);
    assert.equal(ok.server.requests.length, 0);
  });

  it('a failed upload is kept in the outbox and a retry uploads and sends it once', async () => {
    const uri = writeFile('crash.dmp', new Uint8Array([0, 1, 0, 2, 0, 3]));
    ok.server.injectFault({ kind: 'status', status: 502 }, { method: 'POST', path: '/upload/' });
    const e = await rejection(runCommand('okChat.sendFile', { chatId: CHAT, uri }));
    const id = outboxIdOf(e);
    const [queued] = ok.api.outboxItems();
    assert.equal(queued.kind, 'file');
    assert.equal(queued.fileName, 'crash.dmp');
    assert.equal(ok.server.messages.length, 0);
    await runCommand('okChat.retrySend', { id });
    assert.equal(ok.server.messages.length, 1);
    assert.deepEqual(ok.api.outboxItems(), []);
  });
  it('several files OK refuses in one message go one per message; a Retry after a failure in the middle posts only the files OK did not take', async () => {
    ok.server.uploadBehaviour = { oneFilePerMessage: true };
    const uris = ['build.pdf', 'build.log', 'build.zip'].map((name, i) => writeFile(name, `file ${i}\n`));
    // OK refuses the third post (the second file alone): nothing of it was posted
    let posts = 0;
    ok.server.onRequest = (r) => {
      if (r.method === 'POST' && r.path.endsWith(`/me/messages/${CHAT}`) && ++posts === 3) ok.server.injectFault({ kind: 'ok-error', code: 10, msg: 'Not allowed right now' });
    };
    let id: string;
    try {
      id = outboxIdOf(await rejection(runCommand('okChat.sendFileAsAttachment', { chatId: CHAT, uris, caption: 'Логи сборки' })));
    } finally {
      ok.server.onRequest = undefined;
    }
    const [queued] = ok.api.outboxItems();
    assert.equal(queued.kind === 'file' ? queued.filesSent : 'not a file item', 1, 'the file OK took is recorded in the Outbox');
    assert.deepEqual(ok.server.messages.map((m) => m.text), ['Логи сборки']);
    await runCommand('okChat.retrySend', { id });
    assert.deepEqual(ok.server.messages.map((m) => m.text), ['Логи сборки', 'build.log', 'build.zip']);
    assert.equal(ok.server.uploadCount, 3, 'nothing uploaded again');
    assert.deepEqual(ok.api.outboxItems(), []);
  });
});
