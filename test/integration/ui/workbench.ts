// Page helpers for driving the VS Code workbench (1.139, web) like a user: keyboard, clicks,
// the command palette, quick inputs, notifications, tree views, context menus.
//
// Selectors are the workbench's own stable hooks: ARIA roles/labels where VS Code sets them
// (activity bar items, tree rows, menu items, buttons) and the long-lived structural classes
// (.quick-input-widget, .monaco-list-row, .notification-toast, .part.sidebar). Every wait has a
// timeout and fails with a sentence saying what the user would have expected to see.
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const DEFAULT_TIMEOUT_MS = 15_000;

export class UiTimeout extends Error {
  override name = 'UiTimeout';
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || /Timeout \d+ms exceeded/.test(e.message));
}

/** Waits until `locator` is visible; on timeout says `what` was expected. */
export async function visible(locator: Locator, what: string, timeout = DEFAULT_TIMEOUT_MS): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    if (isTimeout(e)) throw new UiTimeout(`Timed out after ${timeout / 1000} s waiting for ${what}\n  (selector: ${String(locator)})`);
    throw e;
  }
  return locator.first();
}

/** Waits until `locator` is hidden or gone. */
export async function hidden(locator: Locator, what: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch (e) {
    if (isTimeout(e)) throw new UiTimeout(`Timed out after ${timeout / 1000} s waiting for ${what} to go away\n  (selector: ${String(locator)})`);
    throw e;
  }
}

/** Polls `probe` (every 50 ms) until it returns something other than undefined/false. */
export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeout = DEFAULT_TIMEOUT_MS): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new UiTimeout(`Timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Escapes a string for use inside a RegExp. */
export function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The accessible name of a chat row (ChatNode.accessibilityInformation: "Chat {title}, {description}", no id). */
export function chatRowName(title: string): RegExp {
  return new RegExp(`^Chat ${reEscape(title)}(, |$)`);
}

export class Workbench {
  /** The one quick input (command palette, quick picks, input boxes). */
  readonly quickInput: Locator;
  /** Its text box. */
  readonly quickInputBox: Locator;
  readonly sidebar: Locator;

  constructor(readonly page: Page) {
    // not one that is closing (with motion on it stays in the page, inert, for its animation)
    this.quickInput = page.locator('.quick-input-widget:not(.quick-input-widget-closing)');
    this.quickInputBox = this.quickInput.locator('.quick-input-box input');
    this.sidebar = page.locator('.part.sidebar');
    // plain Playwright actions (click, fill, …) auto-wait this long instead of 30 s
    page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
  }

  /** The workbench is up and the extension's contributions are registered (its activity-bar icon shows). */
  async ready(activityTitle: string, timeout = 90_000): Promise<void> {
    await visible(this.page.locator('.monaco-workbench'), 'the workbench to load', timeout);
    await visible(this.activityItem(activityTitle), `the "${activityTitle}" icon in the activity bar (is the extension loaded? see server.log / logs/)`, timeout);
    // Until the workbench has restored its editors and views it may still move the focus (and so
    // close a command palette opened meanwhile): wait for that, as VS Code's own smoke tests do,
    // through the driver --enable-smoke-test-driver installs (the launcher's servers; `npm run try`
    // starts VS Code without it). The driver is there long before the activity bar.
    await this.page.evaluate(async () => {
      const driver = (globalThis as { driver?: { whenWorkbenchRestored?(): Promise<void> } }).driver;
      await driver?.whenWorkbenchRestored?.();
    });
  }

  /**
   * "Developer: Reload Window", then {@link ready} once the new page has loaded: the old workbench
   * stays on screen until the navigation, and a check of it meanwhile runs in a page about to go.
   */
  async reloadWindow(activityTitle: string): Promise<void> {
    // listening before the command: the load cannot come before the wait for it
    const loaded = this.page.waitForEvent('load', { timeout: 90_000 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.ready(activityTitle);
  }

  activityItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-label[aria-label="${title}"]`);
  }

  /** Clicks an activity-bar icon unless its container is already open; waits for the side bar title. */
  async openViewContainer(title: string): Promise<void> {
    const item = await visible(this.activityItem(title), `the "${title}" activity-bar icon`);
    const tab = this.page.locator('.part.activitybar li.action-item', { has: this.page.locator(`.action-label[aria-label="${title}"]`) });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await item.click();
    await visible(this.sidebar.locator('.composite.title h2', { hasText: new RegExp(`^${reEscape(title)}`, 'i') }), `the side bar to show "${title}"`);
  }

  /** Opens the command palette (F1) and, once its text field has the keyboard focus, types `>text` into it. */
  async commandPalette(text: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const box = await visible(this.quickInputBox, 'the command palette after pressing F1');
    await this.focused(box, 'the command palette\'s text field');
    await box.fill(`>${text}`);
  }

  /** Opens the command palette (F1) and runs the command with this exact title (as shown, "Category: Title"). */
  async runCommand(title: string): Promise<void> {
    await this.commandPalette(title);
    // Enter only once the filtered list has the command focused: typing is async to the list
    await visible(this.quickInput.locator('.monaco-list-row.focused', { hasText: title }), `"${title}" to be the selected entry of the command palette`);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Moves the keyboard focus from a webview to the workbench page with a click on an empty spot of
   * the status bar (nothing there acts on a click or takes the focus). A click on the webview's tab
   * would not do: VS Code focuses a webview a moment later, asynchronously, and a command palette
   * opened meanwhile closes when it does.
   */
  async focusWorkbench(): Promise<void> {
    const spot = await this.page.locator('.part.statusbar').evaluate((bar: unknown) => {
      interface Node { closest(selector: string): unknown }
      interface Bar { getBoundingClientRect(): { x: number; y: number; width: number }; clientHeight: number; ownerDocument: { elementFromPoint(x: number, y: number): Node | null } }
      const b = bar as Bar;
      const r = b.getBoundingClientRect();
      const y = r.y + b.clientHeight / 2;
      // from the middle leftwards, the first point no status bar item covers
      for (let x = Math.round(r.x + r.width / 2); x > r.x; x -= 8) {
        const hit = b.ownerDocument.elementFromPoint(x, y);
        if (hit && !hit.closest('.statusbar-item')) return { x, y };
      }
      return undefined;
    });
    if (!spot) throw new Error('the status bar has no empty spot to click');
    await this.page.mouse.click(spot.x, spot.y);
    const focusedTag = () => this.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document.activeElement?.tagName);
    await until(async () => (await focusedTag()) !== 'IFRAME', 'the keyboard focus to leave the webview');
  }

  /** Waits until `target` has the keyboard focus (what the user types goes there). */
  async focused(target: Locator, what: string): Promise<void> {
    await until(() => target.evaluate((e) => e === (e as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement), `${what} to have the keyboard focus`);
  }

  /** Waits for the quick input to show an input box with this title (showInputBox) and returns its text box. */
  async inputBox(title: string, timeout = DEFAULT_TIMEOUT_MS): Promise<Locator> {
    await visible(this.quickInput.locator('.quick-input-title', { hasText: title }), `the input box "${title}"`, timeout);
    return visible(this.quickInputBox, `the text field of the input box "${title}"`, timeout);
  }

  /** The quick-pick rows (visible ones) whose label contains `label`. */
  quickPickRow(label: string): Locator {
    return this.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: label });
  }

  /**
   * Ticks these rows of a multi-select quick pick. The pointer first moves onto the quick input and
   * any tooltip still open goes away: the tooltip of the button that opened the pick (the pointer
   * rests on it) can open over the list and take the click.
   */
  async checkQuickPickRows(labels: readonly string[]): Promise<void> {
    for (const label of labels) await visible(this.quickPickRow(label), `"${label}" in the quick pick`);
    await this.pointerOffTooltips();
    for (const label of labels) await this.quickPickRow(label).getByRole('checkbox').check();
  }

  /** Ticks these rows of a multi-select quick pick and accepts with OK (not Enter: it would untick the focused row). */
  async acceptQuickPickRows(labels: readonly string[]): Promise<void> {
    await this.checkQuickPickRows(labels);
    await this.quickInput.getByRole('button', { name: 'OK', exact: true }).click();
    await this.quickInputClosed('the quick pick to close');
  }

  /** "Add Chats from the Group…" in the OK Chat view's welcome content (open, with a token and no chat saved): adds these chats. */
  async addChatsFromGroup(titles: readonly string[]): Promise<void> {
    await (await visible(this.sidebar.getByRole('button', { name: 'Add Chats from the Group…' }), 'the welcome view button "Add Chats from the Group…"')).click();
    await this.acceptQuickPickRows(titles);
  }

  /** Moves the pointer onto the quick input (or the editor area without one) and waits until no tooltip is shown. */
  async pointerOffTooltips(): Promise<void> {
    const box = (await this.quickInputBox.isVisible()) ? await this.quickInputBox.boundingBox() : await this.page.locator('.part.editor').boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 12));
    const tooltips = this.page.locator('.context-view .hover-contents, .monaco-hover, .workbench-hover').filter({ visible: true });
    const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
    while ((await tooltips.count()) > 0) {
      if (Date.now() > deadline) throw new UiTimeout(`A tooltip stayed open after the pointer left: ${(await tooltips.first().textContent()) ?? ''}`);
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Moves the pointer onto `target` as a hand does (into it, then a little further inside it) and
   * waits for its tooltip with this text; returns the tooltip. One jump onto a tree row is not
   * enough: the workbench sets a row's hover up on the first pointer event over it and shows it
   * on the next ones.
   */
  async tooltipOf(target: Locator, text: string | RegExp, what: string): Promise<Locator> {
    const tip = this.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: text, visible: true });
    await this.pointerOffTooltips();
    const box = await (await visible(target, what)).boundingBox();
    if (!box) throw new UiTimeout(`${what}: its target has no size`);
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + Math.min(20, box.width / 4), y);
    await this.page.mouse.move(box.x + Math.min(60, box.width / 2), y, { steps: 5 });
    return visible(tip, what);
  }

  async quickInputClosed(what: string): Promise<void> {
    await hidden(this.quickInput, what);
  }

  /**
   * Waits for a notification containing `text` and dismisses every notification.
   *
   * With --enable-smoke-test-driver (required for the extensionDevelopmentPath payload in a
   * built VS Code) the workbench never shows toasts: notifications only go to the notification
   * center (the bell in the status bar). So, like VS Code's own smoke tests, we open the center
   * ("Notifications: Show Notifications"), look for the entry there, then clear all, which also
   * closes the center. A toast, should one appear (a VS Code without that rule), counts too.
   */
  async expectNotification(text: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
    const inCenter = this.page.locator('.notifications-center .notification-list-item', { hasText: text });
    if (!(await toast.isVisible())) {
      await this.runCommand('Notifications: Show Notifications');
      await visible(this.page.locator('.notifications-center'), 'the notification center');
    }
    await visible(toast.or(inCenter), `a notification "${text}"`, timeout);
    await this.clearNotifications();
  }

  /** Clears every notification (Notifications: Clear All Notifications); the center closes with them. */
  async clearNotifications(): Promise<void> {
    const items = this.page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item');
    await this.runCommand('Notifications: Clear All Notifications');
    await hidden(items, 'the notifications');
    await hidden(this.page.locator('.notifications-center'), 'the notification center');
  }

  /** The tree (list) of a view, by the view's name (its aria-label). */
  tree(viewName: string): Locator {
    return this.sidebar.locator(`.monaco-list[aria-label="${viewName}"]`);
  }

  /** Rows of a view's tree whose accessible name (aria-label) matches. */
  treeRow(viewName: string, name: RegExp | string): Locator {
    return this.tree(viewName).getByRole('treeitem', { name });
  }

  /**
   * Right-clicks `target` and waits for the context menu to show `item`; returns that entry, with
   * the pointer on it. The pointer leaves the row at once, so the row's tooltip (which would close
   * the menu) never starts.
   */
  async openContextMenu(target: Locator, item: string | RegExp): Promise<Locator> {
    // the menu lives in a shadow root under .context-view; Playwright's CSS/role engines pierce it
    // (an entry with a key binding is named with it: "Rename Chat on OK… F2", matched by a RegExp)
    const entry = this.page.locator('.context-view .monaco-menu').getByRole('menuitem', { name: item, exact: true });
    await this.pointerOffTooltips();
    await target.click({ button: 'right' });
    const shown = await visible(entry, `"${String(item)}" in the context menu`);
    await shown.hover();
    return shown;
  }

  /** Clicks an entry returned by openContextMenu and waits for the menu to close. */
  async chooseMenuItem(entry: Locator): Promise<void> {
    await entry.click();
    await hidden(this.page.locator('.context-view .monaco-menu'), 'the context menu');
  }

  /** Right-clicks `target` and clicks the context-menu entry `item`. */
  async contextMenu(target: Locator, item: string | RegExp): Promise<void> {
    await this.chooseMenuItem(await this.openContextMenu(target, item));
  }

  /** The page of the webview shown in the editor area (e.g. a conversation), inside its two iframes. */
  webviewPage(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Hovers a tree row and clicks its inline action (the icon buttons on the right of the row). */
  async inlineAction(row: Locator, action: string): Promise<void> {
    await row.hover();
    const button = await visible(row.locator(`.actions .action-label[aria-label="${action}"]`), `the inline action "${action}" on the hovered row`);
    await button.click();
  }

  /** Opens a workspace file by name with Quick Open (Ctrl+P) and waits for its editor tab. */
  async quickOpen(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const box = await visible(this.quickInputBox, 'Quick Open after pressing Ctrl+P');
    await box.fill(fileName);
    await visible(this.quickInput.locator('.monaco-list-row.focused', { hasText: fileName }), `"${fileName}" in Quick Open`);
    await this.page.keyboard.press('Enter');
    await visible(this.page.locator('.part.editor .tabs-container .tab.active', { hasText: fileName }), `an editor tab for ${fileName}`);
  }
}
