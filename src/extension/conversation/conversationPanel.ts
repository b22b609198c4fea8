// The conversation view: a webview panel per chat (its page: src/webview/conversation/, bundled to
// dist/conversation/page.js). Loaded only when a conversation is first opened or restored (see
// panelHost.ts). Pages of history go to the page as data, by time; a visible panel reads new
// messages every few seconds, backing off after errors (panelPoll.ts, by the one poll policy).
// The panel keeps what it has shown (ShownState): VS Code builds a hidden page again when its tab
// is shown, and every page that says it is ready gets all of it.
import * as vscode from 'vscode';
import type { OkMessage } from '../../core';
import { roundOutcome, windowInUse } from '../../core/async/pollSchedule';
import { realTimers } from '../../core/async/timers';
import type { FromPage, LineData, NoticeData, ToPage } from '../../webview/conversation/conversationProtocol';
import type { ConversationHost } from './conversationHost';
import { conversationHtml } from './conversationHtml';
import { conversationStrings } from './conversationStrings';
import { openSnippet } from './openSnippet';
import { KnownMessages, toData } from './panelLines';
import { PanelPoll } from './panelPoll';
import { problemDetail, problemNotice } from './panelProblems';
import { sendFromPage } from './panelSends';
import { ShownState } from './shownState';
import { firstUnread } from './unreadMarker';

export const VIEW_TYPE = 'okChat.conversation';
const PAGE = 50;

const open = new Map<string, Conversation>();
/** When the window last gained or lost focus (taken as focused when the panel module loads). */
let lastFocusedAt = Date.now();
let groupId: Promise<string | undefined> | undefined;

class Conversation {
  private readonly known = new KnownMessages();
  /** The newest message time when the chat was last marked seen from here. */
  private seenUpTo: number | undefined;
  private readonly reads: PanelPoll;
  /** The last read's failure, while it lasts (shown as a notice). */
  private problem: unknown;
  private notice: NoticeData | undefined;
  private polling = false;
  private readonly shown = new ShownState();
  /** A page said it is ready once (the panel polls only then). */
  private pageReady = false;
  private loading = false;
  private readonly aborter = new AbortController();
  /** The newest message the user had seen when the panel opened (before it marks the chat seen): the "New messages" line goes after it. */
  private readonly seenAtOpen: number | undefined;
  /** The files picked with the attach button (only these may be sent from outside the workspace). */
  private readonly picked = new Set<string>();

  constructor(private readonly host: ConversationHost, readonly chatId: string, readonly panel: vscode.WebviewPanel) {
    this.seenAtOpen = host.seenAt(chatId);
    this.reads = new PanelPoll({
      timers: realTimers,
      intervalMs: () => host.pollMs(),
      may: () => this.pageReady && panel.visible && vscode.workspace.isTrusted && !this.aborter.signal.aborted && windowInUse(vscode.window.state.focused, lastFocusedAt, Date.now()),
      read: () => void (this.shown.isLoaded ? this.poll() : this.loadFirst()),
      decided: (at, closed) => host.pollDecided?.({ chatId, at, visible: !closed && panel.visible, closed }),
    });
    const root = vscode.Uri.joinPath(host.extensionUri, 'dist', 'conversation');
    // in a test run that asked for it, the tests' driver of the page too (loaded before the page's script)
    const driver = host.driver;
    panel.webview.options = { enableScripts: true, localResourceRoots: driver ? [root, vscode.Uri.joinPath(driver.script, '..')] : [root] };
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      if (driver?.owns(raw)) return;
      const m = host.core().pageMessage(raw, host.log);
      if (m) this.onMessage(m).catch((e: unknown) => host.log.warn(`conversation ${chatId}: ${String(e)}`));
    });
    // Shown again: poll at once; hidden: no more polls. A change of the active tab alone keeps
    // the wait (a back-off after errors is not cut short by switching tabs).
    let wasVisible = panel.visible;
    panel.onDidChangeViewState(() => {
      if (panel.visible !== wasVisible) this.schedule(panel.visible ? 0 : undefined);
      wasVisible = panel.visible;
      this.seen(); // messages that came while it was visible beside the active editor
    });
    // The window focused again: poll at once (the event also comes when only its activity changes)
    let wasFocused = vscode.window.state.focused;
    const focus = vscode.window.onDidChangeWindowState((e) => {
      lastFocusedAt = Date.now();
      if (e.focused && !wasFocused) this.schedule(0);
      wasFocused = e.focused;
    });
    // a token set (after a reload, in a browser workbench, it must be set again) loads or polls at once
    const token = host.onDidChangeToken(() => {
      this.reads.reset();
      this.schedule(0);
    });
    panel.onDidDispose(() => {
      token.dispose();
      focus.dispose();
      open.delete(chatId);
      this.aborter.abort();
      this.reads.dispose();
    });
    panel.webview.html = conversationHtml(panel.webview, vscode.Uri.joinPath(root, 'page.js'), vscode.env.language, driver?.script);
  }

  private post(m: ToPage): void {
    void this.panel.webview.postMessage(m);
  }

  /** The messages as lines, oldest first; names and replies resolved among all seen. */
  private lines(messages: readonly OkMessage[]): LineData[] {
    this.host.learnPeople?.(this.known.group, messages);
    return this.known.lines(messages, this.host.core(), this.host.sentIds());
  }

  private async history(before: number | undefined) {
    const c = this.host.core();
    return c.loadHistory(c.chatPages((req) => this.host.call(req, this.aborter.signal), this.chatId), { count: PAGE, before, known: this.known.ids(), pageSize: PAGE });
  }

  /** The newest page; if it cannot be read (no token yet, OK unreachable), tried again like a poll and when the token changes. */
  private async loadFirst(): Promise<void> {
    if (this.loading || this.shown.isLoaded) return;
    this.loading = true;
    try {
      groupId ??= this.host
        .call(this.host.core().requests.getMeInfo())
        .then((i) => i.group_id)
        .catch(() => ((groupId = undefined), undefined));
      const group = await groupId;
      if (group) this.known.group = group;
      const { messages, end } = await this.history(undefined);
      this.known.note(messages);
      const lines = this.lines(messages);
      this.shown.first(lines, end, firstUnread(lines, this.seenAtOpen));
      this.post(this.shown.message());
      this.succeeded();
      this.seen();
    } catch (e) {
      this.failed(e);
    } finally {
      this.loading = false;
    }
    this.schedule();
  }

  /** Marks the chat seen when the panel is the active one and shows messages newer than the last marked. */
  private seen(): void {
    const newest = this.known.newest;
    if (!this.shown.isLoaded || !this.panel.visible || !this.panel.active || newest === undefined) return;
    if (this.seenUpTo !== undefined && newest <= this.seenUpTo) return;
    const upTo = (this.seenUpTo = newest);
    // quietly: no status bar message, and a failure only logged (the count stays; the next poll or activation tries again)
    this.host.markSeen(this.chatId, upTo).catch((e: unknown) => {
      if (this.seenUpTo === upTo) this.seenUpTo = undefined;
      this.host.log.info(`markSeen ${this.chatId}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private showNotice(notice: NoticeData | undefined): void {
    if (notice === undefined && this.notice === undefined) return;
    this.notice = notice;
    this.post({ type: 'notice', ...(notice ? { notice } : {}) });
  }

  private succeeded(): void {
    this.reads.succeeded();
    this.problem = undefined;
    this.showNotice(undefined);
  }

  /** A read failed: the detail to the log, the next try by the poll's schedule (none for a missing or refused token). */
  private failed(e: unknown): void {
    const wait = this.reads.failed(roundOutcome(e));
    this.problem = e;
    this.host.log.warn(`conversation ${this.chatId}: reading failed (${problemDetail(e)}); ${wait !== undefined ? `next try in ${Math.round(wait / 1000)} s` : 'no more tries until the token changes'}`);
  }

  /**
   * The next read: after `ms`, or the interval (longer after failures). Only while visible, trusted,
   * with a token and while the window is in use (focused, or lately); focusing it polls at once.
   * A notice of the last failure says when.
   */
  private schedule(ms?: number): void {
    const at = this.reads.schedule(ms);
    if (this.problem !== undefined) this.showNotice(problemNotice(this.problem, at, vscode.l10n));
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (!(await this.host.hasToken())) return; // polled again when the panel is shown again
      const c = this.host.core();
      // every message since the newest shown, paged back (bounded: a gap line past the bound)
      const pages = c.chatPages((req) => this.host.call(req, this.aborter.signal), this.chatId);
      const { messages: fresh, gap } = await c.newSince(pages, { since: this.known.newest, known: this.known.ids(), pageSize: PAGE });
      this.succeeded();
      if (fresh.length) {
        this.known.note(fresh);
        const newLines = this.lines(fresh);
        const bound = PAGE * c.NEW_MESSAGES_MAX_PAGES;
        const lines = gap ? [toData(c.gapLine(newLines[0].time - 1, bound)), ...newLines] : newLines;
        this.shown.newer(lines);
        this.post({ type: 'lines', where: 'newer', lines });
      }
      this.seen();
    } catch (e) {
      this.failed(e);
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private async onMessage(m: FromPage): Promise<void> {
    switch (m.type) {
      case 'ready':
        // a new page (first open, shown again, moved, reloaded): all that was shown, then what comes
        this.post({ type: 'init', strings: conversationStrings(), locale: vscode.env.language, chatId: this.chatId });
        if (this.shown.isLoaded) this.post(this.shown.message());
        if (this.notice) this.post({ type: 'notice', notice: this.notice });
        this.pageReady = true;
        if (!this.shown.isLoaded && !this.reads.isScheduled) await this.loadFirst();
        break;
      case 'older':
        try {
          const { messages, end } = await this.history(this.known.oldest);
          this.known.note(messages);
          const lines = this.lines(messages);
          this.shown.older(lines, end);
          this.post({ type: 'lines', where: 'older', lines, end });
        } catch (e) {
          this.host.log.warn(`conversation ${this.chatId}: reading older messages failed (${problemDetail(e)})`);
          this.post({ type: 'loadError', where: 'older', message: vscode.l10n.t('Older messages can\'t be loaded now; scroll up to try again.') });
        }
        break;
      case 'attach': {
        const files = await this.host.pickFiles();
        if (!files?.length) break;
        for (const f of files) this.picked.add(f.toString());
        this.post({ type: 'attached', files: files.map((f) => ({ name: f.path.split('/').pop() || 'file', uri: f.toString() })) });
        break;
      }
      case 'noticeAction':
        await vscode.commands.executeCommand(m.action === 'setToken' ? 'okChat.setToken' : 'okChat.showLog');
        break;
      case 'send':
      case 'sendFile':
      case 'retry':
        await sendFromPage({ host: this.host, chatId: this.chatId, shown: this.shown, known: this.known, picked: this.picked, post: (p) => this.post(p), schedule: (ms) => this.schedule(ms) }, m);
        break;
      case 'openLink':
        // http(s) only; VS Code asks before opening a link to a site not trusted yet
        if (/^https?:\/\//i.test(m.url)) await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        break;
      case 'openSnippet':
        await openSnippet(m.path, m.startLine, m.endLine);
        break;
    }
  }
}

function titleOf(host: ConversationHost, chatId: string): string {
  return host.title(chatId) ?? chatId;
}

/** Opens the chat's conversation, or reveals it when it is open already. */
export function openConversation(host: ConversationHost, chatId: string): void {
  const shown = open.get(chatId);
  if (shown) {
    shown.panel.reveal();
    return;
  }
  const panel = vscode.window.createWebviewPanel(VIEW_TYPE, titleOf(host, chatId), vscode.ViewColumn.Active, { enableScripts: true });
  open.set(chatId, new Conversation(host, chatId, panel));
}

/** A panel VS Code kept over a reload, given its chat again. */
export function restoreConversation(host: ConversationHost, panel: vscode.WebviewPanel, chatId: string): void {
  open.get(chatId)?.panel.dispose();
  panel.title = titleOf(host, chatId);
  open.set(chatId, new Conversation(host, chatId, panel));
}

/** The panel of the chat's conversation, when it is open. */
export function openPanel(chatId: string): vscode.WebviewPanel | undefined {
  return open.get(chatId)?.panel;
}

export function openChats(): string[] {
  return [...open.keys()];
}
