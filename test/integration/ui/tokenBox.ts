import type { Locator } from 'playwright-core';
import { hidden, type Workbench } from './workbench';

/**
 * Sets the access token with "OK Chat: Set Access Token" from the command palette and waits until
 * OK accepted it ("Connected to the OK group …"). `inspect` looks at the box before the token is typed.
 */
export async function setTokenFromPalette(wb: Workbench, token: string, groupName: string, inspect?: (box: Locator) => Promise<void>): Promise<void> {
  // A webview that is loading (a conversation restored after a reload) can take the focus and
  // close the box before the token is in it: then the command runs again (three tries).
  for (let attempt = 1; ; attempt++) {
    await wb.runCommand('OK Chat: Set Access Token');
    const box = await wb.inputBox('OK Chat: Set Access Token');
    await inspect?.(box);
    try {
      // into the box itself, not wherever the focus is
      await box.fill(token, { timeout: 5_000 });
      await box.press('Enter', { timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt === 3 || !(e instanceof Error && e.name === 'TimeoutError')) throw e;
      if (await wb.quickInputBox.isVisible()) await wb.page.keyboard.press('Escape');
      await hidden(wb.quickInput, 'the token box to close before trying again');
    }
  }
  // not before: opening the notification center (F1) while OK checks the token closes the box, which drops the token
  await hidden(wb.quickInput, 'the token box to close once OK accepted the token', 30_000);
  await wb.expectNotification(`Connected to the OK group "${groupName}".`);
}
