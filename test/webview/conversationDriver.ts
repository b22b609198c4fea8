// The tests' driver of the conversation page (src/webview/conversation/page.ts): it acts in the
// page as the user would (clicks, types, pastes, drops) and says what the page shows, from the
// DOM alone. The shipped page knows nothing of it: a test run asks the test seam for it
// (setConversationDriver), and the panel then loads this script, bundled by `npm run
// compile-tests` to out/test/webview/conversationDriver.js, before the page's own, with the
// page's nonce. VS Code gives a page its API once: the driver takes it first and hands the page
// the same object.
import type { BenchFigures, DriverAct, DriverResult, PageSummary } from './driverProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (m: DriverResult) => api.postMessage(m);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The first line node of the last full render (a 'state' message, or a first page of lines). */
let firstNode: Element | null = null;

function onMessage(e: MessageEvent<{ type?: string; where?: string } | undefined>): void {
  const m = e.data;
  // heard after the page's own handler (registered later, see below): the log is drawn by now
  if (m?.type === 'state' || (m?.type === 'lines' && m.where === 'initial')) firstNode = $('log').firstElementChild;
  else if (m?.type === 'testAct') {
    const act = m as unknown as DriverAct;
    void Promise.resolve(run(act)).then((result) => post({ type: 'testResult', nonce: act.nonce, result }));
  }
}

// The page's handler of messages is registered before it says it is ready: the driver's after it.
let listening = false;
(globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi = () => ({
  getState: () => api.getState(),
  setState: (state) => api.setState(state),
  postMessage: (message) => {
    if (!listening && (message as { type?: unknown }).type === 'ready') {
      listening = true;
      window.addEventListener('message', onMessage);
    }
    api.postMessage(message);
  },
});

const atBottom = (scroller: HTMLElement) => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;

function summary(): PageSummary {
  const log = $('log');
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
  const scroller = $('scroller');
  const divider = log.querySelector<HTMLElement>('.divider');
  const box = divider?.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  const dividerBefore = (divider?.nextElementSibling as HTMLElement | null)?.dataset.id;
  return {
    lines,
    ...(dividerBefore ? { dividerBefore } : {}),
    ...(box ? { dividerInView: box.top >= view.top - 1 && box.bottom <= view.bottom + 1 } : {}),
    composerFocused: document.activeElement === $('input'),
    continued: [...log.querySelectorAll<HTMLElement>('li.line.cont')].map((li) => li.dataset.id ?? li.dataset.local ?? ''),
    sendersShown: [...log.querySelectorAll<HTMLElement>('li.line .sender')].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.textContent ?? ''),
    logLive: log.getAttribute('aria-live'),
    announced: $('announcer').textContent ?? '',
    thumbnails: $('files').querySelectorAll('img').length,
    composerButtons: [...$('composer').querySelectorAll<HTMLButtonElement>('#composerRow button')].map((b) => b.getAttribute('aria-label') ?? b.textContent ?? ''),
    scriptRan: (window as unknown as { okChatXss?: unknown }).okChatXss !== undefined,
    dividers: log.querySelectorAll('.divider').length,
    firstNodeKept: firstNode !== null && firstNode.isConnected,
    draft: $<HTMLTextAreaElement>('input').value,
    ...($('notice').hidden ? {} : { notice: $('noticeText').textContent ?? '' }),
    atBottom: atBottom($('scroller')),
  };
}

/** Delivers a message to the page as if the panel had posted it. */
function deliver(data: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { data }));
}

/** Bench runs so far: each run's lines have ids of their own (the page skips lines it has shown, and keeps their ids). */
let benchRuns = 0;

/** Rendering figures (ms) of synthetic pages through the page's own handling of lines, with the real DOM; the page is put back after. */
function bench(): BenchFigures {
  const run = ++benchRuns;
  const log = $('log');
  const scroller = $('scroller');
  const topStatus = $('topStatus');
  const page = (n: number, base: number) =>
    Array.from({ length: n }, (_, i) => ({ kind: 'message', id: `bench-${run}-${base + i}`, time: 1_700_000_000_000 + (base + i) * 60_000, sender: `Member ${i % 7}`, text: `Message ${base + i} with a link https://example.com/${i} and some words to wrap over the line`, ours: i % 5 === 0, edited: i % 9 === 0 }));
  const saved = [...log.childNodes];
  const top = scroller.scrollTop;
  const status = topStatus.textContent;
  const first = performance.now();
  deliver({ type: 'lines', where: 'newer', lines: page(50, 0) });
  void scroller.scrollHeight; // layout included
  const firstPageMs = performance.now() - first;
  const prependMs: number[] = [];
  for (let p = 1; p <= 20; p++) {
    const t = performance.now();
    deliver({ type: 'lines', where: 'older', lines: page(50, -p * 50) });
    prependMs.push(performance.now() - t);
  }
  const nodes = log.children.length;
  log.replaceChildren(...saved);
  scroller.scrollTop = top;
  topStatus.textContent = status;
  return { firstPageMs, prependMs, nodes };
}

/** Presses Enter in the composer with `text` in it. */
function enter(text: string | undefined): void {
  const input = $<HTMLTextAreaElement>('input');
  input.value = text ?? '';
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
}

/** Clicks the `index`th button of the action, if there is one. */
function click(action: string, index: string | undefined): boolean {
  const b = $('log').querySelectorAll<HTMLButtonElement>(`button[data-action="${action}"]`)[Number(index ?? 0)];
  b?.click();
  return b !== undefined;
}

/** The names of the files waiting in the composer, once the page has shown the ones just added. */
function filesShown(add: () => void): Promise<string[]> {
  const files = $('files');
  return new Promise((resolve) => {
    const seen = new MutationObserver(() => {
      seen.disconnect();
      resolve([...files.children].map((li) => [...li.childNodes].find((n) => n.nodeType === Node.TEXT_NODE)?.textContent ?? ''));
    });
    seen.observe(files, { childList: true });
    add();
  });
}

/**
 * How many images the page has, once every one with a source has loaded or failed (an image's
 * error handler, had the page one, has run by then): the signal that the page is done with them.
 * -1 when some are still loading after 10 s (the test then says so instead of waiting on).
 */
function imagesSettled(): Promise<number> {
  const images = [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src'));
  const settled = images.map(
    (i) =>
      new Promise<void>((done) => {
        if (i.complete) return done();
        i.addEventListener('load', () => done(), { once: true });
        i.addEventListener('error', () => done(), { once: true });
      }),
  );
  return Promise.race([Promise.all(settled).then(() => images.length), new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000))]);
}

function run(m: DriverAct): unknown {
  switch (m.action) {
    case 'summary':
      return summary();
    case 'reply': {
      const replyBar = $('replyBar');
      const button = $('log').querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(m.target ?? '')}"] button[data-action="reply"]`);
      button?.click();
      if (!button || replyBar.hidden) return false;
      enter(m.text);
      return true;
    }
    case 'send':
      enter(m.text);
      return true;
    case 'openSnippet':
      return click('openSnippet', m.target);
    case 'retry':
      return click('retry', '0');
    case 'loadImage':
      return click('loadImage', m.target);
    case 'imagesSettled':
      return imagesSettled();
    case 'bench':
      return bench();
    case 'paste':
      // as a paste of an image copied elsewhere: a File in the clipboard data
      return filesShown(() => {
        const bytes = Uint8Array.from(atob(m.data ?? ''), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], m.target ?? 'pasted.png', { type: 'image/png' }));
        $('input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      });
    case 'drop':
      // as a drop from VS Code's Explorer: the file's URI
      return filesShown(() => {
        const transfer = new DataTransfer();
        transfer.setData('text/uri-list', m.target ?? '');
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      });
    case 'clickSend': {
      const input = $<HTMLTextAreaElement>('input');
      input.value = m.text ?? '';
      $<HTMLButtonElement>('send').click();
      return true;
    }
    case 'attach':
      return filesShown(() => $<HTMLButtonElement>('attach').click());
    case 'draft': {
      // typed as the user would: the input event saves it
      const input = $<HTMLTextAreaElement>('input');
      input.value = m.text ?? '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return true;
    }
  }
}
