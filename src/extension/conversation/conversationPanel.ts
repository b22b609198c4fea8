// The conversation view: a webview panel per chat (its page: src/webview/conversation/, bundled to
// dist/conversation/page.js). Loaded only when a conversation is first opened or restored (see
// commands/openConversation.ts). Pages of history go to the page as data, by time; a visible
// panel asks for new messages every few seconds, backing off after errors.
import * as vscode from 'vscode';
import type { OkMessage } from '../../core';
import type { ConversationLine } from '../../core/messages/conversation';
import type { FromPage, LineData, TestActMessage, ToPage } from '../../webview/conversation/protocol';
import type { ConversationHost, FailedSend } from './conversationHost';
import { conversationHtml } from './conversationHtml';
import { conversationStrings } from './conversationStrings';
import { languageName, openSnippet } from './openSnippet';
import { RECENT_FOCUS_MS } from '../unread/pollSchedule';

export const VIEW_TYPE = 'okChat.conversation';
const PAGE = 50;
const MAX_BACKOFF_MS = 5 * 60_000;

const open = new Map<string, Conversation>();
/** When the window last gained or lost focus. */
let lastFocusedAt = Date.now();

/** The window is focused, or was until a few minutes ago. */
function windowInUse(): boolean {
  return vscode.window.state.focused || Date.now() - lastFocusedAt <= RECENT_FOCUS_MS;
}
let groupId: Promise<string | undefined> | undefined;

function toData(line: ConversationLine): LineData {
  if (line.kind === 'system') return { kind: 'system', ...(line.id ? { id: line.id } : {}), time: line.time.getTime(), text: line.text, ...(line.timeUnknown ? { timeUnknown: true } : {}) };
  const { time, snippets, senderId: _s, ...rest } = line;
  return { ...rest, time: time.getTime(), ...(snippets ? { snippets: snippets.map((s) => ({ ...s, languageName: languageName(s.language) })) } : {}) };
}

class Conversation {
  private readonly byId = new Map<string, OkMessage>();
  private readonly names = new Map<string, string>();
  private readonly sentHere = new Set<string>();
  private oldest: number | undefined;
  private newest: number | undefined;
  /** The newest message time when the chat was last marked seen from here. */
  private seenUpTo: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private polling = false;
  private loaded = false;
  /** The page said it is ready (lines posted before would be lost). */
  private pageReady = false;
  private loading = false;
  private readonly aborter = new AbortController();
  private readonly tests = new Map<number, (v: unknown) => void>();
  /** The group's id (`/me/info`), once known: with the ids OK gave our sends, it tells our messages (core `oursBy`). */
  private group: string | undefined;

  constructor(private readonly host: ConversationHost, readonly chatId: string, readonly panel: vscode.WebviewPanel) {
    const root = vscode.Uri.joinPath(host.extensionUri, 'dist', 'conversation');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.onDidReceiveMessage((raw: unknown) => {
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
      this.failures = 0;
      this.schedule(0);
    });
    panel.onDidDispose(() => {
      token.dispose();
      focus.dispose();
      open.delete(chatId);
      this.aborter.abort();
      clearTimeout(this.timer);
    });
    panel.webview.html = conversationHtml(panel.webview, vscode.Uri.joinPath(root, 'page.js'), vscode.env.language);
  }

  private post(m: ToPage): void {
    void this.panel.webview.postMessage(m);
  }

  /** The messages as lines, oldest first; names and replies resolved among all seen. */
  private lines(messages: readonly OkMessage[]): LineData[] {
    const c = this.host.core();
    for (const m of messages) {
      const id = c.okMessageId(m);
      if (id) this.byId.set(id, m);
      if (m.sender?.user_id && m.sender.name) this.names.set(`user:${m.sender.user_id.replace(/^user:/, '')}`, m.sender.name);
    }
    const stored = this.host.sentIds();
    const isOurs = c.oursBy({ groupId: this.group, sentIds: { has: (id) => this.sentHere.has(id) || stored.has(id) } });
    const ctx = { isOurs, names: this.names, byId: this.byId };
    return [...messages].sort((a, b) => a.timestamp - b.timestamp).map((m) => toData(c.conversationLine(m, ctx)));
  }

  private note(messages: readonly OkMessage[]): void {
    for (const m of messages) {
      this.oldest = Math.min(this.oldest ?? m.timestamp, m.timestamp);
      this.newest = Math.max(this.newest ?? m.timestamp, m.timestamp);
    }
  }

  private async history(before: number | undefined) {
    const c = this.host.core();
    return c.loadHistory(c.chatPages((req) => this.host.call(req, this.aborter.signal), this.chatId), { count: PAGE, before, known: this.byId.keys(), pageSize: PAGE });
  }

  /** The newest page; if it cannot be read (no token yet, OK unreachable), tried again like a poll and when the token changes. */
  private async loadFirst(): Promise<void> {
    if (this.loading || this.loaded) return;
    this.loading = true;
    try {
      groupId ??= this.host
        .call(this.host.core().requests.getMeInfo())
        .then((i) => i.group_id)
        .catch(() => ((groupId = undefined), undefined));
      const group = await groupId;
      if (group) this.group = group;
      const { messages, end } = await this.history(undefined);
      this.note(messages);
      this.post({ type: 'lines', where: 'initial', lines: this.lines(messages), end });
      this.loaded = true;
      this.failures = 0;
      this.seen();
    } catch (e) {
      this.failures = Math.min(this.failures + 1, 8);
      this.post({ type: 'loadError', where: 'initial', message: e instanceof Error ? e.message : String(e) });
    } finally {
      this.loading = false;
    }
    this.schedule();
  }

  /** Marks the chat seen when the panel is the active one and shows messages newer than the last marked. */
  private seen(): void {
    if (!this.loaded || !this.panel.visible || !this.panel.active || this.newest === undefined) return;
    if (this.seenUpTo !== undefined && this.newest <= this.seenUpTo) return;
    const upTo = (this.seenUpTo = this.newest);
    // quietly: no status bar message, and a failure only logged (the count stays; the next poll or activation tries again)
    this.host.markSeen(this.chatId, upTo).catch((e: unknown) => {
      if (this.seenUpTo === upTo) this.seenUpTo = undefined;
      this.host.log.info(`markSeen ${this.chatId}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /**
   * The next poll: after `ms`, or the interval (longer after failures). Only while visible, trusted,
   * with a token and while the window is in use (focused, or lately); focusing it polls at once.
   */
  private schedule(ms?: number, retryAfterMs = 0): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pageReady || !this.panel.visible || !vscode.workspace.isTrusted || this.aborter.signal.aborted || !windowInUse()) return;
    const base = this.host.pollMs();
    const wait = ms ?? Math.min(MAX_BACKOFF_MS, Math.max(retryAfterMs, base * 2 ** this.failures));
    this.timer = setTimeout(() => void (this.loaded ? this.poll() : this.loadFirst()), wait);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let retryAfterMs = 0;
    try {
      if (!(await this.host.hasToken())) return; // polled again when the panel is shown again
      const c = this.host.core();
      // every message since the newest shown, paged back (bounded: a gap line past the bound)
      const pages = c.chatPages((req) => this.host.call(req, this.aborter.signal), this.chatId);
      const { messages: fresh, gap } = await c.newSince(pages, { since: this.newest, known: this.byId.keys(), pageSize: PAGE });
      this.failures = 0;
      if (fresh.length) {
        this.note(fresh);
        const lines = this.lines(fresh);
        const bound = PAGE * c.NEW_MESSAGES_MAX_PAGES;
        this.post({ type: 'lines', where: 'newer', lines: gap ? [toData(c.gapLine(lines[0].time - 1, bound)), ...lines] : lines });
      }
      this.seen();
    } catch (e) {
      this.failures = Math.min(this.failures + 1, 8);
      const err = e as { kind?: string; retryAfterMs?: number };
      if (err.kind === 'rate-limit' && typeof err.retryAfterMs === 'number') retryAfterMs = err.retryAfterMs;
      this.host.log.info(`conversation ${this.chatId}: polling failed (${e instanceof Error ? e.message : String(e)}); next try later`);
    } finally {
      this.polling = false;
      this.schedule(undefined, retryAfterMs);
    }
  }

  private async onMessage(m: FromPage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.post({ type: 'init', strings: conversationStrings(), locale: vscode.env.language, chatId: this.chatId });
        this.pageReady = true;
        await this.loadFirst();
        break;
      case 'older':
        try {
          const { messages, end } = await this.history(this.oldest);
          this.note(messages);
          this.post({ type: 'lines', where: 'older', lines: this.lines(messages), end });
        } catch (e) {
          this.post({ type: 'loadError', where: 'older', message: e instanceof Error ? e.message : String(e) });
        }
        break;
      case 'send':
      case 'sendFile':
      case 'retry': {
        try {
          const outcome =
            m.type === 'send'
              ? await this.host.send(this.chatId, m.text, m.replyTo)
              : m.type === 'sendFile'
                ? await this.host.sendFile(this.chatId, { name: m.name, data: bytesOf(m.data), uri: m.uri }, m.caption)
                : await this.host.retry(m.outboxId);
          const id = outcome.messageIds[0];
          if (id) this.sentHere.add(id);
          this.post({ type: 'sendStatus', localId: m.localId, status: 'sent', ...(id ? { messageId: id } : {}) });
          this.schedule(300);
        } catch (e) {
          const failed = e as Partial<FailedSend>;
          this.post({ type: 'sendStatus', localId: m.localId, status: 'failed', error: failed.message ?? String(e), ...(failed.outboxId ? { outboxId: failed.outboxId } : {}) });
        }
        break;
      }
      case 'openLink':
        // http(s) only; VS Code asks before opening a link to a site not trusted yet
        if (/^https?:\/\//i.test(m.url)) await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        break;
      case 'openSnippet':
        await openSnippet(m.path, m.startLine, m.endLine);
        break;
      case 'testResult':
        this.tests.get(m.nonce)?.(m.result);
        this.tests.delete(m.nonce);
        break;
    }
  }

  testAct(act: Omit<TestActMessage, 'type' | 'nonce'>): Promise<unknown> {
    const nonce = Math.random();
    return new Promise((resolve) => {
      this.tests.set(nonce, resolve);
      this.post({ type: 'testAct', nonce, ...act });
    });
  }
}

/** A file's bytes as the page posted them (a typed array; older hosts: its JSON object form). */
function bytesOf(d: unknown): Uint8Array | undefined {
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (typeof d === 'object' && d !== null) return Uint8Array.from(Object.values(d as Record<string, number>));
  return undefined;
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

/** For tests: what an open conversation's page does on a test action (undefined: the chat is not open). */
export function testAct(chatId: string, act: Omit<TestActMessage, 'type' | 'nonce'>): Promise<unknown> {
  const c = open.get(chatId);
  return c ? c.testAct(act) : Promise.resolve(undefined);
}

export function openChats(): string[] {
  return [...open.keys()];
}
