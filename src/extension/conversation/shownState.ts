// What a conversation panel has shown, kept by the panel so that a page built again (VS Code drops
// a hidden webview's page) gets all of it at once. Pure: no `vscode` here.
import type { LineData, SendData, StateMessage } from '../../webview/conversation/conversationProtocol';

export class ShownState {
  private lines: LineData[] = [];
  private readonly ids = new Set<string>();
  private end = false;
  private loaded = false;
  private readonly sends = new Map<string, SendData>();
  private unreadFrom: string | undefined;

  /** The first page was read. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  private unseen(lines: readonly LineData[]): LineData[] {
    const out: LineData[] = [];
    for (const l of lines) {
      if (l.id && this.ids.has(l.id)) continue;
      if (l.id) this.ids.add(l.id);
      out.push(l);
      // read back: the composer's send of it is done
      for (const [localId, s] of this.sends) if (l.id && s.messageId === l.id) this.sends.delete(localId);
    }
    return out;
  }

  /** The newest page (oldest first); `unreadFrom`: the first line that was unread when the chat opened. */
  first(lines: readonly LineData[], end: boolean, unreadFrom?: string): void {
    this.lines = [];
    this.ids.clear();
    this.lines = this.unseen(lines);
    this.end = end;
    this.loaded = true;
    this.unreadFrom = unreadFrom;
  }

  /** An older page, before what is shown. */
  older(lines: readonly LineData[], end: boolean): void {
    this.lines = [...this.unseen(lines), ...this.lines];
    this.end = end;
  }

  /** Newer lines, after what is shown. */
  newer(lines: readonly LineData[]): void {
    this.lines.push(...this.unseen(lines));
  }

  /** A send from the composer started (again, for a retry: `line` undefined). */
  sending(localId: string, line?: LineData): void {
    const was = this.sends.get(localId);
    const shown = line ?? was?.line;
    if (shown) this.sends.set(localId, { localId, line: shown, status: 'sending' });
  }

  sent(localId: string, messageId: string | undefined): void {
    const s = this.sends.get(localId);
    if (!s) return;
    if (!messageId || this.ids.has(messageId)) this.sends.delete(localId);
    else this.sends.set(localId, { localId, line: { ...s.line, id: messageId }, status: 'sent', messageId });
  }

  failed(localId: string, error: string, outboxId: string | undefined): void {
    const s = this.sends.get(localId);
    if (s) this.sends.set(localId, { localId, line: s.line, status: 'failed', error, ...(outboxId ? { outboxId } : {}) });
  }

  /** A line shown, by its id (for the quote of a reply). */
  line(id: string): LineData | undefined {
    return this.lines.find((l) => l.id === id);
  }

  /** Everything for a page built again. */
  message(): StateMessage {
    return { type: 'state', lines: [...this.lines], end: this.end, sends: [...this.sends.values()], ...(this.unreadFrom ? { unreadFrom: this.unreadFrom } : {}) };
  }
}
