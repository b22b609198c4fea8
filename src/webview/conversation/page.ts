// The page of a chat's conversation (bundled to dist/conversation/page.js by scripts/build.mjs).
// Lines come from the panel a page at a time and are appended or prepended as nodes; nothing
// already shown is rendered again. Links, snippets' "Open in editor", sends and retries are
// posted to the panel, which decides what to do. VS Code drops the page while its tab is hidden
// and builds it again: the panel then sends all it has shown (a 'state' message), and the page
// keeps its own part (the draft, the reply, the scroll position, the "new messages" divider) in
// VS Code's saved state for the webview.
import { el, lineNode, loadImage, pageFragment, type RenderContext } from './render';
import type { FromPage, InitMessage, LineData, NoticeData, PageSummary, SendData, StateMessage, TestActMessage, ToPage } from './conversationProtocol';

declare function acquireVsCodeApi(): { postMessage(message: FromPage): void; setState(state: unknown): void; getState(): unknown };

/** What the page keeps across being built again (the chat id is what the panel's serializer reads after a reload). */
interface PageState {
  chatId?: string;
  draft?: string;
  reply?: { id: string; sender?: string; text?: string };
  /** At the end of the log, or the line at the top of the view and how far below the view's top it was. */
  scroll?: { bottom: true } | { bottom: false; id: string; offset: number };
  /** The line the "new messages" divider is before. */
  divider?: string;
}

const vscode = acquireVsCodeApi();
const pageState: PageState = (vscode.getState() as PageState | undefined) ?? {};
function saveState(change: Partial<PageState>): void {
  Object.assign(pageState, change);
  vscode.setState(pageState);
}
const post = (m: FromPage) => vscode.postMessage(m);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const log = $<HTMLOListElement>('log');
const scroller = $<HTMLElement>('scroller');
const topStatus = $<HTMLElement>('topStatus');
const input = $<HTMLTextAreaElement>('input');
const replyBar = $<HTMLElement>('replyBar');
const replyText = $<HTMLElement>('replyText');
const cancelReply = $<HTMLButtonElement>('cancelReply');
const filesList = $<HTMLUListElement>('files');
const noticeBar = $<HTMLElement>('notice');
const noticeText = $<HTMLElement>('noticeText');
const noticeAction = $<HTMLButtonElement>('noticeAction');

/** Files pasted or dropped into the composer, sent with the next Enter (the text as the first one's caption). */
type WaitingFile = { name: string; data?: Uint8Array; uri?: string };
const waiting: WaitingFile[] = [];
let adding: Promise<void> = Promise.resolve();

let ctx: RenderContext | undefined;
let init: InitMessage | undefined;
const data = new WeakMap<Element, LineData>();
const shownIds = new Set<string>();
let loadingOlder = false;
let end = false;
let replyTo: { id: string; sender?: string; text?: string } | undefined;
let localCount = 0;
/** Local ids stay unique across pages built again (the panel keeps those of sends in flight). */
const pageId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let firstNode: Element | null = null;
/** The panel's state is shown: scroll positions are saved from now on. */
let restored = false;
let notice: NoticeData | undefined;
let noticeTimer: ReturnType<typeof setInterval> | undefined;
input.value = pageState.draft ?? '';

const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;

function fresh(lines: readonly LineData[]): LineData[] {
  return lines.filter((l) => !l.id || !shownIds.has(l.id));
}

function remember(nodes: Element[], lines: readonly LineData[]): void {
  nodes.forEach((n, i) => data.set(n, lines[i]));
  for (const l of lines) if (l.id) shownIds.add(l.id);
}

function insert(lines: LineData[], where: 'initial' | 'older' | 'newer'): void {
  if (!ctx || lines.length === 0) return;
  const fragment = pageFragment(lines, ctx);
  const nodes = [...fragment.children];
  remember(nodes, lines);
  if (where === 'older') {
    // keeps what the user looks at in place: the content grows above it
    const before = scroller.scrollHeight;
    log.prepend(fragment);
    scroller.scrollTop += scroller.scrollHeight - before;
    return;
  }
  const stick = where === 'initial' || atBottom();
  if (where === 'newer' && lines.some((l) => !l.ours) && (!document.hasFocus() || !stick) && !log.querySelector('.divider')) {
    const divider = el('li', 'divider', ctx.strings.newMessages);
    divider.setAttribute('role', 'separator');
    log.append(divider);
    const first = lines[0]?.id;
    if (first) saveState({ divider: first });
  }
  log.append(fragment);
  if (stick) scroller.scrollTop = scroller.scrollHeight;
}

function onLines(where: 'initial' | 'older' | 'newer', lines: LineData[], isEnd: boolean | undefined): void {
  if (where !== 'newer' && isEnd !== undefined) end = isEnd;
  if (where === 'initial') {
    topStatus.textContent = '';
    firstNode = null;
  }
  insert(fresh(lines), where);
  if (where === 'initial') firstNode = log.firstElementChild;
  if (where === 'older') loadingOlder = false;
  topStatus.textContent = end && init ? init.strings.start : '';
  // a first page shorter than the window: load more until it scrolls
  if (!end && scroller.scrollHeight <= scroller.clientHeight) askOlder();
}

function askOlder(): void {
  if (loadingOlder || end || !init) return;
  loadingOlder = true;
  topStatus.textContent = init.strings.loadingOlder;
  post({ type: 'older' });
}

/** Where the user looks: the end, or the first line in view and its distance from the view's top. */
function scrollPosition(): PageState['scroll'] {
  if (atBottom()) return { bottom: true };
  const top = scroller.getBoundingClientRect().top;
  for (const li of log.querySelectorAll<HTMLElement>('li.line[data-id]')) {
    const box = li.getBoundingClientRect();
    if (box.bottom > top) return { bottom: false, id: li.dataset.id ?? '', offset: box.top - top };
  }
  return { bottom: true };
}

function restoreScroll(): void {
  const at = pageState.scroll;
  const node = at && !at.bottom ? log.querySelector(`li[data-id="${CSS.escape(at.id)}"]`) : null;
  if (!at || at.bottom || !node) scroller.scrollTop = scroller.scrollHeight;
  else scroller.scrollTop += node.getBoundingClientRect().top - scroller.getBoundingClientRect().top - at.offset;
}

let scrollSave: ReturnType<typeof setTimeout> | undefined;
scroller.addEventListener('scroll', () => {
  if (scroller.scrollTop < 80) askOlder();
  if (atBottom()) log.querySelector('.divider')?.classList.add('seen');
  if (!restored) return;
  clearTimeout(scrollSave);
  scrollSave = setTimeout(() => saveState({ scroll: scrollPosition() }), 150);
});

/** Shows everything the panel has shown, in place of what the page shows (a page built again, or the first page). */
function onState(m: StateMessage): void {
  if (!ctx || !init) return;
  log.replaceChildren();
  shownIds.clear();
  loadingOlder = false;
  end = m.end;
  const fragment = pageFragment(m.lines, ctx);
  remember([...fragment.children], m.lines);
  log.append(fragment);
  for (const send of m.sends) showSend(send);
  const before = pageState.divider ? log.querySelector(`li[data-id="${CSS.escape(pageState.divider)}"]`) : null;
  if (before) {
    const divider = el('li', 'divider', ctx.strings.newMessages);
    divider.setAttribute('role', 'separator');
    before.before(divider);
  } else if (pageState.divider) saveState({ divider: undefined });
  firstNode = log.firstElementChild;
  topStatus.textContent = end ? init.strings.start : '';
  restoreScroll();
  restored = true;
  if (!end && scroller.scrollHeight <= scroller.clientHeight) askOlder();
}

/** A send the panel knows of, shown as it was: sending, failed (with Retry) or sent. */
function showSend(s: SendData): void {
  if (!ctx || !init) return;
  const node = lineNode(s.line, ctx);
  node.dataset.local = s.localId;
  node.classList.add('pending');
  node.querySelector('.status')!.textContent = init.strings.sending;
  data.set(node, s.line);
  log.append(node);
  if (s.status === 'failed') onSendStatus(s.localId, 'failed', undefined, s.outboxId, s.error);
  else if (s.status === 'sent') onSendStatus(s.localId, 'sent', s.messageId);
}

/** The time until the next try, for a notice's `{0}`. */
function untilNextTry(): string {
  if (!init || notice?.retryAt === undefined) return init?.strings.soon ?? '';
  const s = Math.max(1, Math.ceil((notice.retryAt - Date.now()) / 1000));
  return s < 60 ? init.strings.inSeconds.replace('{0}', String(s)) : init.strings.inMinutes.replace('{0}', String(Math.ceil(s / 60)));
}

function showNotice(n: NoticeData | undefined): void {
  notice = n;
  clearInterval(noticeTimer);
  noticeBar.hidden = !n;
  noticeAction.hidden = !n?.action;
  noticeAction.textContent = n?.action?.label ?? '';
  const draw = () => (noticeText.textContent = n ? n.text.replace('{0}', untilNextTry()) : '');
  draw();
  if (n?.retryAt !== undefined && n.text.includes('{0}')) noticeTimer = setInterval(draw, 1000);
  // nothing shown yet: the notice says why instead of "Loading messages…"
  if (!restored && init) topStatus.textContent = n ? '' : init.strings.loading;
}
noticeAction.addEventListener('click', () => {
  if (notice?.action) post({ type: 'noticeAction', action: notice.action.id });
});

function startReply(id: string): void {
  const node = log.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  const line = node ? data.get(node) : undefined;
  if (!line || !init) return;
  replyTo = { id, sender: line.sender, text: line.text };
  replyText.textContent = `${init.strings.replyingTo} ${line.sender ?? ''}: ${(line.text || '').slice(0, 80)}`;
  replyBar.hidden = false;
  saveState({ reply: replyTo });
  input.focus();
}

function endReply(): void {
  replyTo = undefined;
  replyBar.hidden = true;
  if (pageState.reply) saveState({ reply: undefined });
}
cancelReply.addEventListener('click', () => {
  endReply();
  input.focus();
});

function showWaiting(): void {
  filesList.replaceChildren(
    ...waiting.map((f, i) => {
      const item = el('li', '', f.name);
      const remove = el('button', 'action', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', init?.strings.removeFile.replace('{0}', f.name) ?? '');
      remove.addEventListener('click', () => {
        waiting.splice(i, 1);
        showWaiting();
        input.focus();
      });
      item.append(remove);
      return item;
    }),
  );
}

/** Takes files to send: the bytes of pasted or dropped ones, or the URIs of files dropped from VS Code. */
async function addFiles(files: readonly File[], uris: readonly string[] = []): Promise<void> {
  for (const f of files) waiting.push({ name: f.name || 'image.png', data: new Uint8Array(await f.arrayBuffer()) });
  for (const uri of uris) waiting.push({ name: decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() ?? '') || 'file', uri });
  showWaiting();
  input.focus();
}

input.addEventListener('paste', (e) => {
  const files = [...(e.clipboardData?.files ?? [])];
  if (files.length === 0) return; // text is pasted as usual
  e.preventDefault();
  adding = addFiles(files);
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const t = e.dataTransfer;
  if (!t) return;
  const files = [...t.files];
  // from VS Code's Explorer (Shift held): the files' URIs
  const uris = files.length ? [] : (t.getData('text/uri-list') || '').split(/\r?\n/).filter((u) => u && !u.startsWith('#'));
  adding = addFiles(files, uris);
});

/** A line of ours shown at once, marked as being sent; returns its local id. */
function showPending(line: LineData): string | undefined {
  if (!ctx || !init) return undefined;
  const localId = `local-${pageId}-${++localCount}`;
  const node = lineNode(line, ctx);
  node.dataset.local = localId;
  node.classList.add('pending');
  node.querySelector('.status')!.textContent = init.strings.sending;
  data.set(node, line);
  log.querySelector('.divider')?.remove();
  if (pageState.divider) saveState({ divider: undefined });
  log.append(node);
  scroller.scrollTop = scroller.scrollHeight;
  return localId;
}

function send(): void {
  if (!ctx || !init) return;
  const text = input.value;
  if (waiting.length > 0) {
    const files = waiting.splice(0);
    files.forEach((f, i) => {
      const caption = i === 0 && text.trim() ? text : undefined;
      const localId = showPending({ kind: 'message', time: Date.now(), text: caption ?? '', ours: true, attachments: [{ kind: 'file', name: f.name }] });
      if (localId) post({ type: 'sendFile', localId, name: f.name, ...(f.data ? { data: f.data } : {}), ...(f.uri ? { uri: f.uri } : {}), ...(caption ? { caption } : {}) });
    });
    showWaiting();
    input.value = '';
    saveState({ draft: '' });
    endReply();
    return;
  }
  if (!text.trim()) return;
  const localId = showPending({ kind: 'message', time: Date.now(), text, ours: true, ...(replyTo ? { reply: { ...replyTo } } : {}) });
  if (!localId) return;
  post({ type: 'send', localId, text, ...(replyTo ? { replyTo: replyTo.id } : {}) });
  input.value = '';
  saveState({ draft: '' });
  endReply();
}

input.addEventListener('input', () => saveState({ draft: input.value }));

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  } else if (e.key === 'Escape' && replyTo) endReply();
});

function onSendStatus(localId: string, status: 'sent' | 'failed', messageId?: string, outboxId?: string, error?: string): void {
  const node = log.querySelector<HTMLElement>(`li[data-local="${CSS.escape(localId)}"]`);
  if (!node || !init) return;
  const state = node.querySelector('.status')!;
  node.querySelector('button[data-action="retry"]')?.remove();
  node.classList.remove('pending', 'failed');
  if (status === 'sent') {
    state.textContent = '';
    if (messageId) {
      node.dataset.id = messageId;
      shownIds.add(messageId);
      log.querySelector(`li[data-id="${CSS.escape(messageId)}"]:not([data-local])`)?.remove();
    }
    return;
  }
  node.classList.add('failed');
  state.textContent = error ? `${init.strings.failed}: ${error}` : init.strings.failed;
  if (outboxId) {
    const retry = el('button', 'action', init.strings.retry);
    retry.type = 'button';
    retry.dataset.action = 'retry';
    retry.dataset.outbox = outboxId;
    state.after(retry);
  }
}

document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  const image = target?.closest<HTMLButtonElement>('button[data-action="loadImage"]');
  if (image) {
    if (ctx) loadImage(image, ctx);
    return;
  }
  const anchor = target?.closest('a');
  if (anchor) {
    e.preventDefault();
    if (anchor.dataset.url) post({ type: 'openLink', url: anchor.dataset.url });
    return;
  }
  const b = target?.closest<HTMLButtonElement>('button[data-action]');
  const li = b?.closest<HTMLElement>('li');
  if (!b || !li) return;
  const line = data.get(li);
  if (b.dataset.action === 'reply' && li.dataset.id) startReply(li.dataset.id);
  else if (b.dataset.action === 'openSnippet' && line?.snippets) {
    const s = line.snippets[Number(b.dataset.index)];
    if (s) post({ type: 'openSnippet', path: s.path, startLine: s.startLine, endLine: s.endLine });
  } else if (b.dataset.action === 'retry' && li.dataset.local && b.dataset.outbox) {
    b.disabled = true;
    li.querySelector('.status')!.textContent = init?.strings.sending ?? '';
    post({ type: 'retry', localId: li.dataset.local, outboxId: b.dataset.outbox });
  }
});

function summary(): PageSummary {
  const lines = [...log.querySelectorAll<HTMLElement>('li.line')].map((li) => ({
    ...(li.dataset.id ? { id: li.dataset.id } : {}),
    kind: li.classList.contains('system') ? 'system' : 'message',
    sender: li.querySelector('.sender')?.textContent ?? undefined,
    text: (li.querySelector('.text, .system-text')?.textContent ?? [...li.querySelectorAll('.snippet code')].map((c) => c.textContent).join('\n')) || '',
    ours: li.classList.contains('ours'),
    status: li.classList.contains('failed') ? 'failed' : li.classList.contains('pending') ? 'sending' : undefined,
    statusText: li.querySelector('.status')?.textContent || undefined,
    edited: li.querySelector('.edited') !== null,
    images: [...li.querySelectorAll('img')].map((i) => i.getAttribute('src') ?? ''),
    links: [...li.querySelectorAll('a')].map((a) => a.dataset.url ?? ''),
  }));
  return {
    lines,
    scriptRan: (window as unknown as { okChatXss?: unknown }).okChatXss !== undefined,
    dividers: log.querySelectorAll('.divider').length,
    firstNodeKept: firstNode !== null && firstNode.isConnected,
    draft: input.value,
    ...(notice ? { notice: noticeText.textContent ?? '' } : {}),
    atBottom: atBottom(),
  };
}

/** Rendering figures (ms) of synthetic pages, measured here with the real DOM. */
function bench(): unknown {
  if (!ctx) return undefined;
  const page = (n: number, base: number): LineData[] =>
    Array.from({ length: n }, (_, i) => ({ kind: 'message', id: `bench-${base + i}`, time: 1_700_000_000_000 + (base + i) * 60_000, sender: `Member ${i % 7}`, text: `Message ${base + i} with a link https://example.com/${i} and some words to wrap over the line`, ours: i % 5 === 0, edited: i % 9 === 0 }));
  const saved = [...log.childNodes];
  const top = scroller.scrollTop;
  const first = performance.now();
  insert(page(50, 0), 'newer');
  void scroller.scrollHeight; // layout included
  const firstMs = performance.now() - first;
  const prepends: number[] = [];
  for (let p = 1; p <= 20; p++) {
    const t = performance.now();
    insert(page(50, -p * 50), 'older');
    prepends.push(performance.now() - t);
  }
  const nodes = log.children.length;
  log.replaceChildren(...saved);
  for (let i = -1000; i < 50; i++) shownIds.delete(`bench-${i}`);
  scroller.scrollTop = top;
  return { firstPageMs: firstMs, prependMs: prepends, nodes };
}

function testAct(m: TestActMessage): unknown {
  switch (m.action) {
    case 'summary':
      return summary();
    case 'reply': {
      log.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(m.target ?? '')}"] button[data-action="reply"]`)?.click();
      if (!replyTo) return false;
      input.value = m.text ?? '';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return true;
    }
    case 'send':
      input.value = m.text ?? '';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return true;
    case 'openSnippet': {
      const b = log.querySelectorAll<HTMLButtonElement>('button[data-action="openSnippet"]')[Number(m.target ?? 0)];
      b?.click();
      return b !== undefined;
    }
    case 'retry': {
      const b = log.querySelector<HTMLButtonElement>('button[data-action="retry"]');
      b?.click();
      return b !== null;
    }
    case 'loadImage': {
      const b = log.querySelectorAll<HTMLButtonElement>('button[data-action="loadImage"]')[Number(m.target ?? 0)];
      b?.click();
      return b !== undefined;
    }
    case 'bench':
      return bench();
    case 'paste': {
      // as a paste of an image copied elsewhere: a File in the clipboard data
      const bytes = Uint8Array.from(atob(m.data ?? ''), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], m.target ?? 'pasted.png', { type: 'image/png' }));
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      return adding.then(() => waiting.map((f) => f.name));
    }
    case 'draft':
      // typed as the user would: the input event saves it
      input.value = m.text ?? '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return true;
    case 'drop': {
      // as a drop from VS Code's Explorer: the file's URI
      const transfer = new DataTransfer();
      transfer.setData('text/uri-list', m.target ?? '');
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      return adding.then(() => waiting.map((f) => f.name));
    }
  }
}

window.addEventListener('message', (e: MessageEvent<ToPage>) => {
  const m = e.data;
  switch (m.type) {
    case 'init': {
      init = m;
      saveState({ chatId: m.chatId });
      ctx = {
        strings: m.strings,
        time: new Intl.DateTimeFormat(m.locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
        fullTime: new Intl.DateTimeFormat(m.locale, { dateStyle: 'full', timeStyle: 'short' }),
      };
      log.setAttribute('aria-label', m.strings.messages);
      input.placeholder = m.strings.placeholder;
      input.setAttribute('aria-label', m.strings.composer);
      filesList.setAttribute('aria-label', m.strings.files);
      cancelReply.textContent = m.strings.cancelReply;
      topStatus.textContent = notice ? '' : m.strings.loading;
      if (pageState.reply && !replyTo) {
        replyTo = pageState.reply;
        replyText.textContent = `${m.strings.replyingTo} ${replyTo.sender ?? ''}: ${(replyTo.text || '').slice(0, 80)}`;
        replyBar.hidden = false;
      }
      break;
    }
    case 'state':
      onState(m);
      break;
    case 'notice':
      showNotice(m.notice);
      break;
    case 'lines':
      onLines(m.where, m.lines, m.end);
      break;
    case 'loadError':
      if (m.where === 'older') loadingOlder = false;
      topStatus.textContent = m.message;
      break;
    case 'sendStatus':
      onSendStatus(m.localId, m.status, m.messageId, m.outboxId, m.error);
      break;
    case 'testAct':
      void Promise.resolve(testAct(m)).then((result) => post({ type: 'testResult', nonce: m.nonce, result }));
      break;
  }
});

post({ type: 'ready' });
