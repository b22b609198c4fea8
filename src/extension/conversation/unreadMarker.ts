// Where the "New messages" line goes when a chat with unread messages opens: above the first
// message from others newer than the newest the user had seen (the unread tracker's `seenAt`,
// read before the panel marks the chat seen). Pure: no `vscode` here.
import type { LineData } from '../../webview/conversation/conversationProtocol';

/** The id of the first unread line (oldest first), or undefined when nothing shown is unread. */
export function firstUnread(lines: readonly LineData[], seenAt: number | undefined): string | undefined {
  if (seenAt === undefined) return undefined;
  return lines.find((l) => l.kind === 'message' && !l.ours && !l.timeUnknown && l.id !== undefined && l.time > seenAt)?.id;
}
