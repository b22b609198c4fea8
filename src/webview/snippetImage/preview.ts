// The page of the "Send Selection as Image" preview (bundled to dist/snippetImage/preview.js by
// scripts/build.mjs). It pastes the selection as coloured HTML from the clipboard (put there by
// the extension with VS Code's "Copy with Syntax Highlighting"), draws the code on a canvas in
// the editor's font and theme colours, and posts the PNG to the extension. Without colours (no
// HTML came, or not of this code) it draws the plain text in the editor's foreground colour.
import { linesFromHtml, plainLines, showsCode, wrapLines, type Line, type Run } from './snippetLines';
import type { FromPage, InitMessage, ToPage } from './snippetImageProtocol';

declare function acquireVsCodeApi(): { postMessage(message: FromPage): void };

const vscode = acquireVsCodeApi();
/** CSS px around the code; the picture is at most MAX_WIDTH wide (long lines wrap) and at least MIN_WIDTH. */
const PADDING = 20;
const MAX_WIDTH = 1000;
const MIN_WIDTH = 360;
const GUTTER_GAP = 16;
/** Device pixels per CSS px: crisp on phones. */
const SCALE = 2;
/** The tallest canvas browsers draw (Chromium: 32 767 px); a taller picture is drawn at a smaller scale. */
const MAX_CANVAS_PX = 32_000;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('picture');
const lineNumbersBox = $<HTMLInputElement>('lineNumbers');
const sendButton = $<HTMLButtonElement>('send');
const cancelButton = $<HTMLButtonElement>('cancel');
const status = $<HTMLElement>('status');
const sink = $<HTMLElement>('pasteSink');

let init: InitMessage | undefined;
let lines: Line[] = [];
let png = '';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The HTML on the clipboard, pasted into the page (undefined when no paste happened in time). */
function pasteHtml(): Promise<string | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const onPaste = (e: ClipboardEvent) => {
      e.preventDefault();
      done(e.clipboardData?.getData('text/html') || undefined);
    };
    const done = (html: string | undefined) => {
      if (settled) return;
      settled = true;
      document.removeEventListener('paste', onPaste, true);
      resolve(html);
    };
    document.addEventListener('paste', onPaste, true);
    sink.focus();
    let started = false;
    try {
      started = document.execCommand('paste');
    } catch {
      started = false;
    }
    setTimeout(() => done(undefined), started ? 1000 : 100);
  });
}

/**
 * The HTML on the clipboard through the asynchronous clipboard API: where a page may not paste
 * (VS Code in a browser), if the browser lets it read the clipboard. Undefined after `ms`
 * (a permission prompt nobody answers) or when it may not.
 */
async function readHtml(ms: number): Promise<string | undefined> {
  if (!navigator.clipboard?.read) return undefined;
  const read = (async () => {
    for (const item of await navigator.clipboard.read()) {
      if (item.types.includes('text/html')) return (await item.getType('text/html')).text();
    }
    return undefined;
  })();
  const late = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  return Promise.race([read, late]).catch(() => undefined);
}

/** The selection's lines, coloured when the clipboard held them as HTML. */
async function loadLines(msg: InitMessage): Promise<boolean> {
  const html = msg.paste ? ((await pasteHtml()) ?? (await readHtml(1500))) : undefined;
  if (html) {
    // parsed into an inert document (no scripts run, nothing loads); only text and colours are read
    const coloured = linesFromHtml(new DOMParser().parseFromString(html, 'text/html'));
    if (showsCode(coloured, msg.code)) {
      // the HTML leaves out empty lines at the end; the picture shows every selected line
      const count = msg.code.split(/\r\n|\r|\n/).length;
      while (coloured.length < count) coloured.push([]);
      lines = coloured;
      return true;
    }
  }
  lines = plainLines(msg.code, msg.tabSize);
  return false;
}

function render(): void {
  if (!init) return;
  const family = cssVar('--vscode-editor-font-family', 'monospace');
  const size = parseFloat(cssVar('--vscode-editor-font-size', '14')) || 14;
  const weight = cssVar('--vscode-editor-font-weight', 'normal');
  const lineHeight = Math.round(size * 1.5);
  const background = cssVar('--vscode-editor-background', '#1e1e1e');
  const foreground = cssVar('--vscode-editor-foreground', '#d4d4d4');
  const numberColour = cssVar('--vscode-editorLineNumber-foreground', '#858585');
  const fontOf = (run: Omit<Run, 'text'>) => `${run.italic ? 'italic ' : ''}${run.bold ? 'bold' : weight} ${size}px ${family}`;
  const measurer = document.createElement('canvas').getContext('2d');
  if (!measurer) return;
  const measure = (text: string, run: Omit<Run, 'text'>) => {
    measurer.font = fontOf(run);
    return measurer.measureText(text).width;
  };

  const withNumbers = lineNumbersBox.checked;
  const gutter = withNumbers ? Math.ceil(measure(String(init.startLine + lines.length - 1), {})) + GUTTER_GAP : 0;
  const rows = wrapLines(lines, MAX_WIDTH - 2 * PADDING - gutter, measure);
  const contentWidth = rows.reduce((w, r) => Math.max(w, r.width), 0);
  const width = Math.ceil(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 2 * PADDING + gutter + contentWidth)));
  const height = Math.ceil(2 * PADDING + rows.length * lineHeight);
  const scale = Math.min(SCALE, MAX_CANVAS_PX / height);
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.style.width = `${width}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  rows.forEach((row, i) => {
    const y = PADDING + i * lineHeight + lineHeight / 2;
    if (withNumbers && row.line !== undefined && init) {
      ctx.font = fontOf({});
      ctx.fillStyle = numberColour;
      ctx.textAlign = 'right';
      ctx.fillText(String(init.startLine + row.line), PADDING + gutter - GUTTER_GAP, y);
      ctx.textAlign = 'left';
    }
    for (const run of row.runs) {
      ctx.font = fontOf(run);
      ctx.fillStyle = run.color ?? foreground;
      ctx.fillText(run.text, PADDING + gutter + run.x, y);
    }
  });
  const url = canvas.toDataURL('image/png');
  png = url.slice(url.indexOf(',') + 1);
  canvas.setAttribute('aria-label', lines.map((l) => l.map((r) => r.text).join('')).join('\n'));
  vscode.postMessage({ type: 'rendered', png, width: canvas.width, height: canvas.height, lineNumbers: withNumbers });
}

function setBusy(text: string): void {
  status.textContent = text;
  sendButton.disabled = text !== '' || !png;
  lineNumbersBox.disabled = text !== '';
}

async function start(msg: InitMessage): Promise<void> {
  init = msg;
  const s = msg.strings;
  $('lineNumbersLabel').textContent = s.lineNumbers;
  sendButton.textContent = s.send;
  cancelButton.textContent = s.cancel;
  lineNumbersBox.checked = msg.lineNumbers;
  setBusy(s.rendering);
  const colours = await loadLines(msg);
  vscode.postMessage({ type: 'pasted', colours });
  await document.fonts.ready;
  render();
  setBusy('');
  if (!colours) status.textContent = s.noColours;
  sendButton.focus();
}

window.addEventListener('message', (e: MessageEvent<ToPage>) => {
  const msg = e.data;
  if (msg.type === 'init' && !init) void start(msg);
  else if (msg.type === 'idle') setBusy('');
});
lineNumbersBox.addEventListener('change', () => {
  render();
  sendButton.focus();
});
sendButton.addEventListener('click', () => {
  if (!png || !init) return;
  setBusy(init.strings.sending);
  vscode.postMessage({ type: 'send', png });
});
cancelButton.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
vscode.postMessage({ type: 'ready' });
