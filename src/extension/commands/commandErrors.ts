import * as vscode from 'vscode';
import { isOkApiError, type OkApiError } from '../../core/model/okApiError';
import { isInputError } from '../../core/model/ids';
import type { Log } from '../platform/logChannel';
import { pendingText } from '../../core/outbox/outboxItems';
import { SendFailed } from '../outbox/sendThroughOutbox';

/** The user dismissed a prompt: end the command silently. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
}

export function isCancellation(e: unknown): boolean {
  return e instanceof Cancelled || e instanceof vscode.CancellationError || (isOkApiError(e) && e.kind === 'cancelled');
}

/** The sentence a user sees for an error (never contains the token: the core redacts it). */
export function errorMessage(e: unknown): string {
  if (e instanceof SendFailed) return e.message;
  if (isOkApiError(e)) return e.userMessage;
  if (isInputError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * What a failed send is told as, by what OK may have: "not sent" (safe to retry) or "may have
 * been sent" (the connection failed after the request went out: check the chat before retrying).
 */
export function sendFailedText(e: SendFailed): string {
  const delivery = e.item.delivery ?? (isOkApiError(e.cause) ? e.cause.delivery : undefined);
  if (delivery === 'unknown') {
    return vscode.l10n.t('May have been sent: {0} OK may have it: check the chat before retrying. The message is kept in the Outbox.', e.message);
  }
  return vscode.l10n.t('Not sent: {0} The message is kept in the Outbox.', e.message);
}

/**
 * The one place command errors are handled: cancellation is silent; a rejected token offers
 * "Set Access Token"; a failed send offers Retry and Copy (its text is in the outbox);
 * everything else is logged and offers "Show Log". Notifications are not awaited, so a
 * command called programmatically settles at once.
 */
export function reportCommandError(commandId: string, e: unknown, log: Log): void {
  if (isCancellation(e)) {
    log.debug(`${commandId}: cancelled`);
    return;
  }
  const inner = e instanceof SendFailed ? e.cause : e;
  const message = errorMessage(e);
  if (isInputError(inner)) {
    log.info(`${commandId}: ${message}`);
    void vscode.window.showWarningMessage(message);
    return;
  }
  log.error(`${commandId} failed: ${inner instanceof Error ? inner.message : String(inner)}`);
  const ok: OkApiError | undefined = isOkApiError(inner) ? inner : undefined;
  const setToken = vscode.l10n.t('Set Access Token');
  const showLog = vscode.l10n.t('Show Log');
  const retry = vscode.l10n.t('Retry');
  const copy = vscode.l10n.t('Copy Text');
  const actions: string[] = [];
  if (ok?.isAuth) actions.push(setToken);
  if (e instanceof SendFailed) actions.push(retry, copy);
  actions.push(showLog);
  const text = e instanceof SendFailed ? sendFailedText(e) : message;
  void vscode.window.showErrorMessage(text, ...actions).then(async (choice) => {
    if (choice === setToken) await vscode.commands.executeCommand('okChat.setToken');
    else if (choice === showLog) log.show();
    // the same Retry as the Outbox's: a message that may have been sent is confirmed first
    else if (choice === retry && e instanceof SendFailed) await vscode.commands.executeCommand('okChat.retrySend', { id: e.item.id, confirmed: false });
    else if (choice === copy && e instanceof SendFailed) {
      await vscode.env.clipboard.writeText(pendingText(e.item));
      void vscode.window.showInformationMessage(vscode.l10n.t('The message text is on the clipboard.'));
    }
  }, () => undefined);
}
