import * as vscode from 'vscode';
import { buildStatusView, type BuildNotifyState } from '../../core/messages/labels';

export type { BuildNotifyState } from '../../core/messages/labels';

/**
 * The status-bar item for build notifications: what happened last; a click opens the rules.
 * Made the first time there are rules to show it for (most windows have none).
 */
export class BuildStatusBar implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  state: BuildNotifyState = { kind: 'idle' };

  private made(): vscode.StatusBarItem {
    if (!this.item) {
      this.item = vscode.window.createStatusBarItem('okChat.buildNotifications', vscode.StatusBarAlignment.Left, -100);
      this.item.name = vscode.l10n.t('OK Chat build notifications');
      this.item.command = { command: 'workbench.action.openSettings', title: vscode.l10n.t('Open rules'), arguments: ['okChat.buildNotifications'] };
      this.render(this.item);
    }
    return this.item;
  }

  setVisible(visible: boolean): void {
    if (visible) this.made().show();
    else this.item?.hide();
  }

  set(state: BuildNotifyState): void {
    this.state = state;
    this.render(this.made());
  }

  /** What the item shows now (for tests; empty while it was never needed). */
  get shown(): { text: string; tooltip: string; label: string; error: boolean } {
    const item = this.item;
    return {
      text: item?.text ?? '',
      tooltip: typeof item?.tooltip === 'string' ? item.tooltip : (item?.tooltip?.value ?? ''),
      label: item?.accessibilityInformation?.label ?? '',
      error: item?.backgroundColor !== undefined,
    };
  }

  private render(item: vscode.StatusBarItem): void {
    const view = buildStatusView(this.state, vscode.env.language);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.accessibilityInformation = { label: view.label };
    item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item?.dispose();
  }
}
