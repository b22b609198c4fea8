import * as vscode from 'vscode';
import { chatLabel, type ChatStore, type SavedChat } from './chatStore';
import { outboxLabel, type Outbox, type OutboxItem } from './outbox';

/** A saved chat in the tree. Commands receive it and read `chatId`. */
export class ChatNode extends vscode.TreeItem {
  readonly kind = 'chat';
  readonly chatId: string;

  constructor(readonly chat: SavedChat) {
    super(chatLabel(chat), vscode.TreeItemCollapsibleState.None);
    this.chatId = chat.chatId;
    this.id = `chat/${chat.chatId}`;
    const short = chat.chatId.slice('chat:'.length);
    const left = chat.status === 'LEFT' || chat.status === 'REMOVED';
    this.description = left ? `${short} · ${vscode.l10n.t('left')}` : short;
    this.contextValue = left ? 'okChat.chat.left' : 'okChat.chat';
    this.iconPath = chat.iconUrl && /^https:\/\//i.test(chat.iconUrl) ? vscode.Uri.parse(chat.iconUrl) : new vscode.ThemeIcon(left ? 'circle-slash' : 'comment-discussion');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${escapeMd(chatLabel(chat))}**\n\n`);
    tip.appendMarkdown(`\`${chat.chatId}\``);
    if (chat.status) tip.appendMarkdown(`\n\n${vscode.l10n.t('Status: {0}', chat.status)}`);
    if (chat.participants) tip.appendMarkdown(`\n\n${vscode.l10n.t('Members: {0}', chat.participants.length)}`);
    this.tooltip = tip;
    this.accessibilityInformation = { label: vscode.l10n.t('Chat {0}, id {1}', chatLabel(chat), short) };
  }
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
  constructor(readonly item: OutboxItem) {
    super(outboxLabel(item) || vscode.l10n.t('(image)'), vscode.TreeItemCollapsibleState.None);
    this.outboxId = item.id;
    this.id = `outbox/${item.id}`;
    this.description = item.chatTitle ?? item.chatId ?? item.userIds?.join(', ');
    this.iconPath = new vscode.ThemeIcon('warning');
    this.contextValue = 'okChat.outboxItem';
    this.tooltip = item.lastError;
  }
}

export type Node = ChatNode | OutboxNode | OutboxItemNode;

export class ChatTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly chats: ChatStore, private readonly outbox: Outbox) {
    this.subscriptions = [chats.onDidChange(() => this.changed.fire(undefined)), outbox.onDidChange(() => this.changed.fire(undefined))];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const pending = this.outbox.all();
      const chats = this.chats.all().map((c) => new ChatNode(c));
      return pending.length ? [new OutboxNode(pending.length), ...chats] : chats;
    }
    if (node instanceof OutboxNode) return this.outbox.all().map((i) => new OutboxItemNode(i));
    return [];
  }

  dispose(): void {
    for (const sub of this.subscriptions) sub.dispose();
    this.changed.dispose();
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
