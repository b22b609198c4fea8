import * as assert from 'node:assert/strict';
import type { FromPage } from '../../src/webview/conversation/conversationProtocol';
import { describe, it } from 'mocha';
import { pageMessage } from '../../src/core/pages/conversationMessages';
import { previewMessage } from '../../src/core/pages/previewMessages';
import { messageTypeOf } from '../../src/core/pages/acceptPageMessage';

function recorder() {
  const warnings: string[] = [];
  return { warnings, log: { warn: (m: string) => warnings.push(m) } };
}

describe('webview pages: what a page posts is checked before the panel acts on it', () => {
  it('the conversation page\'s own messages pass as they are', () => {
    const { warnings, log } = recorder();
    // One of each type the page can post (FromPage): a type added to the page without a sample here does not compile.
    const samples: { [K in FromPage['type']]: Array<Extract<FromPage, { type: K }>> } = {
      ready: [{ type: 'ready' }],
      older: [{ type: 'older' }],
      attach: [{ type: 'attach' }],
      send: [{ type: 'send', localId: 'local-1', text: 'Привет', replyTo: 'mid.1' }],
      sendFile: [
        { type: 'sendFile', localId: 'local-2', name: 'a.png', data: new Uint8Array([1, 2]), caption: 'подпись' },
        { type: 'sendFile', localId: 'local-3', name: 'notes.txt', uri: 'file:///ws/notes.txt' },
      ],
      retry: [{ type: 'retry', localId: 'local-1', outboxId: 'o1' }],
      openLink: [{ type: 'openLink', url: 'https://example.com' }],
      openSnippet: [{ type: 'openSnippet', path: 'src/a.ts', startLine: 1, endLine: 3 }],
      noticeAction: [{ type: 'noticeAction', action: 'setToken' }, { type: 'noticeAction', action: 'showLog' }],
    };
    const messages: FromPage[] = Object.values(samples).flat();
    for (const m of messages) assert.deepEqual(pageMessage(m, log), m, m.type);
    assert.deepEqual(warnings, []);
  });

  it('an unknown or malformed conversation message is ignored and logged by its type only, never its text', () => {
    const { warnings, log } = recorder();
    assert.equal(pageMessage({ type: 'uploadAnything', path: '/home/u/.ssh/id_rsa' }, log), undefined);
    assert.equal(pageMessage({ type: 'send', localId: 'l', text: 42, secret: 'секрет' }, log), undefined);
    assert.equal(pageMessage({ type: 'openSnippet', path: 'a.ts', startLine: 0, endLine: 'x' }, log), undefined);
    assert.equal(pageMessage({ type: 'sendFile', localId: 'l', name: 'x', data: 'секретный текст как строка' }, log), undefined);
    assert.equal(pageMessage('секретная строка', log), undefined);
    assert.equal(pageMessage({ type: 'тип с секретом внутри' }, log), undefined);
    assert.equal(warnings.length, 6);
    assert.match(warnings[0], /^conversation: ignored .*\(type uploadAnything\)$/);
    assert.match(warnings[1], /\(type send\)$/);
    assert.match(warnings[4], /\(type \(string\)\)$/);
    assert.match(warnings[5], /\(type \(a type that is not a name\)\)$/);
    for (const w of warnings) assert.doesNotMatch(w, /секрет|id_rsa|42/);
  });

  it('the snippet image preview\'s messages: its own pass; others are ignored and logged', () => {
    const { warnings, log } = recorder();
    for (const m of [{ type: 'ready' }, { type: 'pasted', colours: true }, { type: 'rendered', png: 'iVBORw0KGgo=', width: 10, height: 4, lineNumbers: false }, { type: 'send', png: 'iVBORw0KGgo=' }, { type: 'cancel' }]) {
      assert.deepEqual(previewMessage(m, log), m, m.type);
    }
    assert.deepEqual(warnings, []);
    assert.equal(previewMessage({ type: 'send', png: '<секрет>' }, log), undefined);
    assert.equal(previewMessage({ type: 'openLink', url: 'https://evil.example' }, log), undefined);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /^snippet image preview: ignored .*\(type send\)$/);
    assert.match(warnings[1], /\(type openLink\)$/);
  });

  it('messageTypeOf names what has no type', () => {
    assert.equal(messageTypeOf(null), '(null)');
    assert.equal(messageTypeOf(undefined), '(undefined)');
    assert.equal(messageTypeOf({}), '(no type)');
    assert.equal(messageTypeOf({ type: 'x'.repeat(41) }), '(a type that is not a name)');
  });
});
