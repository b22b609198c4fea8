// What the conversation page sends through its panel: a message, a file, a Retry. Each goes
// through the Outbox (the host's send, sendFile, retry); the page is told sending, sent (with the
// id OK gave) or failed (with the Outbox item to retry), and the panel reads soon after a send.
import type { FromPage, ToPage } from '../../webview/conversation/conversationProtocol';
import type { ConversationHost, FailedSend } from './conversationHost';
import { bytesOf, type KnownMessages, sendLine } from './panelLines';
import type { ShownState } from './shownState';

/** What a send from the page needs of its panel. */
export interface PanelForSends {
  readonly host: ConversationHost;
  readonly chatId: string;
  readonly shown: ShownState;
  readonly known: KnownMessages;
  /** the files picked with the attach button: only these may be sent from outside the workspace */
  readonly picked: ReadonlySet<string>;
  post(m: ToPage): void;
  /** the next read, after `ms` */
  schedule(ms: number): void;
}

export async function sendFromPage(p: PanelForSends, m: Extract<FromPage, { type: 'send' | 'sendFile' | 'retry' }>): Promise<void> {
  if (m.type === 'retry') p.shown.sending(m.localId);
  else p.shown.sending(m.localId, sendLine(m, p.shown));
  try {
    const outcome =
      m.type === 'send'
        ? await p.host.send(p.chatId, m.text, m.replyTo)
        : m.type === 'sendFile'
          ? await p.host.sendFile(p.chatId, { name: m.name, data: bytesOf(m.data), uri: m.uri, picked: m.uri !== undefined && p.picked.has(m.uri) }, m.caption)
          : await p.host.retry(m.outboxId);
    const id = outcome.messageIds[0];
    if (id) p.known.sentHere.add(id);
    p.shown.sent(m.localId, id);
    p.post({ type: 'sendStatus', localId: m.localId, status: 'sent', ...(id ? { messageId: id } : {}) });
    p.schedule(300);
  } catch (e) {
    const failed = e as Partial<FailedSend>;
    p.shown.failed(m.localId, failed.message ?? String(e), failed.outboxId);
    p.post({ type: 'sendStatus', localId: m.localId, status: 'failed', error: failed.message ?? String(e), ...(failed.outboxId ? { outboxId: failed.outboxId } : {}) });
  }
}
