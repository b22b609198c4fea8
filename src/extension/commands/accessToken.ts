import * as vscode from 'vscode';
import { isOkApiError } from '../../core/model/okApiError';
import { InputError } from '../../core/model/ids';
import { checkTokenShape, cleanToken } from '../../core/model/tokenInput';
import { core } from '../platform/lazyCore';
import { Cancelled, errorMessage } from './commandErrors';
import { stringArg } from './prompts';
import type { Services } from '../services';
import type { Args, GroupInfo, Result } from './commandContract';

const rejectedByOk = () => vscode.l10n.t('OK rejected this token: it is wrong, expired or was regenerated. Ask a group admin for the current token. Nothing was saved.');

/** Asks OK who the token belongs to; a rejected token becomes an InputError. */
async function checkWithOk(s: Services, token: string): Promise<GroupInfo> {
  s.log.addSecret(token);
  const client = s.api.withToken(token);
  try {
    return await client.call(core().requests.getMeInfo());
  } catch (e) {
    if (isOkApiError(e) && e.isAuth) throw new InputError(rejectedByOk(), 'token');
    throw e;
  } finally {
    void client.close();
  }
}

/** What is wrong with a typed token (before asking OK), or undefined. An empty box is not an error yet. */
function shapeProblem(value: string): string | undefined {
  if (!value.trim()) return undefined;
  try {
    checkTokenShape(cleanToken(value));
    return undefined;
  } catch (e) {
    return errorMessage(e);
  }
}

/**
 * The token box: what is wrong shows inside it as the user types; on Enter the token is checked
 * with OK while the box stays open, and if OK refuses it, the box says so and keeps the paste.
 * It closes only with a working token, or when the user dismisses it.
 */
function askToken(s: Services): Promise<{ token: string; info: GroupInfo }> {
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('OK Chat: Set Access Token');
  const prompt = vscode.l10n.t('Paste the group access token. A group admin gets it in the group settings: Messages → "Работа с API" → get key.');
  box.prompt = prompt;
  box.placeholder = 'tkn1…:…';
  box.password = true;
  box.ignoreFocusOut = true;
  let refused: { value: string; message: string } | undefined;
  const problem = (value: string) => (refused && value === refused.value ? refused.message : shapeProblem(value));
  return new Promise((resolve, reject) => {
    let done = false;
    let gone = false;
    let checking = false;
    box.onDidChangeValue((value) => {
      if (!checking) box.validationMessage = problem(value);
    });
    box.onDidAccept(async () => {
      if (checking) return;
      const value = box.value;
      const wrong = value.trim() ? problem(value) : vscode.l10n.t('Paste the token first.');
      if (wrong) {
        box.validationMessage = wrong;
        return;
      }
      const token = cleanToken(value);
      checking = true;
      box.busy = true;
      box.enabled = false;
      box.validationMessage = undefined;
      box.prompt = vscode.l10n.t('Checking the token with OK…');
      try {
        const info = await checkWithOk(s, token);
        if (gone) return; // dismissed while OK was asked: save nothing
        done = true;
        box.hide();
        resolve({ token, info });
      } catch (e) {
        if (gone) return;
        const message = errorMessage(e);
        if (e instanceof InputError) refused = { value, message };
        s.log.info(`setToken: ${message}`);
        box.validationMessage = message;
      } finally {
        checking = false;
        if (!gone) {
          box.busy = false;
          box.enabled = true;
          box.prompt = prompt;
        }
      }
    });
    box.onDidHide(() => {
      gone = true;
      box.dispose();
      if (!done) reject(new Cancelled());
    });
    box.show();
  });
}

export async function setToken(s: Services, arg?: Args<'okChat.setToken'>): Promise<Result<'okChat.setToken'>> {
  const given = stringArg(arg, 'token');
  let token: string;
  let info: GroupInfo;
  if (given !== undefined) {
    token = cleanToken(given);
    checkTokenShape(token);
    info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with OK…') }, () => checkWithOk(s, token));
  } else {
    ({ token, info } = await askToken(s));
  }
  await s.tokens.set(token);
  s.log.info(`token set for group ${info.group_id}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Connected to the OK group "{0}".', info.name));
  return { name: info.name, group_id: info.group_id };
}

export async function clearToken(s: Services): Promise<void> {
  await s.tokens.clear();
  s.log.info('token cleared');
  void vscode.window.showInformationMessage(vscode.l10n.t('The access token was removed from this machine.'));
}
