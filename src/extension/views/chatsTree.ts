import * as vscode from 'vscode';
import { outboxDescription, outboxTooltip, outboxTarget } from '../../core/messages/labels';
import { countText } from '../../core/messages/plural';
import { chatRow, chatRowTooltip, type SavedChat } from '../savedChats/savedChat';
import type { ChatStore } from '../savedChats/chatStore';
import type { ChatIcons } from './chatIcons';
import { outboxLabel, type OutboxItem } from '../../core/outbox/outboxItems';
import type { Outbox } from '../../core/outbox/outboxQueue';
import { unreadNumber, type UnreadRecord } from '../unread/unreadCount';
import type { UnreadTracker } from '../unread/unreadTracker';

/** A saved chat in the tree. Commands receive it and read `chatId`. */
export class ChatNode extends vscode.TreeItem {
  readonly kind = 'chat';
  readonly chatId: string;

  /**
   * `icon`: the chat's own icon (a cached file), when it has one. The tooltip is made when VS Code
   * asks for it on hover (`resolveTooltip`): a tree of thousands of chats does not format them all.
   */
  constructor(
    readonly chat: SavedChat,
    icon?: vscode.Uri,
    private readonly now = Date.now(),
    private readonly locale = vscode.env.language,
    /** The chat's unread count, when it has one. */
    readonly unread?: UnreadRecord,
  ) {
    const activity = { unread: unreadNumber(unread), ...(unread?.newest === undefined ? {} : { newest: unread.newest }) };
    const row = chatRow(chat, now, locale, activity);
    super(row.label, vscode.TreeItemCollapsibleState.None);
    this.chatId = chat.chatId;
    this.id = `chat/${chat.chatId}`;
    // the unread count comes first in the description (chatDescription): a narrow side bar cuts the end
    this.description = row.description;
    this.contextValue = row.gone ? 'okChat.chat.left' : 'okChat.chat';
    this.iconPath = icon ?? new vscode.ThemeIcon(row.gone ? 'circle-slash' : 'comment-discussion');
    // a click (or Enter) opens the chat, as in a team's chat app; "Send Message…" is the row's inline button
    if (!row.gone) this.command = { command: 'okChat.openConversation', title: vscode.l10n.t('Open Conversation'), arguments: [this] };
    // what a screen reader says: the title and what the row shows, never the id (the tooltip has it)
    this.accessibilityInformation = { label: chatSpokenLabel(row.label, row.description) };
  }

  /** Sets the tooltip (what VS Code's resolveTreeItem asks for) and returns the item. */
  resolveTooltip(): this {
    const n = unreadNumber(this.unread);
    const count = Number.parseInt(n, 10) || 0;
    const words = countText(count, vscode.l10n.t('{0} new message from others since the chat was last marked as seen|{0} new messages from others since the chat was last marked as seen', n), this.locale);
    const unread = n ? `\n\n${words}` : '';
    const activity = this.unread?.newest === undefined ? undefined : { newest: this.unread.newest };
    this.tooltip ??= new vscode.MarkdownString(chatRowTooltip(this.chat, this.now, this.locale, activity) + unread);
    return this;
  }
}

/** The spoken label of a chat's row: "Chat Backend, 3 new · 3 members · 5 minutes ago". */
export function chatSpokenLabel(label: string, description: string): string {
  return description ? vscode.l10n.t('Chat {0}, {1}', label, description) : vscode.l10n.t('Chat {0}', label);
}

export class OutboxNode extends vscode.TreeItem {
  readonly kind = 'outbox';
  constructor(count: number) {
    super(vscode.l10n.t('Outbox ({0})', count), vscode.TreeItemCollapsibleState.Expanded);
    this.id = 'outbox';
    this.iconPath = new vscode.ThemeIcon('mail', new vscode.ThemeColor('list.warningForeground'));
    this.contextValue = 'okChat.outbox';
    this.tooltip = vscode.l10n.t('Messages that could not be sent yet. Retry or discard them.');
  }
}

export class OutboxItemNode extends vscode.TreeItem {
  readonly kind = 'outboxItem';
  readonly outboxId: string;
  /** `chatTitle`: the chat's title now (a saved chat may have been renamed since). */
  constructor(readonly item: OutboxItem, chatTitle?: string, now = Date.now(), locale = vscode.env.language) {
    super(outboxLabel(item) || vscode.l10n.t('(image)'), vscode.TreeItemCollapsibleState.None);
    this.outboxId = item.id;
    this.id = `outbox/${item.id}`;
    const info = item.kind === 'users' ? item : { ...item, chatTitle: chatTitle ?? item.chatTitle };
    this.description = outboxDescription(info, now, locale);
    this.iconPath = new vscode.ThemeIcon(item.state === 'sending' ? 'sync' : item.delivery === 'unknown' ? 'question' : 'warning');
    this.contextValue = 'okChat.outboxItem';
    this.tooltip = new vscode.MarkdownString(outboxTooltip(info, now, locale));
    this.accessibilityInformation = { label: vscode.l10n.t('Unsent message to {0}: {1}', outboxTarget(info), typeof this.label === 'string' ? this.label : '') };
  }
}

export type Node = ChatNode | OutboxNode | OutboxItemNode;

/** How often relative times ("5 minutes ago") are redrawn while the view is open. */
const RELATIVE_TIME_REFRESH_MS = 60_000;

export class ChatTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  /**
   * What VS Code was last given: the roots' ids, the Outbox as listed, and each chat's node (by
   * chat id) with what it showed. VS Code's extension host forgets every element of the view on a
   * full refresh until it has asked for the roots again: an inline action clicked in that moment
   * reaches its command without the chat (and asks "which chat?"). So a full refresh is fired only
   * when the rows themselves change; a row whose text or icon changed is updated in place, and
   * nothing is fired when nothing shown changed.
   */
  private shown: { rootIds: string; outbox: string; chats: Map<string, { node: ChatNode; look: string }> } | undefined;
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private icons: ChatIcons | undefined;
  private unread: UnreadTracker | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly chats: ChatStore, private readonly outbox: Outbox) {
    this.subscriptions = [chats.onDidChange(() => this.refresh()), outbox.onDidChange(() => this.refresh())];
  }

  /** Chat icons come later than the tree (the tree is registered first thing on activation). */
  useIcons(icons: ChatIcons): void {
    this.icons = icons;
    this.subscriptions.push(icons.onDidChange(() => this.refresh()));
    this.refresh();
  }

  /** Unread counts come later than the tree too. */
  useUnread(unread: UnreadTracker): void {
    this.unread = unread;
    this.subscriptions.push(unread.onDidChange(() => this.refresh()));
    this.refresh();
  }

  /** Redraws relative times every minute while `visible`. */
  setVisible(visible: boolean): void {
    if (visible && !this.timer) {
      this.timer = setInterval(() => this.refresh(), RELATIVE_TIME_REFRESH_MS);
      this.refresh();
    } else if (!visible && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  refresh(): void {
    if (!this.shown) {
      this.changed.fire(undefined);
      return;
    }
    const pending = this.outbox.listed();
    const roots = this.roots(pending);
    if (rootIds(roots) !== this.shown.rootIds || outboxLook(pending) !== this.shown.outbox) {
      this.changed.fire(undefined);
      return;
    }
    const changed: ChatNode[] = [];
    for (const node of roots) {
      if (!(node instanceof ChatNode)) continue;
      const before = this.shown.chats.get(node.chatId);
      if (before && before.look !== chatLook(node)) changed.push(this.keep(node));
    }
    if (changed.length > 0) this.changed.fire(changed);
  }

  /** The node VS Code holds for this chat, updated to `fresh` (a new one when VS Code holds none). */
  private keep(fresh: ChatNode): ChatNode {
    const look = chatLook(fresh);
    const held = this.shown?.chats.get(fresh.chatId);
    if (!held) {
      this.shown?.chats.set(fresh.chatId, { node: fresh, look });
      return fresh;
    }
    held.node.tooltip = undefined; // made again on the next hover
    Object.assign(held.node, fresh);
    held.look = look;
    return held.node;
  }

  /** The rows: the saved chats, then the Outbox when `pending` (the Outbox as listed, read once by the caller) has messages. */
  private roots(pending: readonly OutboxItem[]): Node[] {
    const now = Date.now();
    const chats = this.chats.all().map((c) => new ChatNode(c, this.icons?.get(c.iconUrl), now, undefined, this.unread?.get(c.chatId)));
    // after the chats: the Outbox coming or going never moves a chat's row under the pointer
    return pending.length ? [...chats, new OutboxNode(pending.length)] : chats;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  /** VS Code asks on hover for what getChildren left out: a chat's tooltip. */
  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    return node instanceof ChatNode ? node.resolveTooltip() : item;
  }

  getChildren(node?: Node): Node[] {
    const now = Date.now();
    if (!node) {
      const pending = this.outbox.listed();
      const fresh = this.roots(pending);
      const previous = this.shown?.chats;
      this.shown = { rootIds: rootIds(fresh), outbox: outboxLook(pending), chats: new Map() };
      for (const n of fresh) if (n instanceof ChatNode && previous?.has(n.chatId)) this.shown.chats.set(n.chatId, previous.get(n.chatId)!);
      return fresh.map((n) => (n instanceof ChatNode ? this.keep(n) : n));
    }
    if (node instanceof OutboxNode) {
      const saved = this.chats.list();
      return this.outbox.listed().map((i) => new OutboxItemNode(i, i.kind === 'users' ? undefined : saved.get(i.chatId)?.title, now));
    }
    return [];
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const sub of this.subscriptions) sub.dispose();
    this.changed.dispose();
  }
}

function rootIds(roots: readonly Node[]): string {
  return roots.map((n) => n.id).join('\n');
}

/** What a chat's row shows (and what its commands and tooltip are made from). */
function chatLook(n: ChatNode): string {
  return JSON.stringify([n.label, n.description, n.contextValue, iconKey(n.iconPath), n.accessibilityInformation?.label, n.chat, n.unread]);
}

function outboxLook(items: readonly OutboxItem[]): string {
  return JSON.stringify(items);
}

function iconKey(icon: vscode.TreeItem['iconPath']): string {
  if (icon instanceof vscode.ThemeIcon) return `theme:${icon.id}`;
  if (icon instanceof vscode.Uri) return icon.toString();
  return typeof icon === 'string' ? icon : JSON.stringify(icon ?? null);
}
