/**
 * Which messages are ours, decided in one place for the conversation view, the unread counts and
 * `ok-chat read`: a message is ours when the group sent it (its sender is the group's id in any
 * form OK writes it: `group:N`, `N`, or `user:N`), or when its id is one OK gave back to one of
 * our sends (OK may show the group's own messages with another sender). Pure: the ids given back
 * are kept by the caller (the extension: `SentIds` records in global state; the CLI: none).
 */
import { okMessageId, type OkMessage } from '../model/messageSchemas';

/** What tells our messages apart. */
export interface OursFacts {
  /** The group's id as `/me/info` names it (`group:N`); unknown: no message is ours by sender. */
  groupId?: string;
  /** Message ids OK gave back to our sends. */
  sentIds?: { has(id: string): boolean };
}

/** The predicate "is this message ours?" for these facts. */
export function oursBy(facts: OursFacts): (m: OkMessage) => boolean {
  const digits = facts.groupId?.replace(/^(?:group|user):/, '');
  const forms = digits ? new Set([digits, `group:${digits}`, `user:${digits}`]) : undefined;
  return (m) => {
    const sender = m.sender?.user_id;
    if (forms && sender && forms.has(sender)) return true;
    const id = okMessageId(m);
    return id !== undefined && facts.sentIds?.has(id) === true;
  };
}

/**
 * The `isOurs` of a group's token: messages whose sender is the group (`group:N`, the bare number N,
 * or `user:N` as some answers give ids), as `/me/info` names it.
 */
export function sentByGroup(groupId: string): (m: OkMessage) => boolean {
  return oursBy({ groupId });
}
