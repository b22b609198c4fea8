// Builds the DOM of the conversation's lines. Message content only ever goes into textContent,
// attributes of http(s) URLs (href, img src: https only, and on a host that is not OK's only
// after a click: see images.ts) and data-* values: never into HTML.
import { imageShow } from './images';
import { continuesGroup } from './grouping';
import type { ConversationStrings, LineData, SnippetData } from './conversationProtocol';

export interface RenderContext {
  strings: ConversationStrings;
  /** The display language (times, plural forms). */
  locale: string;
  /** A line's time (ms) as shown: see lineTimes.ts. */
  time: (time: number) => string;
  /** The full date and time (tooltips, spoken labels). */
  fullTime: (time: number) => string;
}

const LINK = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Whether a URL may be shown as a link: http(s) only. */
export function isWebUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function link(url: string, text: string): HTMLAnchorElement {
  const a = el('a', 'link', text);
  a.href = url;
  a.dataset.url = url;
  a.title = url;
  return a;
}

/** Text with its http(s) links as links: text nodes and anchors, nothing parsed as HTML. */
export function textWithLinks(parent: HTMLElement, text: string): void {
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    const i = m.index ?? 0;
    if (i > at) parent.append(document.createTextNode(text.slice(at, i)));
    if (isWebUrl(m[0])) parent.append(link(m[0], m[0]));
    else parent.append(document.createTextNode(m[0]));
    at = i + m[0].length;
  }
  if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
}

function button(text: string, action: string, label?: string): HTMLButtonElement {
  const b = el('button', 'action', text);
  b.type = 'button';
  b.dataset.action = action;
  if (label) b.setAttribute('aria-label', label);
  return b;
}

function snippetNode(s: SnippetData, index: number, ctx: RenderContext): HTMLElement {
  const box = el('figure', 'snippet');
  const head = el('figcaption', 'snippet-head');
  const where = el('span', 'snippet-path', s.startLine === s.endLine ? `${s.path}:${s.startLine}` : `${s.path}:${s.startLine}-${s.endLine}`);
  head.append(where, el('span', 'snippet-lang', s.languageName));
  const open = button(ctx.strings.openInEditor, 'openSnippet', `${ctx.strings.openInEditor}: ${where.textContent ?? ''}`);
  open.dataset.index = String(index);
  head.append(open);
  if (isWebUrl(s.link)) head.append(link(s.link, new URL(s.link).host));
  const pre = el('pre', 'code');
  pre.append(el('code', undefined, s.code));
  box.append(head, pre);
  return box;
}

/** An image shown (its `src` set: the browser requests it), as a link to itself. */
function imageNode(url: string, alt: string): HTMLAnchorElement {
  const img = el('img', 'image');
  img.alt = alt;
  img.loading = 'lazy';
  img.referrerPolicy = 'no-referrer';
  img.src = url;
  const holder = link(url, '');
  holder.append(img);
  return holder;
}

/** An image on a host that is not OK's: a link-like button "Image from <host>"; nothing is requested until it is clicked. */
function imageLink(url: string, host: string, name: string | undefined, ctx: RenderContext): HTMLButtonElement {
  const b = el('button', 'image-link', ctx.strings.imageFrom.replace('{0}', host));
  b.type = 'button';
  b.dataset.action = 'loadImage';
  b.dataset.url = url;
  if (name) b.dataset.name = name;
  b.title = ctx.strings.imageFromTitle.replace('{0}', host);
  return b;
}

/** A clicked "Image from <host>": the image in its place (only now is it requested). */
export function loadImage(b: HTMLButtonElement, ctx: RenderContext): void {
  const url = b.dataset.url;
  if (!url || imageShow(url) === undefined) return;
  b.replaceWith(imageNode(url, b.dataset.name ?? ctx.strings.image));
}

/** The body of a message: its reply quote, text or snippets, attachments and link buttons. */
function messageBody(line: LineData, ctx: RenderContext): HTMLElement {
  const body = el('div', 'body');
  if (line.reply) {
    const q = el('blockquote', 'quote');
    if (line.reply.sender) q.append(el('span', 'quote-sender', line.reply.sender));
    if (line.reply.text) q.append(el('span', 'quote-text', line.reply.text.length > 200 ? `${line.reply.text.slice(0, 199)}…` : line.reply.text));
    if (!line.reply.sender && !line.reply.text) q.append(el('span', 'quote-text', '…'));
    body.append(q);
  }
  if (line.snippets?.length) line.snippets.forEach((s, i) => body.append(snippetNode(s, i, ctx)));
  else if (line.text) {
    const t = el('div', 'text');
    textWithLinks(t, line.text);
    body.append(t);
  }
  for (const a of line.attachments ?? []) {
    const image = a.kind === 'image' ? imageShow(a.url) : undefined;
    if (image) {
      body.append(image.load === 'now' ? imageNode(image.url, a.name ?? ctx.strings.image) : imageLink(image.url, image.host, a.name, ctx));
    } else if (isWebUrl(a.url)) {
      const p = el('div', 'attachment');
      p.append(link(a.url, a.name ?? a.type ?? ctx.strings.attachment));
      body.append(p);
    } else {
      body.append(el('div', 'attachment', a.name ?? a.type ?? ctx.strings.attachment));
    }
  }
  if (line.buttons?.length) {
    const row = el('div', 'buttons');
    for (const b of line.buttons) if (isWebUrl(b.url)) row.append(link(b.url, b.text));
    body.append(row);
  }
  return body;
}

/** One line of the conversation as an element (`li`), keyed by `data-id`. */
export function lineNode(line: LineData, ctx: RenderContext): HTMLElement {
  const li = el('li', line.kind === 'system' ? 'line system' : line.ours ? 'line message ours' : 'line message');
  if (line.unreadable) li.classList.add('unreadable');
  if (line.id) li.dataset.id = line.id;
  const when = new Date(line.time);
  const time = el('time', 'time', line.timeUnknown ? ctx.strings.timeUnknown : ctx.time(line.time));
  if (!line.timeUnknown) {
    time.dateTime = when.toISOString();
    time.title = ctx.fullTime(line.time);
  }
  if (line.kind === 'system') {
    li.append(el('span', 'system-text', line.text), time);
    return li;
  }
  // our own messages are named one way, whichever name OK gave them
  const sender = line.ours ? ctx.strings.you : (line.sender ?? '');
  li.setAttribute('aria-label', `${sender}, ${line.timeUnknown ? ctx.strings.timeUnknown : ctx.fullTime(line.time)}`);
  const head = el('div', 'head');
  head.append(el('span', 'sender', sender), time);
  if (line.edited) head.append(el('span', 'edited', ctx.strings.edited));
  const status = el('span', 'status');
  status.setAttribute('role', 'status');
  head.append(status);
  if (line.id) head.append(button(ctx.strings.reply, 'reply', `${ctx.strings.reply}: ${line.sender ?? ''}`));
  li.append(head, messageBody(line, ctx));
  return li;
}

/**
 * Marks the lines that continue the group of the line before them (`cont`: their name and time
 * are not repeated); a divider or any other element between two lines ends a group.
 */
export function markGroups(log: HTMLElement, lineOf: (node: Element) => LineData | undefined): void {
  let prev: LineData | undefined;
  for (const node of log.children) {
    const line = node.classList.contains('line') ? lineOf(node) : undefined;
    node.classList.toggle('cont', line !== undefined && continuesGroup(prev, line));
    prev = line;
  }
}

/** The lines' nodes in one fragment (one insertion into the document per page). */
export function pageFragment(lines: readonly LineData[], ctx: RenderContext): DocumentFragment {
  const f = document.createDocumentFragment();
  for (const line of lines) f.append(lineNode(line, ctx));
  return f;
}
