// The log of the conversation: pages of lines appended or prepended as nodes (nothing already
// shown is rendered again), older pages asked for while scrolling up, the "new messages"
// divider, and the scroll position kept in VS Code's saved state for a page built again.
import { el, pageFragment } from './render';
import type { LineData, StateMessage } from './conversationProtocol';
import { atBottom, data, log, page, pageState, post, saveState, scroller, shownIds, topStatus, type PageState } from './pageContext';
import { showSend } from './sends';

let loadingOlder = false;
let end = false;

function fresh(lines: readonly LineData[]): LineData[] {
  return lines.filter((l) => !l.id || !shownIds.has(l.id));
}

function remember(nodes: Element[], lines: readonly LineData[]): void {
  nodes.forEach((n, i) => data.set(n, lines[i]));
  for (const l of lines) if (l.id) shownIds.add(l.id);
}

function insert(lines: LineData[], where: 'initial' | 'older' | 'newer'): void {
  const { ctx } = page;
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

export function onLines(where: 'initial' | 'older' | 'newer', lines: LineData[], isEnd: boolean | undefined): void {
  if (where !== 'newer' && isEnd !== undefined) end = isEnd;
  if (where === 'initial') topStatus.textContent = '';
  insert(fresh(lines), where);
  if (where === 'older') loadingOlder = false;
  topStatus.textContent = end && page.init ? page.init.strings.start : '';
  // a first page shorter than the window: load more until it scrolls
  if (!end && scroller.scrollHeight <= scroller.clientHeight) askOlder();
}

function askOlder(): void {
  if (loadingOlder || end || !page.init) return;
  loadingOlder = true;
  topStatus.textContent = page.init.strings.loadingOlder;
  post({ type: 'older' });
}

/** Loading older lines failed: the page may ask again. */
export function olderFailed(): void {
  loadingOlder = false;
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
  if (!page.restored) return;
  clearTimeout(scrollSave);
  scrollSave = setTimeout(() => saveState({ scroll: scrollPosition() }), 150);
});

/** Shows everything the panel has shown, in place of what the page shows (a page built again, or the first page). */
export function onState(m: StateMessage): void {
  const { ctx, init } = page;
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
  topStatus.textContent = end ? init.strings.start : '';
  restoreScroll();
  page.restored = true;
  if (!end && scroller.scrollHeight <= scroller.clientHeight) askOlder();
}
