// What the conversation panel posts and reads as plain data: the messages read so far as lines
// the page gets, the line of a message sent from the composer, and the bytes of a file the page posted.
import type { OkMessage } from '../../core';
import type { ConversationLine } from '../../core/messages/conversation';
import type { CoreModule } from '../platform/lazyCore';
import type { FromPage, LineData } from '../../webview/conversation/conversationProtocol';
import { languageName } from './openSnippet';
import type { ShownState } from './shownState';

/** A line of the core's reading as the page gets it (times in ms, snippets with VS Code's name of their language). */
export function toData(line: ConversationLine): LineData {
  if (line.kind === 'system') return { kind: 'system', ...(line.id ? { id: line.id } : {}), time: line.time.getTime(), text: line.text, ...(line.timeUnknown ? { timeUnknown: true } : {}) };
  const { time, snippets, senderId: _s, ...rest } = line;
  return { ...rest, time: time.getTime(), ...(snippets ? { snippets: snippets.map((s) => ({ ...s, languageName: languageName(s.language) })) } : {}) };
}

/** The line of a message sent from the composer, as the page shows it while it goes (a reply quotes the shown line). */
export function sendLine(m: Extract<FromPage, { type: 'send' | 'sendFile' }>, shown: ShownState): LineData {
  if (m.type === 'sendFile') return { kind: 'message', time: Date.now(), text: m.caption ?? '', ours: true, attachments: [{ kind: 'file', name: m.name }] };
  const quoted = m.replyTo ? shown.line(m.replyTo) : undefined;
  return { kind: 'message', time: Date.now(), text: m.text, ours: true, ...(m.replyTo ? { reply: { id: m.replyTo, ...(quoted?.sender ? { sender: quoted.sender } : {}), ...(quoted ? { text: quoted.text } : {}) } } : {}) };
}

/** A file's bytes as the page posted them (a typed array; older hosts: its JSON object form). */
export function bytesOf(d: unknown): Uint8Array | undefined {
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (typeof d === 'object' && d !== null) return Uint8Array.from(Object.values(d as Record<string, number>));
  return undefined;
}

/** The messages a panel has read: by id (for replies), senders' names, which are ours, and the time span read. */
export class KnownMessages {
  private readonly byId = new Map<string, OkMessage>();
  private readonly names = new Map<string, string>();
  /** The ids OK gave the sends from this panel. */
  readonly sentHere = new Set<string>();
  /** The group's id (`/me/info`), once known: with the ids OK gave our sends, it tells our messages (core `oursBy`). */
  group: string | undefined;
  oldest: number | undefined;
  newest: number | undefined;

  ids(): Iterable<string> {
    return this.byId.keys();
  }

  /** The time span read grows by these messages. */
  note(messages: readonly OkMessage[]): void {
    for (const m of messages) {
      this.oldest = Math.min(this.oldest ?? m.timestamp, m.timestamp);
      this.newest = Math.max(this.newest ?? m.timestamp, m.timestamp);
    }
  }

  /** The messages as lines, oldest first; names and replies resolved among all read. `stored`: the ids OK gave our sends in any window. */
  lines(messages: readonly OkMessage[], c: CoreModule, stored: { has(id: string): boolean }): LineData[] {
    for (const m of messages) {
      const id = c.okMessageId(m);
      if (id) this.byId.set(id, m);
      if (m.sender?.user_id && m.sender.name) this.names.set(`user:${m.sender.user_id.replace(/^user:/, '')}`, m.sender.name);
    }
    const isOurs = c.oursBy({ groupId: this.group, sentIds: { has: (id) => this.sentHere.has(id) || stored.has(id) } });
    const ctx = { isOurs, names: this.names, byId: this.byId };
    return [...messages].sort((a, b) => a.timestamp - b.timestamp).map((m) => toData(c.conversationLine(m, ctx)));
  }
}
