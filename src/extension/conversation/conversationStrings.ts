import * as vscode from 'vscode';
import type { ConversationStrings } from '../../webview/conversation/conversationProtocol';

/** The page's texts in the user's language. */
export function conversationStrings(): ConversationStrings {
  return {
    loading: vscode.l10n.t('Loading messages…'),
    loadingOlder: vscode.l10n.t('Loading older messages…'),
    start: vscode.l10n.t('The start of the chat'),
    newMessages: vscode.l10n.t('New messages'),
    edited: vscode.l10n.t('edited'),
    reply: vscode.l10n.t('Reply'),
    replyingTo: vscode.l10n.t('Replying to'),
    cancelReply: vscode.l10n.t('Cancel'),
    openInEditor: vscode.l10n.t('Open in Editor'),
    retry: vscode.l10n.t('Retry'),
    sending: vscode.l10n.t('Sending…'),
    failed: vscode.l10n.t('Not sent'),
    you: vscode.l10n.t('You'),
    send: vscode.l10n.t('Send'),
    attach: vscode.l10n.t('Attach Files…'),
    newMessageFrom: vscode.l10n.t('New message from {0}: {1}', '{0}', '{1}'),
    // the page picks the form with countText
    newMessagesCount: /* count forms */ vscode.l10n.t('{0} new message|{0} new messages', '{0}'),
    placeholder: vscode.l10n.t('Message (Enter to send, Shift+Enter for a new line)'),
    composer: vscode.l10n.t('Message to the chat'),
    messages: vscode.l10n.t('Messages'),
    image: vscode.l10n.t('Image'),
    imageFrom: vscode.l10n.t('Image from {0}', '{0}'),
    imageFromTitle: vscode.l10n.t('Click to load the image: {0} will learn that you opened it.', '{0}'),
    attachment: vscode.l10n.t('Attachment'),
    removeFile: vscode.l10n.t('Remove {0}', '{0}'),
    files: vscode.l10n.t('Files to send'),
    timeUnknown: vscode.l10n.t('time unknown'),
    inSeconds: vscode.l10n.t('in {0} s', '{0}'),
    inMinutes: vscode.l10n.t('in {0} min', '{0}'),
    soon: vscode.l10n.t('soon'),
  };
}
