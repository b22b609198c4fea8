// The code of a snippet picture as lines of coloured runs, and those lines wrapped to a width.
// Pure (no DOM, no `vscode`): the preview page (preview.ts) gives it the parsed clipboard HTML
// and a text measurer, and unit tests give it small node trees and a fixed-width measurer.

/** A piece of one line drawn in one style. */
export interface Run {
  text: string;
  /** A CSS colour (only `#rgb[a]`, `#rrggbb[aa]`, `rgb()`/`rgba()`); undefined: the editor's foreground. */
  color?: string;
  bold?: boolean;
  italic?: boolean;
}

export type Line = Run[];

/** The few parts of a DOM node that are read, so that the parsing needs no DOM to be tested. */
export interface NodeLike {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<NodeLike>;
  getAttribute?(name: string): string | null;
}

type Style = Omit<Run, 'text'>;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
const FRAGMENT_NODE = 11;
const BLOCKS = new Set(['DIV', 'P', 'PRE', 'LI', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'BODY', 'HTML']);
const SKIPPED = new Set(['HEAD', 'SCRIPT', 'STYLE', 'TITLE', 'TEMPLATE', 'NOSCRIPT', 'IFRAME', 'OBJECT', 'SVG', 'MATH']);
const SAFE_COLOR = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|rgba?\(\s*[\d.]+%?\s*,\s*[\d.]+%?\s*,\s*[\d.]+%?\s*(,\s*[\d.]+%?\s*)?\))$/i;

/** The style of an element: its `color`, `font-weight` and `font-style` over what it inherits; anything else is ignored. */
export function styleOf(style: string | null | undefined, inherited: Style): Style {
  const own: Style = { ...inherited };
  for (const decl of (style ?? '').split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const name = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim().toLowerCase();
    if (name === 'color' && SAFE_COLOR.test(value)) own.color = value;
    else if (name === 'font-weight') own.bold = value === 'bold' || value === 'bolder' || (/^\d+$/.test(value) && Number(value) >= 600);
    else if (name === 'font-style') own.italic = value === 'italic' || value.startsWith('oblique');
  }
  return own;
}

/**
 * The lines of coloured HTML (VS Code's "Copy with Syntax Highlighting": a `<div>` per line,
 * `<span style="color: …">` per token, `<br>` in an empty line). Only text and the style of
 * elements are taken; blocks start new lines as a browser shows them. Non-breaking spaces
 * become spaces.
 */
export function linesFromHtml(root: NodeLike): Line[] {
  // A stream of runs and line breaks; a block asks for a "soft" break (only if the line has something).
  const out: Array<Run | '\n'> = [];
  const softBreak = () => {
    if (out.length > 0 && out[out.length - 1] !== '\n') out.push('\n');
  };
  const walk = (node: NodeLike, style: Style): void => {
    if (node.nodeType === TEXT_NODE) {
      (node.textContent ?? '').split(/\r\n|\r|\n/).forEach((piece, i) => {
        if (i > 0) out.push('\n');
        if (piece) out.push({ text: piece.replace(/\u00a0/g, ' '), ...style });
      });
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== DOCUMENT_NODE && node.nodeType !== FRAGMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (name === 'BR') {
      out.push('\n');
      return;
    }
    if (SKIPPED.has(name)) return;
    const own = node.nodeType === ELEMENT_NODE ? styleOf(node.getAttribute?.('style'), style) : style;
    const block = BLOCKS.has(name);
    if (block) softBreak();
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i], own);
    if (block) softBreak();
  };
  walk(root, {});
  while (out.length > 0 && out[out.length - 1] === '\n') out.pop();
  const lines: Line[] = [[]];
  for (const item of out) {
    if (item === '\n') lines.push([]);
    else lines[lines.length - 1].push(item);
  }
  return lines;
}

/** A line with tabs turned into spaces up to the next tab stop. */
export function expandTabs(text: string, tabSize: number): string {
  if (!text.includes('\t')) return text;
  let col = 0;
  let result = '';
  for (const ch of text) {
    if (ch === '\t') {
      const n = tabSize - (col % tabSize);
      result += ' '.repeat(n);
      col += n;
    } else {
      result += ch;
      col++;
    }
  }
  return result;
}

/** The code as lines of one run each, drawn in the editor's foreground (when no colours came). */
export function plainLines(code: string, tabSize: number): Line[] {
  return code.split(/\r\n|\r|\n/).map((l) => {
    const text = expandTabs(l, tabSize);
    return text ? [{ text }] : [];
  });
}

/** The text of lines, as it would be copied. */
export function textOf(lines: readonly Line[]): string {
  return lines.map((l) => l.map((r) => r.text).join('')).join('\n');
}

/**
 * Whether coloured lines show this code: the same characters apart from white space (the HTML
 * turns tabs into spaces and may drop a final line break). What was on the clipboard before, if
 * the copy did not happen, is not taken for the code.
 */
export function showsCode(lines: readonly Line[], code: string): boolean {
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  const wanted = squeeze(code);
  return wanted.length > 0 && squeeze(textOf(lines)) === wanted;
}

/** A run placed on a row, `x` from the row's left (after the line numbers). */
export interface PlacedRun extends Run {
  x: number;
  width: number;
}

/** One row of the picture: a line, or a part of a wrapped line. */
export interface Row {
  /** The index of the line this row starts; undefined for the rows a long line wraps onto. */
  line?: number;
  runs: PlacedRun[];
  width: number;
}

/** The width of `text` drawn in the style of `run`. */
export type Measure = (text: string, run: Run) => number;

/**
 * The rows of lines at most `maxWidth` wide: a longer line goes on in the next rows (cut
 * between characters, never inside a surrogate pair). Every row holds at least one character.
 */
export function wrapLines(lines: readonly Line[], maxWidth: number, measure: Measure): Row[] {
  const rows: Row[] = [];
  lines.forEach((line, index) => {
    let row: Row = { line: index, runs: [], width: 0 };
    rows.push(row);
    for (const run of line) {
      let chars = Array.from(run.text);
      while (chars.length > 0) {
        const whole = measure(chars.join(''), run);
        if (row.width + whole <= maxWidth) {
          row.runs.push({ ...run, text: chars.join(''), x: row.width, width: whole });
          row.width += whole;
          break;
        }
        // the longest start of the run that still fits (binary search over the characters)
        let lo = 0;
        let hi = chars.length;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (row.width + measure(chars.slice(0, mid).join(''), run) <= maxWidth) lo = mid;
          else hi = mid - 1;
        }
        if (lo === 0 && row.runs.length === 0) lo = 1; // a row takes at least one character
        if (lo > 0) {
          const text = chars.slice(0, lo).join('');
          const width = measure(text, run);
          row.runs.push({ ...run, text, x: row.width, width });
          row.width += width;
          chars = chars.slice(lo);
        }
        if (chars.length === 0) break;
        row = { runs: [], width: 0 };
        rows.push(row);
      }
    }
  });
  return rows;
}
