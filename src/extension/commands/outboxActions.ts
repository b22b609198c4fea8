import * as vscode from 'vscode';
import { InputError } from '../../core/model/ids';
import { Cancelled } from './commandErrors';
import { outboxLabel, pendingText, type OutboxItem } from '../../core/outbox/outboxItems';
import { confirmModal, isArgumentObject, pick, stringArg } from './prompts';
import { confirmSent, sendJob } from '../outbox/sendThroughOutbox';
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

/** Asks before sending again what OK may already have; throws {@link Cancelled} unless confirmed. */
async function confirmMayHaveBeenSent(s: Services, item: OutboxItem): Promise<void> {
  const message = vscode.l10n.t('This message may have been sent.');
  const detail = vscode.l10n.t('OK may already have it: check the chat before retrying, or it may be posted twice.');
  const action = vscode.l10n.t('Send Again');
  const scripted = s.tuning.retryConfirmation;
  if (scripted) {
    if (scripted(`${message} ${outboxLabel(item)}`) !== action) throw new Cancelled();
    return;
  }
  await confirmModal(message, `${outboxLabel(item)}\n\n${detail}`, action);
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

export async function discardOutboxItem(s: Services, arg?: Args<'okChat.discardOutboxItem'> | TreeNodeArg): Promise<Result<'okChat.discardOutboxItem'>> {
  const item = itemFrom(s, arg) ?? (await pickItem(s, vscode.l10n.t('Discard which message?')));
  if (!isArgumentObject(arg)) {
    await confirmModal(vscode.l10n.t('Discard this unsent message?'), outboxLabel(item), vscode.l10n.t('Discard'));
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
