// The composer's sends in the log: shown at once as being sent, then sent (with the id OK gave)
// or failed (with Retry, when the Outbox kept the message).
import { el, lineNode, markGroups } from './render';
import type { LineData, SendData } from './conversationProtocol';
import { data, log, page, pageState, saveState, scroller, shownIds } from './pageContext';

/** Local ids stay unique across pages built again (the panel keeps those of sends in flight). */
const pageId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let localCount = 0;

/** A line of ours shown at once, marked as being sent; returns its local id. */
export function showPending(line: LineData): string | undefined {
  const { ctx, init } = page;
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
  markGroups(log, (n) => data.get(n));
  scroller.scrollTop = scroller.scrollHeight;
  return localId;
}

/** A send the panel knows of, shown as it was: sending, failed (with Retry) or sent. */
export function showSend(s: SendData): void {
  const { ctx, init } = page;
  if (!ctx || !init) return;
  const node = lineNode(s.line, ctx);
  node.dataset.local = s.localId;
  node.classList.add('pending');
  node.querySelector('.status')!.textContent = init.strings.sending;
  data.set(node, s.line);
  log.append(node);
  markGroups(log, (n) => data.get(n));
  if (s.status === 'failed') onSendStatus(s.localId, 'failed', undefined, s.outboxId, s.error);
  else if (s.status === 'sent') onSendStatus(s.localId, 'sent', s.messageId);
}

export function onSendStatus(localId: string, status: 'sent' | 'failed', messageId?: string, outboxId?: string, error?: string): void {
  const { init } = page;
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
      markGroups(log, (n) => data.get(n));
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
