import * as os from 'node:os';
import type * as vscode from 'vscode';
import type { OutputPaths } from '../../core/notify/outputTail';
import type { ChatId } from '../../core/model/ids';
import { splitMessage } from '../../core/messages/messageText';
import type { BuildResult, BuildStatus } from '../../core/notify/buildStatus';
import { newJob, type OutboxItem } from '../../core/outbox/outboxItems';
import type { LinkButton } from '../../core/net/okRequests';
import type { Services } from '../services';
import { gitHostKinds, linkButtonsEnabled, maxMessageLength } from '../platform/settings';
import { repositoryInfo } from '../platform/gitRepository';
import { core } from '../platform/lazyCore';

/** The outbox job that posts a build notification to a chat (split into parts if long), with its link buttons. */
export function buildNotificationJob(s: Services, chat: ChatId, text: string, buttons: LinkButton[] = []): OutboxItem {
  return newJob('text', splitMessage(text, maxMessageLength()), { chatId: chat, chatTitle: s.chats.get(chat)?.title, buttons }, 'build');
}

/** Where a folder's build stands in git: branch, commit, and the commit's page when it is pushed. */
export async function buildGitFacts(folder: vscode.Uri | undefined): Promise<Pick<BuildResult, 'branch' | 'commit' | 'commitUrl'>> {
  const repo = await repositoryInfo(folder, { orFirst: true });
  if (!repo) return {};
  const { commitUrlFor, repositoryPage } = core();
  const page = repositoryPage(repo.remoteUrl);
  return {
    branch: repo.branch ?? repo.commit?.slice(0, 8),
    commit: repo.commit,
    commitUrl: repo.pushed ? commitUrlFor(page, repo.commit, undefined, gitHostKinds(folder)) : undefined,
  };
}

/** The folders a build's output paths are shown relative to: its workspace folder (on disk) and the home folder as `~`. */
export function outputPaths(folder: vscode.WorkspaceFolder | undefined): OutputPaths {
  return { workspace: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined, home: os.homedir() };
}

/** A build's link buttons (its commit), unless `okChat.linkButtons` is off (then the links are text only). */
export function buildButtons(result: BuildResult, status: BuildStatus): LinkButton[] {
  return linkButtonsEnabled() ? core().buildLinkButtons({ commitUrl: result.commitUrl, runUrl: result.runUrl }, status) : [];
}
