// The snippet picture's lines (src/webview/snippetImage/snippetLines.ts): coloured runs from the
// HTML of "Copy with Syntax Highlighting", the check that it shows the selected code, wrapping.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { expandTabs, linesFromHtml, plainLines, showsCode, styleOf, textOf, wrapLines, type Line, type NodeLike } from '../../src/webview/snippetImage/snippetLines';

/** A small element tree in place of a parsed document: el('div', 'color: red', child…), text nodes as strings. */
function el(name: string, style: string | null, ...children: Array<NodeLike | string>): NodeLike {
  const nodes = children.map((c): NodeLike => (typeof c === 'string' ? { nodeType: 3, nodeName: '#text', textContent: c, childNodes: [] } : c));
  return { nodeType: 1, nodeName: name.toUpperCase(), textContent: null, childNodes: nodes, getAttribute: (n) => (n === 'style' ? style : null) };
}

/** What VS Code copies for two lines with an empty line between (its markup, shortened). */
const COPIED = el(
  'div',
  'color: #cccccc;background-color: #1f1f1f;font-family: monospace;font-weight: normal;white-space: pre;',
  el('div', null, el('span', 'color: #569cd6;', 'const'), el('span', 'color: #cccccc;', '\u00a0x\u00a0=\u00a0'), el('span', 'color: #b5cea8;', '1'), el('span', null, ';')),
  el('div', null, el('br', null)),
  el('div', null, el('span', 'color: #6a9955;font-style: italic;', '// done')),
);

describe('snippet picture lines', () => {
  it('takes the runs of each line with their colour; empty lines stay; non-breaking spaces become spaces', () => {
    const lines = linesFromHtml(COPIED);
    assert.equal(textOf(lines), 'const x = 1;\n\n// done');
    assert.deepEqual(lines[0], [
      { text: 'const', color: '#569cd6', bold: false },
      { text: ' x = ', color: '#cccccc', bold: false },
      { text: '1', color: '#b5cea8', bold: false },
      { text: ';', color: '#cccccc', bold: false }, // inherited from the outer block
    ]);
    assert.deepEqual(lines[1], []);
    assert.deepEqual(lines[2], [{ text: '// done', color: '#6a9955', bold: false, italic: true }]);
  });

  it('reads only colour, weight and style, and only colours that cannot be anything but a colour', () => {
    assert.deepEqual(styleOf('color: RGB(1, 2, 3); font-weight: 700; background: url(x)', {}), { color: 'rgb(1, 2, 3)', bold: true });
    assert.deepEqual(styleOf('color: url(https://example.com/x); font-weight: normal', { color: '#fff' }), { color: '#fff', bold: false });
    assert.deepEqual(styleOf('color: expression(alert(1))', {}), {});
    assert.deepEqual(styleOf('color: #12345', {}), {}, 'five hex digits are not a colour');
  });

  it('skips scripts and styles, and breaks lines at <br>, blocks and line breaks in text', () => {
    const tree = el('body', null, el('script', null, 'alert(1)'), el('style', null, 'p{}'), el('p', null, 'a', el('br', null), 'b\nc'), 'd');
    assert.equal(textOf(linesFromHtml(tree)), 'a\nb\nc\nd');
  });

  it('takes the HTML for the code only if it shows the same characters (not what was on the clipboard before)', () => {
    const lines = linesFromHtml(COPIED);
    assert.ok(showsCode(lines, 'const x = 1;\n\n// done\n'));
    assert.ok(showsCode(lines, 'const x\t= 1;\r\n\r\n// done'), 'tabs and line ends may differ');
    assert.ok(!showsCode(lines, 'const x = 2;\n\n// done'));
    assert.ok(!showsCode([], ''), 'nothing shows no code');
  });

  it('plain lines expand tabs to the tab stops', () => {
    assert.equal(expandTabs('a\tbc\td', 4), 'a   bc  d');
    assert.deepEqual(plainLines('if (x)\n\treturn;\n', 2), [[{ text: 'if (x)' }], [{ text: '  return;' }], []]);
  });

  it('wraps a long line onto further rows, only the first of which has the line number', () => {
    const measure = (text: string) => text.length * 10;
    const lines: Line[] = [[{ text: 'short' }], [{ text: 'abcdef', color: '#f00' }, { text: 'ghijklmnop' }], []];
    const rows = wrapLines(lines, 70, measure);
    assert.deepEqual(
      rows.map((r) => [r.line, r.runs.map((x) => `${x.text}@${x.x}`).join(' ')]),
      [
        [0, 'short@0'],
        [1, 'abcdef@0 g@60'],
        [undefined, 'hijklmn@0'],
        [undefined, 'op@0'],
        [2, ''],
      ],
    );
    assert.equal(rows[1].runs[0].color, '#f00');
    assert.ok(rows.every((r) => r.width <= 70));
  });

  it('puts at least one character on a row, and never cuts a surrogate pair', () => {
    const rows = wrapLines([[{ text: '😀😀x' }]], 5, (text) => Array.from(text).length * 10);
    assert.deepEqual(
      rows.map((r) => r.runs.map((x) => x.text).join('')),
      ['😀', '😀', 'x'],
    );
  });
});
