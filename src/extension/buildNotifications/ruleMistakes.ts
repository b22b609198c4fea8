import * as vscode from 'vscode';
import { countText } from '../../core/messages/plural';

/**
 * A build notification rule with a mistake is shown where the user looks: a warning with "Open
 * Settings", once per distinct mistake in a window, not again on every reload of the rules or
 * build (the log has each every time).
 */
export class RuleMistakes {
  private readonly told = new Set<string>();

  constructor(private readonly log: { info(m: string): void }) {}

  tell(problems: readonly string[]): void {
    const fresh = problems.filter((p) => !this.told.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) this.told.add(p);
    this.log.info(`build notifications: the user was warned of ${fresh.length} rule mistake(s)`);
    const message =
      fresh.length === 1
        ? vscode.l10n.t('A build notification rule has a mistake: {0}', fresh[0])
        : `${countText(fresh.length, vscode.l10n.t('{0} build notification rule mistake:|{0} build notification rule mistakes:', fresh.length), vscode.env.language)} ${fresh.join(' ')}`;
    const open = vscode.l10n.t('Open Settings');
    void vscode.window.showWarningMessage(message, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'okChat.buildNotifications' } });
    });
  }
}
