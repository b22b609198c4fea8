// The conversation model: messages as lines a view shows, service events, snippets, replies, attachments.
import * as assert from 'node:assert/strict';
import { conversation, conversationLine, readSnippets, sentByGroup, snippetHeader, type MessageLine, type OkMessage, type SystemLine } from '../../src/core';

const ANNA = { name: 'Анна', user_id: 'user:100000000001' };
const BORIS = { name: 'Boris', user_id: 'user:100000000002' };
let n = 0;
const m = (sender: OkMessage['sender'], message: OkMessage['message'], extra: Partial<OkMessage> = {}): OkMessage => ({ sender, message: { mid: `mid:${++n}`, ...message }, timestamp: 1_735_700_000_000 + n, ...extra });
const notOurs = () => false;
const line = (msg: OkMessage, names = new Map([[BORIS.user_id, BORIS.name], [ANNA.user_id, ANNA.name]])) => conversationLine(msg, { isOurs: notOurs, names });
const system = (text: string, sender = ANNA) => {
  const l = line(m(sender, { text }));
  assert.equal(l.kind, 'system', JSON.stringify(l));
  return l;
};

describe('conversation model', () => {
  describe('service events (JSON in the text)', () => {
    it('USERS_ADDED names the members added, by the names known', () => {
      assert.equal(system('{"ai":100000000001,"pa":[100000000002],"ty":"USERS_ADDED"}').text, 'Анна added Boris');
      assert.equal(system('{"ai":100000000001,"pa":[100000000002,573046260078],"ty":"USERS_ADDED"}').text, 'Анна added Boris, user:573046260078');
    });
    it('title changed, chat created, icon changed, joined by link, removed, left', () => {
      const title = system('{"ai":100000000001,"tn":"WoG Log","ty":"THEME_CHANGED"}');
      assert.equal(title.text, 'Анна changed the title to "WoG Log"');
      assert.equal(title.event, 'THEME_CHANGED');
      assert.equal(system('{"ai":100000000001,"pa":[100000000002],"ty":"CHAT_CREATED"}').text, 'Анна created the chat');
      assert.equal(system('{"ai":100000000001,"ci":{"id":871613984757,"sw":640,"sh":640},"ty":"ICON_CHANGED"}').text, 'Анна changed the chat icon');
      assert.equal(system('{"ui":100000000002,"ty":"JOIN_BY_LINK"}', BORIS).text, 'Boris joined by the link');
      assert.equal(system('{"ai":100000000001,"ui":100000000002,"ty":"USER_REMOVED"}').text, 'Анна removed Boris');
      assert.equal(system('{"ui":100000000002,"ty":"USER_LEFT"}', BORIS).text, 'Boris left the chat');
    });
    it('an actor not known by name falls back to the sender, then to the id', () => {
      const l = conversationLine(m({ name: 'Vlady X', user_id: 'user:562187610613' }, { text: '{"ai":562187610613,"pa":[999],"ty":"USERS_ADDED"}' }), { isOurs: notOurs });
      assert.equal((l as SystemLine).text, 'Vlady X added user:999');
    });
    it('unknown or broken JSON, and events missing their data, are plain text', () => {
      for (const text of ['{"ty":"SOMETHING_NEW","x":1}', '{"ty":"USERS_ADDED"}', '{"ty":"THEME_CHANGED"}', '{"ty":', '{"no":"type"}', '{}', '[1]']) {
        const l = line(m(BORIS, { text }));
        assert.equal(l.kind, 'message', text);
        assert.equal((l).text, text);
      }
    });
  });

  describe('messages', () => {
    it('sender, time, text as is (markup too), edited, ours by the caller', () => {
      const msg = m(BORIS, { text: '<img src=x onerror=alert(1)>' }, { edited: true });
      const l = conversationLine(msg, { isOurs: (x) => x === msg }) as MessageLine;
      assert.deepEqual([l.kind, l.sender, l.senderId, l.text, l.edited, l.ours, l.time.getTime()], ['message', 'Boris', BORIS.user_id, '<img src=x onerror=alert(1)>', true, true, msg.timestamp]);
      assert.equal((line(m(BORIS, { text: 'x' })) as MessageLine).edited, false);
      assert.equal((line(m(undefined, { text: 'x' })) as MessageLine).sender, 'Unknown sender');
    });
    it('ours: sentByGroup takes the group as /me/info names it, prefixed or bare', () => {
      const ours = sentByGroup('group:57000000000001');
      assert.equal(ours(m({ name: 'G', user_id: 'group:57000000000001' }, { text: 'x' })), true);
      assert.equal(ours(m({ name: 'G', user_id: '57000000000001' }, { text: 'x' })), true);
      assert.equal(ours(m({ name: 'G', user_id: 'group:57000000000002' }, { text: 'x' })), false);
      assert.equal(ours(m(ANNA, { text: 'x' })), false);
      assert.equal(ours(m(undefined, { text: 'x' })), false);
    });
    it('attachments: image, file with its name, other kinds, keyboard buttons; text missing', () => {
      const l = line(
        m(ANNA, {
          attachments: [
            { type: 'IMAGE', payload: { url: 'https://i.mycdn.me/image?id=1' } },
            { type: 'FILE', payload: { url: 'https://example.com/r.pdf', name: 'r.pdf' } },
            { type: 'VIDEO', payload: {} },
            'nonsense',
            { type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: [[{ type: 'LINK', text: 'Open', url: 'https://ci/1' }]] } } },
          ],
        }),
      ) as MessageLine;
      assert.equal(l.text, '');
      assert.deepEqual(l.attachments, [
        { kind: 'image', type: 'IMAGE', url: 'https://i.mycdn.me/image?id=1' },
        { kind: 'file', type: 'FILE', url: 'https://example.com/r.pdf', name: 'r.pdf' },
        { kind: 'other', type: 'VIDEO' },
      ]);
      assert.deepEqual(l.buttons, [{ text: 'Open', url: 'https://ci/1' }]);
    });
    it('replies: by id (resolved among the messages) or quoted', () => {
      const q = m(BORIS, { text: 'Готово?\nвторая строка' });
      const a = m(ANNA, { text: 'Да', reply_to: q.message.mid });
      const lost = m(ANNA, { text: 'x', reply_to: 'mid:gone' });
      const quoted = m(ANNA, { text: 'y', reply_to: { message_id: 'mid:7', text: 'quoted', sender: { name: 'Vera' } } });
      const lines = conversation([quoted, lost, a, q], notOurs) as MessageLine[];
      assert.deepEqual(lines.map((l) => l.text), ['Готово?\nвторая строка', 'Да', 'x', 'y']);
      assert.deepEqual(lines[1].reply, { id: q.message.mid, sender: 'Boris', text: 'Готово?\nвторая строка' });
      assert.deepEqual(lines[2].reply, { id: 'mid:gone' });
      assert.deepEqual(lines[3].reply, { id: 'mid:7', sender: 'Vera', text: 'quoted' });
    });
    it('oldest first; the same millisecond ordered by seq as a number of any length', () => {
      const late = m(ANNA, { text: 'b', seq: '10000000000000000000' }, { timestamp: 5 });
      const early = m(ANNA, { text: 'a', seq: '9999999999999999999' }, { timestamp: 5 });
      assert.deepEqual(conversation([late, early, m(ANNA, { text: 'first' }, { timestamp: 1 })], notOurs).map((l) => (l as MessageLine).text), ['first', 'a', 'b']);
    });
  });

  describe('snippets sent by OK Chat', () => {
    it('reads back what snippetHeader wrote: Cyrillic path, a range, the link line', () => {
      const head = snippetHeader({ path: 'src/сервер/main.ts', startLine: 12, endLine: 13, language: 'typescript', link: 'https://git/x#L12-L13' }, '{path}:{lines} ({language})\n{link}');
      const l = line(m(ANNA, { text: `${head}\nconst a = 1;\nlisten(a);` })) as MessageLine;
      assert.deepEqual(l.snippets, [{ path: 'src/сервер/main.ts', startLine: 12, endLine: 13, language: 'typescript', link: 'https://git/x#L12-L13', code: 'const a = 1;\nlisten(a);' }]);
    });
    it('a single line, a path with spaces and colons, and two snippets in one message', () => {
      assert.deepEqual(readSnippets('a b/c:d.py:7 (python)\nprint(1)'), [{ path: 'a b/c:d.py', startLine: 7, endLine: 7, language: 'python', code: 'print(1)' }]);
      const two = readSnippets('a.ts:1-3 (typescript)\nx\n\ny\n\nb.ts:5 (typescript)\nz');
      assert.deepEqual(two?.map((s) => [s.path, s.code]), [['a.ts', 'x\n\ny'], ['b.ts', 'z']]);
    });
    it('text that only looks like a header is not a snippet', () => {
      for (const text of ['a.ts:3 (typescript)', 'a.ts:3 (typescript)\n   ', 'a.ts:7-3 (ts)\nx', 'see a.ts:3 (typescript) here\nx', 'a.ts:0 (ts)\nx', 'Привет']) {
        assert.equal(readSnippets(text), undefined, text);
      }
      assert.equal((line(m(ANNA, { text: 'a.ts:3 (typescript)' })) as MessageLine).snippets, undefined);
    });
  });
});
