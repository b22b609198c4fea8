// The log of the conversation: pages of lines appended or prepended as nodes (nothing already
// shown is rendered again), older pages asked for while scrolling up, the "new messages"
// divider, and the scroll position kept in VS Code's saved state for a page built again.
import { el, markGroups, pageFragment } from './render';
import { announcement } from './announce';
import type { LineData, StateMessage } from './conversationProtocol';
import { announcer, atBottom, data, log, page, pageState, post, saveState, scroller, shownIds, topStatus, type PageState } from './pageContext';
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
    markGroups(log, (n) => data.get(n));
    scroller.scrollTop += scroller.scrollHeight - before;
    return;
  }
  const stick = where === 'initial' || atBottom();
  if (where === 'newer' && lines.some((l) => !l.ours) && (!document.hasFocus() || !stick) && !log.querySelector('.divider')) {
    log.append(newMessagesDivider());
    const first = lines[0]?.id;
    if (first) saveState({ divider: first });
  }
  log.append(fragment);
  markGroups(log, (n) => data.get(n));
  if (stick) scroller.scrollTop = scroller.scrollHeight;
  // new messages are announced, in a few words (the log itself is not a live region: a page of history is never read out)
  if (where === 'newer') announce(lines);
}

function announce(lines: readonly LineData[]): void {
  const { ctx } = page;
  const words = ctx && announcement(lines, ctx.strings, ctx.locale, ctx.strings.attachment);
  if (!words) return;
  // a change of the text is what is announced: the same words twice are set anew
  announcer.textContent = '';
  requestAnimationFrame(() => (announcer.textContent = words));
}

function newMessagesDivider(): HTMLElement {
  const divider = el('li', 'divider', page.ctx?.strings.newMessages);
  divider.setAttribute('role', 'separator');
  divider.setAttribute('aria-label', page.ctx?.strings.newMessages ?? '');
  return divider;
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
  // a chat opened with unread messages: the divider above the first, scrolled to (once: a page built again keeps where the user was)
  const opening = m.unreadFrom !== undefined && pageState.unreadShown !== m.unreadFrom;
  if (opening) saveState({ divider: m.unreadFrom, unreadShown: m.unreadFrom, scroll: undefined });
  const before = pageState.divider ? log.querySelector(`li[data-id="${CSS.escape(pageState.divider)}"]`) : null;
  let divider: HTMLElement | undefined;
  if (before) before.before((divider = newMessagesDivider()));
  else if (pageState.divider) saveState({ divider: undefined });
  markGroups(log, (n) => data.get(n));
  topStatus.textContent = end ? init.strings.start : '';
  if (opening && divider) scroller.scrollTop += divider.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
  else restoreScroll();
  page.restored = true;
  if (!end && scroller.scrollHeight <= scroller.clientHeight) askOlder();
}
