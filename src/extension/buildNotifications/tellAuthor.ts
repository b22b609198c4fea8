/**
 * A build rule's `dmAuthor`: when a build breaks (a failure after a success, as the watcher
 * remembers it), the author of HEAD in the task's folder, found in the committed
 * `.ok-chat/people.json`, also gets the message directly from the group. The map is read only
 * in a trusted workspace, like every build send. Nothing here interrupts anything: each reason
 * for not telling is a line in the log.
 */
import * as vscode from 'vscode';
import type { BuildStatus } from '../../core/notify/buildStatus';
import type { LinkButton } from '../../core/net/okRequests';
import { splitMessage } from '../../core/messages/messageText';
import { newJob } from '../../core/outbox/outboxItems';
import { repositoryInfo } from '../platform/gitRepository';
import { core } from '../platform/lazyCore';
import { maxMessageLength } from '../platform/settings';
import { sendJob } from '../outbox/sendThroughOutbox';
import type { Services } from '../services';

/** The person told: `{mention}` in the chat message names them. */
export interface AuthorToTell {
  userId: string;
  mention: string;
}

/** Who to tell of a build's result, or undefined (with the reason in the log when it was a failure). */
export async function authorOfBreak(s: Services, folder: vscode.WorkspaceFolder | undefined, status: BuildStatus, previous: BuildStatus | undefined): Promise<AuthorToTell | undefined> {
  if (status !== 'failure') return undefined;
  const none = (why: string) => {
    s.log.info(`build notification: nobody told directly: ${why}`);
    return undefined;
  };
  const c = core();
  if (!c.isBreak(status, previous)) return none(previous === 'failure' ? 'the build was already failing' : 'no earlier result of this build in this workspace, so it is not known whether this failure broke it');
  if (!vscode.workspace.isTrusted) return none('the workspace is not trusted');
  const repo = await repositoryInfo(folder?.uri, { orFirst: true });
  const top = repo?.root ?? folder?.uri;
  if (!top) return none('no folder');
  const file = vscode.Uri.joinPath(top, ...c.PEOPLE_FILE.split('/'));
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    return none(`there is no ${c.PEOPLE_FILE} in ${top.fsPath}`);
  }
  const { people, warnings } = c.parsePeople(text, c.PEOPLE_FILE);
  for (const w of warnings) s.log.warn(`build notification: ${w}`);
  const head = await repo?.headAuthor();
  const author = c.findAuthor(people, { name: head?.name, email: head?.email });
  if (!author.found) return none(author.reason);
  return { userId: author.userId, mention: author.mention };
}

/**
 * The same text and link buttons to the person (where OK refuses the buttons, their links as
 * text), through the Outbox: a failed send is kept there to retry. A person who does not allow
 * messages from the group is a warning in the log.
 */
export async function tellAuthor(s: Services, person: AuthorToTell, text: string, buttons: readonly LinkButton[]): Promise<void> {
  const who = `${person.mention} (${person.userId})`;
  const job = newJob('users', splitMessage(text, maxMessageLength()), { userIds: [person.userId], buttons: [...buttons] }, 'build');
  try {
    const outcome = await sendJob(s, job, { quiet: true });
    if (outcome.failed?.length) s.log.warn(`build notification: OK did not deliver the direct message to ${who}: they do not allow messages from the group`);
    else s.log.info(`build notification: told ${who} directly`);
  } catch (e) {
    s.log.warn(`build notification: the direct message to ${who} was not sent (kept in the Outbox): ${e instanceof Error ? e.message : String(e)}`);
  }
}
