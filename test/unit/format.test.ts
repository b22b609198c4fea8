import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_MESSAGE_LENGTH, InputError, fillTemplate, formatSnippet, snippetHeader, splitMessage } from '../../src/core';

const PART = /^\((\d+)\/(\d+)\) /;
const strip = (parts: string[]) => parts.map((p) => p.replace(PART, '')).join('');

describe('format', () => {
  describe('formatSnippet', () => {
    it('puts path, line range and language above the code, code untouched', () => {
      const msg = formatSnippet({ path: 'src/a.ts', startLine: 3, endLine: 7, language: 'typescript', code: '\tconst x = 1;\r\n' });
      assert.equal(msg, 'src/a.ts:3-7 (typescript)\n\tconst x = 1;\r\n');
    });
    it('shows a single line without a range', () => {
      assert.match(formatSnippet({ path: 'a.py', startLine: 4, endLine: 4, language: 'python', code: 'x' }), /^a\.py:4 \(python\)\n/);
    });
    it('follows a custom template', () => {
      const msg = formatSnippet({ path: 'a.go', startLine: 1, endLine: 2, language: 'go', code: 'x' }, '[{language}] {path} L{startLine}–{endLine} {oops}');
      assert.equal(msg, '[go] a.go L1–2 {oops}\nx');
    });
    it('refuses an empty selection', () => {
      assert.throws(() => formatSnippet({ path: 'a', startLine: 1, endLine: 1, language: 'x', code: ' \n\t' }), InputError);
    });
  });

  describe('fillTemplate', () => {
    it('replaces known variables only', () => assert.equal(fillTemplate('{a}-{b}-{c}', { a: 1, b: 'x' }), '1-x-{c}'));
  });

  describe('splitMessage', () => {
    it('returns short text as is', () => assert.deepEqual(splitMessage('Привет 👋'), ['Привет 👋']));
    it('uses 4000 as the default limit', () => {
      assert.equal(DEFAULT_MAX_MESSAGE_LENGTH, 4000);
      assert.equal(splitMessage('a'.repeat(4000)).length, 1);
      assert.equal(splitMessage('a'.repeat(4001)).length, 2);
    });
    it('refuses empty and whitespace-only text', () => {
      for (const text of ['', '   ', '\r\n\t']) assert.throws(() => splitMessage(text), /empty/);
    });
    it('splits on line boundaries into numbered parts within the limit', () => {
      const lines = Array.from({ length: 300 }, (_, i) => `line ${i} — строка ${i}`);
      const text = lines.join('\n');
      const parts = splitMessage(text, 500);
      assert.ok(parts.length > 1);
      parts.forEach((p, i) => {
        assert.ok(p.length <= 500, `part ${i} is ${p.length} long`);
        const m = PART.exec(p);
        assert.ok(m);
        assert.equal(Number(m[1]), i + 1);
        assert.equal(Number(m[2]), parts.length);
      });
      assert.equal(strip(parts), text);
      // every part but the last ends at a line end
      parts.slice(0, -1).forEach((p) => assert.ok(p.endsWith('\n')));
    });
    it('keeps CRLF pairs, tabs, Cyrillic and emoji intact', () => {
      const text = Array.from({ length: 200 }, (_, i) => `\tстрока ${i} 😀👨‍👩‍👧\r\n`).join('');
      const parts = splitMessage(text, 200);
      assert.equal(strip(parts), text);
      for (const p of parts) {
        const body = p.replace(PART, '');
        assert.ok(!body.startsWith('\n'), 'a part starts in the middle of CRLF');
        assert.ok(!/[\uD800-\uDBFF]$/.test(body) && !/^[\uDC00-\uDFFF]/.test(body), 'a surrogate pair was cut');
      }
    });
    it('cuts a very long line without breaking a surrogate pair', () => {
      const text = '😀'.repeat(1000); // 2000 UTF-16 units, no newline
      const parts = splitMessage(text, 101);
      assert.equal(strip(parts), text);
      for (const p of parts) {
        assert.ok(p.length <= 101);
        assert.ok(!/[\uD800-\uDBFF]$/.test(p));
      }
    });
    it('keeps numbering width right when parts reach two digits', () => {
      const parts = splitMessage('x\n'.repeat(700), 40);
      assert.ok(parts.length >= 10 && parts.length <= 50);
      assert.ok(parts.every((p) => p.length <= 40));
      assert.equal(strip(parts), 'x\n'.repeat(700));
    });
    it('refuses a limit too small to be useful', () => assert.throws(() => splitMessage('abc', 5), /at least 20/));
  });
});

describe('snippet headers with links', () => {
  const snippet = { path: 'src/a.ts', startLine: 3, endLine: 4, language: 'typescript' };
  it('fills {link}, {commit} (short) and {branch}', () => {
    const header = snippetHeader({ ...snippet, link: 'https://github.com/o/a/blob/x/src/a.ts#L3-L4', commit: '0123456789abcdef', branch: 'main' }, '{path}:{lines} @ {branch} {commit}\n{link}');
    assert.equal(header, 'src/a.ts:3-4 @ main 0123456\nhttps://github.com/o/a/blob/x/src/a.ts#L3-L4');
  });
  it('leaves out a line whose variables are all empty, and the spaces an empty one leaves at the end', () => {
    assert.equal(snippetHeader(snippet, '{path}:{lines} ({language}) {link}\n{link}\nplain text'), 'src/a.ts:3-4 (typescript)\nplain text');
  });
  it('keeps a line with an unknown variable, so a typo shows', () => {
    assert.equal(snippetHeader(snippet, '{path}\n{lnk}'), 'src/a.ts\n{lnk}');
  });
});
