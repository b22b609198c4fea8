import * as vscode from 'vscode';
import type { ChatId, Delivery, UploadedFile } from '../core';

export type OutboxKind = 'text' | 'image' | 'users' | 'file';

/** A send that did not complete. Its text is kept until it is delivered or discarded. */
export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  chatId?: ChatId;
  /** The chat title when it was queued, for display. */
  chatTitle?: string;
  userIds?: string[];
  /** Message parts (texts); for an image its URL; for files their URIs (1 to 5, sent as one message). */
  parts: string[];
  /** For a file: its name (the names, for several), and the text sent with it. */
  fileName?: string;
  caption?: string;
  /**
   * For files: what OK already received, by index in `parts` (token, size and when). A retry
   * sends these tokens again instead of uploading, until they are too old.
   */
  uploads?: Array<UploadedFile | null>;
  /** How many parts OK has already accepted: a retry starts after them. */
  sent: number;
  createdAt: number;
  updatedAt: number;
  attempts: number;
  lastError?: string;
  /** Whether the last failed attempt may nevertheless have reached OK. */
  delivery?: Delivery;
  /** What produced it: "text", "selection", "file", "image", "users", "build". */
  source: string;
}

const KEY = 'okChat.outbox';

export class Outbox implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  all(): OutboxItem[] {
    return this.state.get<OutboxItem[]>(KEY, []);
  }

  get(id: string): OutboxItem | undefined {
    return this.all().find((i) => i.id === id);
  }

  async put(item: OutboxItem): Promise<void> {
    const list = this.all().filter((i) => i.id !== item.id);
    list.push({ ...item, updatedAt: Date.now() });
    await this.state.update(KEY, list);
    this.changed.fire();
  }

  async remove(id: string): Promise<boolean> {
    const list = this.all();
    const next = list.filter((i) => i.id !== id);
    if (next.length === list.length) return false;
    await this.state.update(KEY, next);
    this.changed.fire();
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function newOutboxId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The text that was not delivered yet (what "Copy" puts on the clipboard). */
export function pendingText(item: OutboxItem): string {
  return item.parts
    .slice(item.sent)
    .map((p) => p.replace(/^\(\d+\/\d+\) /, ''))
    .join('');
}

export function outboxLabel(item: OutboxItem): string {
  if (item.kind === 'file' && item.fileName) return item.fileName;
  const first = pendingText(item).split(/\r?\n/).find((l) => l.trim()) ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
}
