// The page of a chat's conversation (bundled to dist/conversation/page.js by scripts/build.mjs).
// Lines come from the panel a page at a time and are appended or prepended as nodes; nothing
// already shown is rendered again (pageHistory.ts). Links, snippets' "Open in editor", sends and
// retries are posted to the panel, which decides what to do. VS Code drops the page while its tab
// is hidden and builds it again: the panel then sends all it has shown (a 'state' message), and
// the page keeps its own part (the draft, the reply, the scroll position, the "new messages"
// divider) in VS Code's saved state for the webview (pageContext.ts).
import { loadImage } from './render';
import { fullTimeFormat, lineTimeFormat } from './lineTimes';
import type { ToPage } from './conversationProtocol';
import { attachButton, cancelReply, data, filesList, input, log, page, post, saveState, sendButton, topStatus } from './pageContext';
import { olderFailed, onLines, onState } from './pageHistory';
import { showNotice } from './notice';
import { addPicked, restoreReply, startReply } from './composer';
import { onSendStatus } from './sends';

document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  const image = target?.closest<HTMLButtonElement>('button[data-action="loadImage"]');
  if (image) {
    if (page.ctx) loadImage(image, page.ctx);
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
    li.querySelector('.status')!.textContent = page.init?.strings.sending ?? '';
    post({ type: 'retry', localId: li.dataset.local, outboxId: b.dataset.outbox });
  }
});

window.addEventListener('message', (e: MessageEvent<ToPage>) => {
  const m = e.data;
  switch (m.type) {
    case 'init': {
      page.init = m;
      saveState({ chatId: m.chatId });
      page.ctx = { strings: m.strings, locale: m.locale, time: lineTimeFormat(m.locale), fullTime: fullTimeFormat(m.locale) };
      log.setAttribute('aria-label', m.strings.messages);
      input.placeholder = m.strings.placeholder;
      input.setAttribute('aria-label', m.strings.composer);
      filesList.setAttribute('aria-label', m.strings.files);
      cancelReply.textContent = m.strings.cancelReply;
      sendButton.textContent = m.strings.send;
      attachButton.title = m.strings.attach;
      attachButton.setAttribute('aria-label', m.strings.attach);
      topStatus.textContent = page.notice ? '' : m.strings.loading;
      restoreReply(m.strings.replyingTo);
      // a chat opened (or its page built again): typing goes to the composer
      input.focus();
      break;
    }
    case 'attached':
      addPicked(m.files);
      break;
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
      if (m.where === 'older') olderFailed();
      topStatus.textContent = m.message;
      break;
    case 'sendStatus':
      onSendStatus(m.localId, m.status, m.messageId, m.outboxId, m.error);
      break;
  }
});

post({ type: 'ready' });
