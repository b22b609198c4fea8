import * as vscode from 'vscode';
import { isOkApiError } from '../../core/errors';
import { InputError } from '../../core/ids';
import { checkTokenShape, cleanToken } from '../../core/token';
import { core } from '../core';
import { ask, stringArg } from '../prompts';
import type { Services } from '../services';

export async function setToken(s: Services, arg?: unknown): Promise<{ name: string; group_id: string }> {
  const given = stringArg(arg, 'token');
  const raw =
    given ??
    (await ask({
      title: vscode.l10n.t('OK Chat: Set Access Token'),
      prompt: vscode.l10n.t('Paste the group access token. A group admin gets it in the group settings: Messages → "Работа с API" → get key.'),
      placeHolder: 'tkn1…:…',
      password: true,
    }));
  const token = cleanToken(raw);
  checkTokenShape(token);
  s.log.addSecret(token);
  const { requests } = core();
  const client = s.api.withToken(token);
  let info: { name: string; group_id: string };
  try {
    info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with OK…') }, () => client.call(requests.getMeInfo()));
  } catch (e) {
    if (isOkApiError(e) && e.isAuth) {
      throw new InputError(vscode.l10n.t('OK rejected this token: it is wrong, expired or was regenerated. Ask a group admin for the current token. Nothing was saved.'));
    }
    throw e;
  } finally {
    void client.close();
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
