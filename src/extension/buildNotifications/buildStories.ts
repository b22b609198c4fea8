import * as vscode from 'vscode';
import type { ChatId } from '../../core/model/ids';
import { isOkApiError } from '../../core/model/okApiError';
import type { LinkButton } from '../../core/net/okRequests';
import { formatBuildMessage } from '../../core/notify/buildMessage';
import type { Services } from '../services';
import { core } from '../platform/lazyCore';
import { maxMessageLength } from '../platform/settings';
import { sentIds } from '../outbox/sentIds';
import { buildGitFacts, buildNotificationJob } from './buildFacts';
import type { BuildQueue } from './buildQueue';
import type { StartedBuild } from './startedMessages';

/** Posts a task's "⏳ started" message to a chat; its id, which the result edits (undefined when OK gave none). */
export async function postStarted(s: Services, chat: ChatId, build: StartedBuild): Promise<string | undefined> {
  const folder = build.folder ?? vscode.workspace.workspaceFolders?.[0];
  const text = formatBuildMessage(
    { name: build.name, status: 'started', workspace: folder?.name ?? vscode.workspace.name, ...(await buildGitFacts(folder?.uri)), kind: 'task' },
    { locale: vscode.env.language },
  );
  const sent = await s.api.call(core().requests.sendText(chat, text));
  if (sent.message_id) void sentIds().add([sent.message_id]).catch(() => undefined);
  return sent.message_id;
}

/** What the log says of each way a result went (see StoryWay). */
const WAYS = { edited: 'edited the started message', replied: 'a reply to the started message', new: 'a new message, not a reply to the started message', unchanged: 'OK refused to edit (a result the rule does not post: nothing sent), the started message' } as const;

export interface StoryEnd {
  chat: ChatId;
  /** The "started" message's id. */
  startedId: string;
  text: string;
  buttons: LinkButton[];
  /** The build's end (the status bar shows it). */
  at: Date;
  /** A result the rule does not post: it only settles the started message (where OK refuses the edit, nothing is sent). */
  editOnly?: boolean;
}

/**
 * A result whose "started" message was posted: it edits that message; where OK refuses, it
 * replies to it; where that is refused too, it is a new message (see core/notify/buildStory.ts).
 * It waits in the Outbox meanwhile, as a reply to the started message: where it cannot be sent
 * (or VS Code stops first), the Outbox keeps it for a retry. A result the rule does not post
 * (`editOnly`) only edits, and is not kept.
 */
export async function finishStory(s: Services, queue: BuildQueue, end: StoryEnd): Promise<void> {
  const job = { ...buildNotificationJob(s, end.chat, end.text, end.buttons), replyTo: end.startedId };
  if (!end.editOnly) await s.outbox.hold(job).catch((e: unknown) => s.log.warn(`build notification not stored: ${String(e)}`));
  try {
    const { deliverResult } = core();
    const delivered = await deliverResult((request) => s.api.call(request), {
      chat: end.chat,
      text: end.text,
      buttons: end.buttons,
      startedId: end.startedId,
      maxLength: maxMessageLength(),
      editOnly: end.editOnly,
      keyboards: s.api.keyboards,
      log: (m) => s.log.info(`build notification to ${end.chat}: ${m}`),
    });
    if (delivered.way !== 'edited') void sentIds().add(delivered.messageIds).catch(() => undefined);
    s.log.info(`build notification to ${end.chat}: ${WAYS[delivered.way]} ${end.startedId}`);
    if (end.editOnly) return;
    await s.outbox.remove(job.id);
    queue.sent(end.chat, end.at, end.text);
  } catch (e) {
    if (end.editOnly) return void s.log.warn(`build notification to ${end.chat}: the started message ${end.startedId} not edited: ${e instanceof Error ? e.message : String(e)}`);
    // kept for a retry, which replies to the started message
    await s.outbox.put({ ...job, state: undefined, attempts: 1, lastError: e instanceof Error ? e.message : String(e), delivery: isOkApiError(e) ? e.delivery : 'unknown' });
    queue.failed(end.chat, end.at, e);
  }
}
