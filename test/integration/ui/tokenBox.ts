import type { Locator } from 'playwright-core';
import { hidden, type Workbench } from './workbench';

/**
 * Sets the access token with "OK Chat: Set Access Token" from the command palette and waits until
 * OK accepted it ("Connected to the OK group …"). `inspect` looks at the box before the token is typed.
 */
export async function setTokenFromPalette(wb: Workbench, token: string, groupName: string, inspect?: (box: Locator) => Promise<void>): Promise<void> {
  await wb.runCommand('OK Chat: Set Access Token');
  const box = await wb.inputBox('OK Chat: Set Access Token');
  await inspect?.(box);
  // Enter goes where the focus is: the box must have it (a webview still loading would take it)
  await wb.focused(box, 'the token box');
  // into the box itself, not wherever the focus is
  await box.fill(token);
  await box.press('Enter');
  // not before: opening the notification center (F1) while OK checks the token closes the box, which drops the token
  await hidden(wb.quickInput, 'the token box to close once OK accepted the token', 30_000);
  await wb.expectNotification(`Connected to the OK group "${groupName}".`);
}
