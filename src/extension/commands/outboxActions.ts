import * as vscode from 'vscode';
import { InputError } from '../../core/model/ids';
import { Cancelled } from './commandErrors';
import { outboxLabel, pendingText, type OutboxItem } from '../../core/outbox/outboxItems';
import { confirmModal, isArgumentObject, pick, stringArg } from './prompts';
import { confirmSent, SendFailed, sendJob } from '../outbox/sendThroughOutbox';
import { passesLater } from '../../core/outbox/autoRetry';
import { countText } from '../../core/messages/plural';
import type { Services } from '../services';
import type { Args, OutboxEntry, Result, TreeNodeArg } from './commandContract';

function itemFrom(s: Services, arg: unknown): OutboxItem | undefined {
  // outboxId first: a tree node (OutboxItemNode) also has an `id`, the tree's "outbox/<id>"
  const id = stringArg(arg, 'outboxId') ?? stringArg(arg, 'id');
  if (id === undefined) return undefined;
  const item = s.outbox.get(id);
  if (!item) throw new InputError(vscode.l10n.t('That message is no longer in the Outbox.'));
  return item;
}

async function pickItem(s: Services, placeHolder: string): Promise<OutboxItem> {
  const items = s.outbox.listed();
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The Outbox is empty: every message was sent.'));
    throw new Cancelled();
  }
  const picked = await pick(
    s,
    items.map((item) => ({ label: outboxLabel(item) || vscode.l10n.t('(image)'), description: item.kind === 'users' ? item.userIds.join(', ') : (item.chatTitle ?? item.chatId), detail: item.lastError, item })),
    { placeHolder },
  );
  if (!picked) throw new Cancelled();
  return picked.item;
}

/**
 * Asks what to do with a message that may have been sent. The first button, the one Enter presses,
 * never sends: "Open Chat" opens the conversation to look (a direct message: "Copy Text"). "It
 * Arrived — Discard" takes it out of the Outbox; only "Send Again" sends it. Resolves when it is
 * to be sent; throws {@link Cancelled} otherwise (after doing what was chosen).
 */
async function confirmMayHaveBeenSent(s: Services, item: OutboxItem): Promise<void> {
  const message = vscode.l10n.t('This message may have been sent.');
  const detail = vscode.l10n.t('OK may already have it: check the chat before retrying, or it may be posted twice.');
  const look = item.kind === 'users' ? vscode.l10n.t('Copy Text') : vscode.l10n.t('Open Chat');
  const arrived = vscode.l10n.t('It Arrived — Discard');
  const again = vscode.l10n.t('Send Again');
  const buttons = [look, arrived, again];
  const scripted = s.tuning.retryConfirmation;
  const choice = scripted ? scripted(`${message} ${outboxLabel(item)}`, buttons) : await vscode.window.showWarningMessage(message, { modal: true, detail: `${outboxLabel(item)}\n\n${detail}` }, ...buttons);
  if (choice === again) return;
  if (choice === look) {
    if (item.kind === 'users') await copyOutboxItem(s, { id: item.id });
    else await vscode.commands.executeCommand('okChat.openConversation', { chatId: item.chatId });
  } else if (choice === arrived && (await s.outbox.remove(item.id))) {
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Taken out of the Outbox: it arrived.')}`, 5000);
  }
  throw new Cancelled();
}

/**
 * `{ id }`: sends what is left of an outbox message. Parts OK already accepted are not sent
 * again. A message that may have been sent is sent again only after the user confirms (from
 * code: `{ id, confirmed: true }`). One attempt at a time per message.
 */
export async function retrySend(s: Services, arg?: Args<'okChat.retrySend'> | TreeNodeArg): Promise<Result<'okChat.retrySend'>> {
  const item = itemFrom(s, arg) ?? (await pickItem(s, vscode.l10n.t('Retry which message?')));
  if (s.outbox.isRunning(item.id)) throw new InputError(vscode.l10n.t('This message is being sent right now. Wait for that attempt to end.'));
  if (item.delivery === 'unknown' && !(isArgumentObject(arg) && arg.confirmed === true)) {
    await confirmMayHaveBeenSent(s, item);
    // the item may have changed (sent, discarded) while the question was open
    if (s.outbox.isRunning(item.id)) throw new InputError(vscode.l10n.t('This message is being sent right now. Wait for that attempt to end.'));
    if (!s.outbox.get(item.id)) throw new InputError(vscode.l10n.t('That message is no longer in the Outbox.'));
  }
  const outcome = await sendJob(s, structuredClone(s.outbox.get(item.id) ?? item));
  confirmSent(item);
  return outcome;
}

/**
 * "Retry All" on the Outbox: sends every message of the Outbox that OK certainly does not have,
 * one after another (the oldest first), in one progress notification. It stops at the first that
 * fails because OK cannot be reached (the rest would fail alike). Messages that may have been sent
 * are left for the user to check one by one (Retry asks about each).
 */
export async function retryAll(s: Services): Promise<Result<'okChat.retryAll'>> {
  const items = s.outbox.listed().filter((i) => !s.outbox.isRunning(i.id));
  const sure = items.filter((i) => i.delivery !== 'unknown');
  const result = { sent: 0, notSent: 0, mayHaveBeenSent: items.length - sure.length };
  const locale = vscode.env.language;
  let failure: string | undefined;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending the Outbox…'), cancellable: true }, async (progress, token) => {
    for (const [i, queued] of sure.entries()) {
      if (token.isCancellationRequested) break;
      const item = s.outbox.get(queued.id);
      if (!item || s.outbox.isRunning(item.id)) continue;
      progress.report({ message: `${i + 1}/${sure.length}`, increment: 100 / sure.length });
      try {
        await sendJob(s, structuredClone(item), { quiet: true });
        result.sent++;
      } catch (e) {
        result.notSent++;
        failure = e instanceof Error ? e.message : String(e);
        if (e instanceof SendFailed && passesLater(e.cause)) break;
      }
    }
  });
  result.notSent = sure.filter((i) => s.outbox.get(i.id)).length;
  const unsure = result.mayHaveBeenSent ? ` ${countText(result.mayHaveBeenSent, vscode.l10n.t('{0} message may have been sent: check it in its chat, then retry or discard it.|{0} messages may have been sent: check each in its chat, then retry or discard it.', result.mayHaveBeenSent), locale)}` : '';
  if (result.notSent > 0) {
    void vscode.window.showWarningMessage(`${countText(result.notSent, vscode.l10n.t('{0} message stays in the Outbox.|{0} messages stay in the Outbox.', result.notSent), locale)} ${failure ?? ''}${unsure}`);
  } else if (unsure) {
    void vscode.window.showInformationMessage(`${result.sent ? countText(result.sent, vscode.l10n.t('Sent {0} message from the Outbox.|Sent {0} messages from the Outbox.', result.sent), locale) : ''}${unsure}`.trim());
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${countText(result.sent, vscode.l10n.t('Sent {0} message from the Outbox.|Sent {0} messages from the Outbox.', result.sent), locale)}`, 5000);
  }
  return result;
}

export async function discardOutboxItem(s: Services, arg?: Args<'okChat.discardOutboxItem'> | TreeNodeArg): Promise<Result<'okChat.discardOutboxItem'>> {
  const item = itemFrom(s, arg) ?? (await pickItem(s, vscode.l10n.t('Discard which message?')));
  if (!isArgumentObject(arg)) {
    // one that may have been sent may well be in the chat: it is taken out of the Outbox, not "unsent"
    if (item.delivery === 'unknown') await confirmModal(vscode.l10n.t('Take this message out of the Outbox?'), `${outboxLabel(item)}\n\n${vscode.l10n.t('It may be in the chat already; it will not be sent again.')}`, vscode.l10n.t('Discard'));
    else await confirmModal(vscode.l10n.t('Discard this unsent message?'), outboxLabel(item), vscode.l10n.t('Discard'));
  }
  return s.outbox.remove(item.id);
}

export async function copyOutboxItem(s: Services, arg?: Args<'okChat.copyOutboxItem'> | TreeNodeArg): Promise<Result<'okChat.copyOutboxItem'>> {
  const item = itemFrom(s, arg) ?? (await pickItem(s, vscode.l10n.t('Copy which message?')));
  const text = pendingText(item);
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('The message text is on the clipboard.'), 3000);
  return text;
}

/** What code learns of an Outbox message: ids, recipients and state, never the text. */
function entryOf(item: OutboxItem): OutboxEntry {
  const to = item.kind === 'users' ? { userIds: [...item.userIds] } : { chatId: item.chatId };
  return { id: item.id, kind: item.kind, ...to, state: item.state ?? item.delivery ?? 'not-sent' };
}

/**
 * From the palette or a menu: lists pending messages and offers Retry, Copy or Discard for the one
 * picked. With an argument object (`{}`, from code): asks nothing. Either way resolves to the
 * messages left, without their texts.
 */
export async function showOutbox(s: Services, arg?: Args<'okChat.showOutbox'> | TreeNodeArg): Promise<Result<'okChat.showOutbox'>> {
  if (!isArgumentObject(arg)) {
    const item = await pickItem(s, vscode.l10n.t('Unsent messages'));
    const retry = vscode.l10n.t('Retry');
    const copy = vscode.l10n.t('Copy Text');
    const discard = vscode.l10n.t('Discard');
    const choice = await pick(s, [retry, copy, discard], { placeHolder: outboxLabel(item) });
    if (choice === retry) await vscode.commands.executeCommand('okChat.retrySend', { id: item.id });
    else if (choice === copy) await copyOutboxItem(s, { id: item.id });
    else if (choice === discard) await discardOutboxItem(s, { id: item.id });
  }
  return s.outbox.all().map(entryOf);
}
