// Pickers of people for Add Members and Remove Member: names learned from what OK returned
// (extension/people/), ids still accepted.
import * as vscode from 'vscode';
import { parseUserIdList, type UserId } from '../../core/model/ids';
import { core } from '../platform/lazyCore';
import { addablePeople, personItem } from '../people/peopleRecords';
import { Cancelled } from './commandErrors';
import type { Services } from '../services';

/** The group of the token: known from an earlier read, else asked of OK (`/me/info`). */
export async function currentGroup(s: Pick<Services, 'people' | 'api'>): Promise<string | undefined> {
  if (s.people.group) return s.people.group;
  try {
    s.people.group = (await s.api.call(core().requests.getMeInfo())).group_id;
  } catch {
    // without the group no names are offered; ids still work
  }
  return s.people.group;
}

type PersonPick = vscode.QuickPickItem & { userIds: UserId[] };

/**
 * Asks whom to add: a quick pick of the known people who are not `members` yet, filtered by name as
 * the user types; typed ids ("user:1, 2") are offered as the first item.
 */
export async function pickPeopleToAdd(s: Services, title: string, names: ReadonlyMap<string, string>, members: readonly string[]): Promise<UserId[]> {
  const known: PersonPick[] = addablePeople(names, members, vscode.env.language).map((p) => ({ label: p.name, description: p.userId, userIds: [p.userId as UserId] }));
  const qp = vscode.window.createQuickPick<PersonPick>();
  qp.title = title;
  qp.placeholder = known.length
    ? vscode.l10n.t('Type a name, or user ids separated by commas (user:123456789012)')
    : vscode.l10n.t('User ids, separated by commas or spaces (user:123456789012 or 123456789012)');
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  qp.items = known;
  const typed = (value: string): PersonPick | undefined => {
    if (!value.trim()) return undefined;
    try {
      const ids = parseUserIdList(value);
      return { label: ids.join(', '), description: vscode.l10n.t('user ids as typed'), alwaysShow: true, userIds: ids };
    } catch {
      return undefined;
    }
  };
  let told = false;
  return new Promise<UserId[]>((resolve, reject) => {
    let settled = false;
    const done = (result: UserId[] | undefined) => {
      // once: disposing the pick hides it, and its hide comes back here
      if (settled) return;
      settled = true;
      if (result?.length) resolve(result);
      else reject(new Cancelled());
      qp.dispose();
    };
    qp.onDidChangeValue((value) => {
      const ids = typed(value);
      qp.items = ids ? [ids, ...known] : known;
    });
    qp.onDidChangeActive((active) => {
      if (told || active.length === 0) return;
      told = true;
      s.tuning.promptShown?.({ kind: 'quickPick', title });
    });
    qp.onDidAccept(() => done(qp.activeItems[0]?.userIds ?? typed(qp.value)?.userIds));
    qp.onDidHide(() => done(undefined));
    qp.show();
    if (known.length === 0) {
      // nothing to pick: the box is told as shown at once (there is no active item to wait for)
      told = true;
      s.tuning.promptShown?.({ kind: 'quickPick', title });
    }
  });
}

/** The members as picker items: names first (when known), ids apart. */
export function memberItems(members: readonly string[], names: ReadonlyMap<string, string>): Array<vscode.QuickPickItem & { userId: string }> {
  return members.map((m) => personItem(m, names)).sort((a, b) => (a.description ? 0 : 1) - (b.description ? 0 : 1) || a.label.localeCompare(b.label, vscode.env.language));
}
