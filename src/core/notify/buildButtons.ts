/** The link buttons under a build notification (OK's inline keyboard; see okRequests.linkKeyboard). */
import * as l10n from '@vscode/l10n';
import type { LinkButton } from '../net/okRequests';
import type { BuildStatus } from './buildStatus';

/** Where a build's result can be looked at. */
export interface BuildLinks {
  runUrl?: string;
  commitUrl?: string;
  prUrl?: string;
}

/** The buttons under a notification: the run (coloured by the result), the commit, the pull request, when known. */
export function buildLinkButtons(where: BuildLinks, status: BuildStatus): LinkButton[] {
  const runIntent = status === 'success' ? 'POSITIVE' : status === 'failure' ? 'NEGATIVE' : 'DEFAULT';
  const buttons: LinkButton[] = [];
  if (where.runUrl) buttons.push({ text: l10n.t('Open CI run'), url: where.runUrl, intent: runIntent });
  if (where.commitUrl) buttons.push({ text: l10n.t('Open commit'), url: where.commitUrl });
  if (where.prUrl) buttons.push({ text: l10n.t('Open pull request'), url: where.prUrl });
  return buttons;
}
