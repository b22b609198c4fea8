// The notice bar: why the panel cannot show the chat now, counting down to its next try, with a
// button when there is something to do (set the token, show the log).
import type { NoticeData } from './conversationProtocol';
import { noticeAction, noticeBar, noticeText, page, post, topStatus } from './pageContext';

let noticeTimer: ReturnType<typeof setInterval> | undefined;

/** The time until the next try, for a notice's `{0}`. */
function untilNextTry(): string {
  const { init, notice } = page;
  if (!init || notice?.retryAt === undefined) return init?.strings.soon ?? '';
  const s = Math.max(1, Math.ceil((notice.retryAt - Date.now()) / 1000));
  return s < 60 ? init.strings.inSeconds.replace('{0}', String(s)) : init.strings.inMinutes.replace('{0}', String(Math.ceil(s / 60)));
}

export function showNotice(n: NoticeData | undefined): void {
  page.notice = n;
  clearInterval(noticeTimer);
  noticeBar.hidden = !n;
  noticeAction.hidden = !n?.action;
  noticeAction.textContent = n?.action?.label ?? '';
  const draw = () => (noticeText.textContent = n ? n.text.replace('{0}', untilNextTry()) : '');
  draw();
  if (n?.retryAt !== undefined && n.text.includes('{0}')) noticeTimer = setInterval(draw, 1000);
  // nothing shown yet: the notice says why instead of "Loading messages…"
  if (!page.restored && page.init) topStatus.textContent = n ? '' : page.init.strings.loading;
}

noticeAction.addEventListener('click', () => {
  if (page.notice?.action) post({ type: 'noticeAction', action: page.notice.action.id });
});
