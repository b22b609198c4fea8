// Link buttons (OK's inline keyboard) on a text message: the body, the label cut, and what is refused before sending.
import * as assert from 'node:assert/strict';
import { InputError, KeyboardAttachmentSchema, SendMessageBodySchema, requests } from '../../src/core';
import { linesInMessages, withLinks } from '../../src/core/messages/messageText';

const chat = 'chat:C3ecb9d02a600';
const messageOf = (req: { body?: unknown }) => (req.body as { message: Record<string, unknown> }).message;

describe('link buttons', () => {
  it('a text message with buttons carries one INLINE_KEYBOARD attachment, a row per button', () => {
    const req = requests.sendText(chat, 'Build failed', {
      buttons: [
        { text: 'Open CI run', url: 'https://ci.example.com/runs/5', intent: 'NEGATIVE' },
        { text: 'Open commit', url: 'http://git.example.com/c/1' },
      ],
    });
    assert.deepEqual(req.body, {
      recipient: { chat_id: chat },
      message: {
        text: 'Build failed',
        attachment: {
          type: 'INLINE_KEYBOARD',
          payload: {
            keyboard: {
              buttons: [
                [{ type: 'LINK', text: 'Open CI run', url: 'https://ci.example.com/runs/5', intent: 'NEGATIVE' }],
                [{ type: 'LINK', text: 'Open commit', url: 'http://git.example.com/c/1', intent: 'DEFAULT' }],
              ],
            },
          },
        },
      },
    });
    assert.equal(SendMessageBodySchema.safeParse(req.body).success, true);
  });

  it('without buttons (or with none) the body is exactly as before', () => {
    for (const options of [undefined, {}, { buttons: [] }]) {
      assert.deepEqual(requests.sendText(chat, 'hi', options).body, { recipient: { chat_id: chat }, message: { text: 'hi' } });
    }
    assert.deepEqual(messageOf(requests.sendText(chat, 'x', { replyTo: 'mid:C1.2', buttons: [] })), { text: 'x', reply_to: 'mid:C1.2' });
  });

  it('a long label is cut to 42 characters with an ellipsis (characters, not UTF-16 units)', () => {
    assert.equal(requests.buttonLabel('x'.repeat(42)), 'x'.repeat(42));
    const cut = requests.buttonLabel('🚀'.repeat(50));
    assert.equal([...cut].length, 42);
    assert.equal(cut, `${'🚀'.repeat(41)}…`);
    assert.equal(requests.buttonLabel('  Open\n the   run  '), 'Open the run');
    const req = requests.sendText(chat, 'x', { buttons: [{ text: 'Open the pull request that fixes the flaky integration test', url: 'https://x.org/pr/1' }] });
    const button = (messageOf(req).attachment as { payload: { keyboard: { buttons: Array<Array<{ text: string }>> } } }).payload.keyboard.buttons[0][0];
    assert.equal(button.text, 'Open the pull request that fixes the flak…');
    assert.equal([...button.text].length, 42);
  });

  for (const url of ['javascript:alert(1)', 'ftp://x.org/log', 'file:///etc/passwd', '/relative/path', 'https://', 'not a url', '']) {
    it(`a button to ${JSON.stringify(url)} is refused before anything is sent`, () => {
      assert.throws(() => requests.sendText(chat, 'x', { buttons: [{ text: 'Open', url }] }), (e: unknown) => e instanceof InputError && /http\(s\)/.test(e.message));
    });
  }

  it('a button without a label, and more than 100 buttons, are refused', () => {
    assert.throws(() => requests.sendText(chat, 'x', { buttons: [{ text: '  ', url: 'https://x.org' }] }), InputError);
    const many = Array.from({ length: 101 }, (_, i) => ({ text: `b${i}`, url: `https://x.org/${i}` }));
    assert.throws(() => requests.sendText(chat, 'x', { buttons: many }), /Too many buttons: 101, at most 100/);
    assert.doesNotThrow(() => requests.sendText(chat, 'x', { buttons: many.slice(0, 100) }));
  });

  it('the body schema refuses a malformed keyboard, and a keyboard without text', () => {
    const keyboard = (button: Record<string, unknown>) => ({ type: 'INLINE_KEYBOARD', payload: { keyboard: { buttons: [[button]] } } });
    const good = { type: 'LINK', text: 'Open', url: 'https://x.org', intent: 'DEFAULT' };
    assert.equal(KeyboardAttachmentSchema.safeParse(keyboard(good)).success, true);
    for (const bad of [
      { ...good, type: 'CALLBACK' },
      { ...good, intent: 'LOUD' },
      { ...good, text: 'x'.repeat(43) },
      { ...good, url: 'ftp://x.org' },
      { ...good, extra: 1 },
    ]) {
      assert.equal(KeyboardAttachmentSchema.safeParse(keyboard(bad)).success, false, JSON.stringify(bad));
    }
    const body = (message: unknown) => ({ recipient: { chat_id: chat }, message });
    assert.equal(SendMessageBodySchema.safeParse(body({ text: 'x', attachment: keyboard(good) })).success, true);
    assert.equal(SendMessageBodySchema.safeParse(body({ attachment: keyboard(good) })).success, false);
    assert.equal(SendMessageBodySchema.safeParse(body({ text: 'x', attachments: [keyboard(good), keyboard(good)] })).success, false);
  });
});

describe('links as text (when OK refuses the buttons)', () => {
  it('adds each link once, after the text, skipping links the text already has', () => {
    const buttons = [
      { text: 'Open CI run', url: 'https://ci.example.com/runs/5' },
      { text: 'Open commit', url: 'https://git.example.com/c/1' },
      { text: 'Again', url: 'https://git.example.com/c/1' },
      { text: 'Open pull request', url: 'https://git.example.com/pr/2' },
    ];
    assert.equal(withLinks('Build failed\nhttps://ci.example.com/runs/5', buttons.map((b) => b.url)), 'Build failed\nhttps://ci.example.com/runs/5\nhttps://git.example.com/c/1\nhttps://git.example.com/pr/2');
    assert.equal(withLinks('all there: https://ci.example.com/runs/5 https://git.example.com/c/1 https://git.example.com/pr/2', buttons.map((b) => b.url)), 'all there: https://ci.example.com/runs/5 https://git.example.com/c/1 https://git.example.com/pr/2');
  });

  it('links as messages of their own: as many per message as fit, a link cut only when it is longer than a message', () => {
    const a = 'https://a.example/' + 'a'.repeat(12); // 30
    const b = 'https://b.example/' + 'b'.repeat(12); // 30
    assert.deepEqual(linesInMessages([a, b], 61), [`${a}\n${b}`]);
    assert.deepEqual(linesInMessages([a, b], 60), [a, b]);
    const long = 'https://c.example/' + 'c'.repeat(52); // 70
    const cut = linesInMessages([a, long], 40);
    assert.deepEqual(cut, [a, long.slice(0, 40), long.slice(40)]);
    for (const m of cut) assert.ok(m.length <= 40);
  });
});
