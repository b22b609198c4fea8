import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { requests } from '../../src/core';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/graph.user.messages.md');
const SHARED = path.join(ROOT, '../shared/seed/graph.user.messages.md');

/** The JSON examples of the seed document, comments removed, in document order. */
function seedExamples(markdown: string): unknown[] {
  const blocks = [...markdown.matchAll(/\{% highlight json %\}([\s\S]*?)\{% endhighlight %\}/g)].map((m) => m[1]);
  return blocks.map((block) => JSON.parse(block.replace(/\/\*[\s\S]*?\*\//g, '')) as unknown);
}

describe('seed document examples', () => {
  const markdown = readFileSync(FIXTURE, 'utf8');
  const examples = seedExamples(markdown);

  it('the committed copy matches the seed document when it is available', function () {
    if (!existsSync(SHARED)) this.skip();
    assert.equal(markdown, readFileSync(SHARED, 'utf8'));
  });

  it('has the ten examples this test maps to builders', () => {
    assert.equal(examples.length, 10);
  });

  // Each builder call, in the order of the examples in the document.
  const chat = 'chat:C3ecb9d02a600';
  const builders: Array<[string, () => { body?: unknown; method: string; path: string }]> = [
    ['rename', () => requests.renameChat(chat, 'This is our chat now')],
    ['icon', () => requests.setChatIcon(chat, 'https://and.su/tamtam/icon128.png')],
    ['add members', () => requests.addMembers(chat, ['user:123456789012', 'user:123456789021'])],
    ['remove member', () => requests.removeMember(chat, 'user:123456789012')],
    ['leave', () => requests.leaveChat(chat)],
    ['text', () => requests.sendText(chat, 'Hello')],
    ['image', () => requests.sendImageUrl(chat, 'https://st.mycdn.me/res/i/ok_logo.png')],
    ['mark seen', () => requests.markSeen(chat)],
    ['direct message', () => requests.sendToUsers(['user:123456789012', '210987654321'], 'Hello')],
  ];

  builders.forEach(([name, build], i) => {
    it(`builds the "${name}" example byte for byte`, () => {
      const req = build();
      assert.equal(JSON.stringify(req.body), JSON.stringify(examples[i]));
      assert.equal(req.method, 'POST');
      assert.equal(req.path, name === 'direct message' ? '/me/messages' : `/me/messages/${chat}`);
    });
  });

  it('parses the documented direct-message response', () => {
    const req = requests.sendToUsers(['user:1'], 'x');
    assert.deepEqual(req.responseSchema.parse(examples[9]), { success: [false, false] });
  });
});
