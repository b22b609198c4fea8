import * as vscode from 'vscode';
import { buildStatusView, type BuildNotifyState } from '../../core/display';

export type { BuildNotifyState } from '../../core/display';

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

  /** What the item shows now (for tests). */
  get shown(): { text: string; tooltip: string; label: string; error: boolean } {
    return {
      text: this.item.text,
      tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? ''),
      label: this.item.accessibilityInformation?.label ?? '',
      error: this.item.backgroundColor !== undefined,
    };
  }

  private render(): void {
    const view = buildStatusView(this.state, vscode.env.language);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.label };
    this.item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
