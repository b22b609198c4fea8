import * as vscode from 'vscode';

export type BuildNotifyState = { kind: 'idle' } | { kind: 'pending'; chat: string } | { kind: 'sent'; chat: string; at: Date; summary: string } | { kind: 'failed'; chat: string; at: Date; error: string };

/** The status-bar item for build notifications: what happened last; a click opens the rules. */
export class BuildStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('okChat.buildNotifications', vscode.StatusBarAlignment.Left, -100);
  state: BuildNotifyState = { kind: 'idle' };

  constructor() {
    this.item.name = vscode.l10n.t('OK Chat build notifications');
    this.item.command = { command: 'workbench.action.openSettings', title: vscode.l10n.t('Open rules'), arguments: ['okChat.buildNotifications'] };
    this.render();
  }

  setVisible(visible: boolean): void {
    if (visible) this.item.show();
    else this.item.hide();
  }

  set(state: BuildNotifyState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const s = this.state;
    const time = (d: Date) => d.toLocaleTimeString();
    this.item.backgroundColor = undefined;
    switch (s.kind) {
      case 'idle':
        this.item.text = '$(bell) OK';
        this.item.tooltip = vscode.l10n.t('OK Chat build notifications are on. Click to edit the rules.');
        this.item.accessibilityInformation = { label: vscode.l10n.t('OK Chat build notifications: on') };
        break;
      case 'pending':
        this.item.text = '$(sync~spin) OK';
        this.item.tooltip = vscode.l10n.t('Sending a build notification to {0}…', s.chat);
        this.item.accessibilityInformation = { label: vscode.l10n.t('OK Chat build notifications: sending') };
        break;
      case 'sent':
        this.item.text = '$(bell-dot) OK';
        this.item.tooltip = vscode.l10n.t('Build notification sent to {0} at {1}: {2}', s.chat, time(s.at), s.summary);
        this.item.accessibilityInformation = { label: vscode.l10n.t('OK Chat build notifications: sent') };
        break;
      case 'failed':
        this.item.text = '$(warning) OK';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        this.item.tooltip = vscode.l10n.t('The build notification to {0} at {1} was not sent: {2} It is in the Outbox.', s.chat, time(s.at), s.error);
        this.item.accessibilityInformation = { label: vscode.l10n.t('OK Chat build notifications: not sent') };
        break;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
