// What the conversation panel (its own bundle, dist/conversation/panel.js) is given from the
// extension bundle: the ConversationHost made of the Services, and the panel module itself,
// required on first use (activation only registers the command and the serializer).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseChatId } from '../../core/model/ids';
import { splitMessage } from '../../core/messages/messageText';
import { newJob, type OutboxItem } from '../../core/outbox/outboxItems';
import type { SendOutcome } from '../../core';
import { core } from '../platform/lazyCore';
import { maxMessageLength } from '../platform/settings';
import { workspaceFileOf } from '../platform/workspaceFiles';
import { confirmSent, SendFailed, sendJob } from '../outbox/sendThroughOutbox';
import { dropKeptFile, keepFile } from '../outbox/keptFiles';
import { markChatSeen } from '../commands/manageChat';
import type { Result } from '../commands/commandContract';
import type { Services } from '../services';
import type { ConversationHost, FailedSend } from './conversationHost';
import { sentIds } from '../outbox/sentIds';

/** How often a visible panel reads new messages, unless the tests change it. */
const DEFAULT_POLL_MS = 15_000;

export { panelModule } from './panelModule';

/** A send from the panel that failed, with the Outbox item to retry. */
class PanelSendFailed extends Error implements FailedSend {
  constructor(cause: unknown, readonly outboxId: string | undefined) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Sends a job from the panel through the Outbox, quietly (the panel shows the progress); a failure names the Outbox item kept. */
async function sendFromPanel(s: Services, job: OutboxItem): Promise<SendOutcome> {
  try {
    const outcome = await sendJob(s, job, { quiet: true });
    confirmSent(job, { offerOpen: false });
    return outcome;
  } catch (e) {
    throw new PanelSendFailed(e, e instanceof SendFailed ? e.item.id : undefined);
  }
}

/** The tests' driver of the page, when a test run asked for one (see conversationSeam.ts). */
function testDriver(s: Services): ConversationHost['driver'] {
  const script = s.context.extensionMode === vscode.ExtensionMode.Test ? s.tuning.conversation?.driver : undefined;
  if (!script) return undefined;
  return { script, owns: (raw) => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'testResult' };
}

export function conversationHost(s: Services): ConversationHost {
  const driver = testDriver(s);
  return {
    extensionUri: s.context.extensionUri,
    core,
    call: (request, signal) => s.api.call(request, signal),
    log: s.log,
    hasToken: async () => (await s.tokens.get()) !== undefined,
    learnPeople: (group, messages) => void s.people.learn(group, messages).catch((e: unknown) => s.log.warn(`people: ${String(e)}`)),
    onDidChangeToken: (listener) => s.tokens.onDidChange(listener),
    send: async (chatId, text, replyTo) => {
      const id = parseChatId(chatId);
      const parts = splitMessage(text, maxMessageLength());
      return sendFromPanel(s, newJob('text', parts, { chatId: id, chatTitle: s.chats.get(id)?.title, replyTo }, 'text'));
    },
    sendFile: async (chatId, file, caption) => {
      let kept: vscode.Uri | undefined;
      try {
        const id = parseChatId(chatId);
        const name = file.name.replace(/[\\/]/g, '_').slice(0, 200) || 'file';
        let uri: vscode.Uri;
        if (file.data) {
          core().checkUploadSize(name, file.data.byteLength);
          uri = kept = await keepFile(s, file.data, path.extname(name));
        } else if (file.picked) {
          // a file the user picked in the open dialog (the panel checks it was one of those)
          uri = vscode.Uri.parse(file.uri ?? '', true);
          core().checkUploadSize(name, (await vscode.workspace.fs.stat(uri)).size);
        } else {
          // only a file really inside the workspace (after `..` and links): the page shows what others wrote and must not pick files to upload
          uri = await workspaceFileOf(file.uri ?? '');
          core().checkUploadSize(name, (await vscode.workspace.fs.stat(uri)).size);
        }
        const job = newJob('file', [uri.toString()], { chatId: id, chatTitle: s.chats.get(id)?.title, fileName: name, caption: caption?.trim() ? caption : undefined }, 'file');
        const outcome = await sendFromPanel(s, job);
        if (kept) await dropKeptFile(s, kept);
        return outcome;
      } catch (e) {
        // a file kept for a message in the Outbox stays for its retry
        if (kept && !(e instanceof PanelSendFailed && e.outboxId)) await dropKeptFile(s, kept);
        throw e instanceof PanelSendFailed ? e : new PanelSendFailed(e, undefined);
      }
    },
    pickFiles: async () => {
      const answer = s.tuning.conversation?.pickFiles;
      if (answer && s.context.extensionMode === vscode.ExtensionMode.Test) return answer();
      return vscode.window.showOpenDialog({ canSelectMany: true, openLabel: vscode.l10n.t('Attach'), title: vscode.l10n.t('Attach Files') });
    },
    seenAt: (chatId) => {
      const id = parseChatId(chatId);
      return s.chats.has(id) ? s.unread.tracker.get(id)?.seenAt : undefined;
    },
    retry: async (outboxId) => {
      try {
        return await vscode.commands.executeCommand<Result<'okChat.retrySend'>>('okChat.retrySend', { id: outboxId });
      } catch (e) {
        throw new PanelSendFailed(e, outboxId);
      }
    },
    markSeen: async (chatId, shownUpTo) => {
      await markChatSeen(s, parseChatId(chatId), shownUpTo);
    },
    title: (chatId) => s.chats.get(parseChatId(chatId))?.title,
    pollMs: () => s.tuning.conversation?.pollMs ?? DEFAULT_POLL_MS,
    pollDecided: (decision) => s.tuning.conversation?.onPoll?.(decision),
    sentIds: () => sentIds().snapshot(),
    ...(driver ? { driver } : {}),
  };
}
