import * as vscode from 'vscode';
import type { ChatId } from '../../core/model/ids';
import type { LinkButton } from '../../core/net/okRequests';
import type { Services } from '../services';
import { core } from '../platform/lazyCore';
import { buildGitFacts } from './buildFacts';
import type { BuildQueue } from './buildQueue';
import type { StartedBuild } from './startedMessages';

/** Posts a task's "started" message to a chat; its id, which the result edits (undefined when OK gave none). */
export async function postStarted(s: Services, chat: ChatId, build: StartedBuild): Promise<string | undefined> {
  const folder = build.folder ?? vscode.workspace.workspaceFolders?.[0];
  const facts = await buildGitFacts(folder?.uri);
  const text = ['⏳', build.name, 'started', '·', folder?.name ?? vscode.workspace.name, facts.branch ? `· ${facts.branch}` : ''].filter(Boolean).join(' ');
  const sent = await s.api.call(core().requests.sendText(chat, text));
  return sent.message_id;
}

export interface StoryEnd {
  chat: ChatId;
  /** The "started" message's id. */
  startedId: string;
  text: string;
  buttons: LinkButton[];
  at: Date;
}

/** A result whose "started" message was posted: it edits that message. */
export async function finishStory(s: Services, queue: BuildQueue, end: StoryEnd): Promise<void> {
  queue.enqueue(end.chat, end.text, end.buttons, end.at);
  await Promise.resolve(s);
}
