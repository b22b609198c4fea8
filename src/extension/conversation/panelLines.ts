// What the conversation panel posts and reads as plain data: a conversation line as the page gets
// it, the line of a message sent from the composer, and the bytes of a file the page posted.
import type { ConversationLine } from '../../core/messages/conversation';
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
