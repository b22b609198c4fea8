/**
 * What the Outbox keeps: one item per send (texts, an image by URL, files, direct messages),
 * how it is labelled, and where its records live.
 */
import type { ChatId } from '../model/ids';
import type { Delivery } from '../model/okApiError';
import type { UploadedFile } from '../net/fileUpload';
import type { LinkButton } from '../net/okRequests';
import * as l10n from '@vscode/l10n';

export type OutboxKind = 'text' | 'image' | 'users' | 'file';

/** What produced a send (shown in the Outbox and the log). */
export type OutboxSource = 'text' | 'selection' | 'file' | 'image' | 'users' | 'build';

interface OutboxItemBase {
  id: string;
  /** Message parts (texts); for an image its URL; for files their URIs (1 to 5, sent as one message). */
  parts: string[];
  /** How many parts OK has already accepted: a retry starts after them. */
  sent: number;
  createdAt: number;
  updatedAt: number;
  attempts: number;
  lastError?: string;
  /** Whether the last failed attempt may nevertheless have reached OK. */
  delivery?: Delivery;
  /**
   * The last attempt failed for a reason a later attempt may get past (OK could not be reached,
   * asked to slow down): the Outbox sends it again on its own once OK answers (see autoRetry.ts).
   */
  autoRetry?: boolean;
  source: OutboxSource;
  /**
   * "sending" while an attempt runs: the record is written before the first request and kept
   * until OK accepted the last part. Found so at start (VS Code or the extension host stopped
   * mid-send), the item may have been sent. "waiting" while a send is held back on purpose (build
   * results of one burst are collected into one message): found so at start, it was not sent.
   */
  state?: 'sending' | 'waiting';
  /** Which window's attempt wrote "sending" (windows share the records): see {@link Outbox.recover}. */
  owner?: string;
}

/** Text parts, or an image by URL, to a chat. */
export interface MessageOutboxItem extends OutboxItemBase {
  kind: 'text' | 'image';
  chatId: ChatId;
  /** The chat title when it was queued, for display. */
  chatTitle?: string;
  /**
   * Link buttons under the last part (texts only). Where OK refuses them, that part goes with
   * their links as text instead.
   */
  buttons?: LinkButton[];
  /** The id of the message the first part answers (OK's `reply_to`; texts only). */
  replyTo?: string;
}

/** Files (1 to 5, their locations in `parts`) sent to a chat as one message. */
export interface FileOutboxItem extends OutboxItemBase {
  kind: 'file';
  chatId: ChatId;
  chatTitle?: string;
  /** The file's name (the names, for several). */
  fileName?: string;
  /** The text sent with the files. */
  caption?: string;
  /**
   * What OK already received, by index in `parts` (token, size and when). A retry sends these
   * tokens again instead of uploading, until they are too old.
   */
  uploads?: Array<UploadedFile | null>;
  /**
   * Set once OK refused the files in one message and they go one per message: how many of them
   * (in order) OK has taken so far. A retry posts only the rest, with the same tokens.
   */
  filesSent?: number;
}

/** Direct messages to users. */
export interface UsersOutboxItem extends OutboxItemBase {
  kind: 'users';
  userIds: string[];
  /**
   * Link buttons under the last part, as for a chat's texts (records of earlier versions have
   * none: their links are in the text).
   */
  buttons?: LinkButton[];
}

/** A send that did not complete. Its text is kept until it is delivered or discarded. */
export type OutboxItem = MessageOutboxItem | FileOutboxItem | UsersOutboxItem;

/** An item sent to a chat. */
export type ChatOutboxItem = MessageOutboxItem | FileOutboxItem;

/**
 * Where the records live, one entry per item (VS Code: the extension's global state, which
 * survives the extension host and is shared by every window; one entry per item keeps one
 * window's write from replacing another window's records).
 */
export interface OutboxStore {
  load(): OutboxItem[];
  /** Resolves once the record is stored durably. */
  save(item: OutboxItem): PromiseLike<void>;
  delete(id: string): PromiseLike<void>;
  /** The record as stored now, which another window may have changed or removed (stores shared by windows). */
  read?(id: string): OutboxItem | undefined;
  /**
   * Claims the record for one attempt, atomically across the processes sharing the store: a token
   * to release it with, or undefined while a live window holds it (a dead window's claim is taken over).
   */
  claim?(id: string, owner: string, isOwnerAlive: (owner: string) => boolean): string | undefined;
  /** Gives a claim up (nothing if it is no longer this token's). */
  release?(id: string, token: string): void;
}

/** A store in memory (tests, fault injection). */
export class MemoryOutboxStore implements OutboxStore {
  private readonly items = new Map<string, OutboxItem>();
  writes = 0;
  load(): OutboxItem[] {
    return [...this.items.values()].map((i) => structuredClone(i));
  }
  read(id: string): OutboxItem | undefined {
    const item = this.items.get(id);
    return item && structuredClone(item);
  }
  save(item: OutboxItem): Promise<void> {
    this.items.set(item.id, structuredClone(item));
    this.writes++;
    return Promise.resolve();
  }
  delete(id: string): Promise<void> {
    this.items.delete(id);
    this.writes++;
    return Promise.resolve();
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

type ChatTarget = { chatId: ChatId; chatTitle?: string; fileName?: string; caption?: string; buttons?: LinkButton[]; replyTo?: string };
type UsersTarget = { userIds: string[]; buttons?: LinkButton[] };
type Target = ChatTarget | UsersTarget;

export function newJob(kind: 'text' | 'image' | 'file', parts: string[], target: ChatTarget, source: OutboxSource): OutboxItem;
export function newJob(kind: 'users', parts: string[], target: UsersTarget, source: OutboxSource): OutboxItem;
export function newJob(kind: OutboxItem['kind'], parts: string[], target: Target, source: OutboxSource): OutboxItem {
  const now = Date.now();
  const base = { id: newOutboxId(), parts, sent: 0, createdAt: now, updatedAt: now, attempts: 0, source };
  if (kind === 'users') {
    if (!('userIds' in target)) throw new TypeError('direct messages need user ids');
    return { ...base, kind, userIds: target.userIds, ...(target.buttons?.length ? { buttons: target.buttons } : {}) };
  }
  if (!('chatId' in target)) throw new TypeError('a chat message needs a chat');
  if (kind === 'file') {
    const { buttons: _none, replyTo: _text, ...files } = target;
    return { ...base, kind, ...files };
  }
  const buttons = kind === 'text' && target.buttons?.length ? { buttons: target.buttons } : {};
  const reply = kind === 'text' && target.replyTo ? { replyTo: target.replyTo } : {};
  return { ...base, kind, chatId: target.chatId, chatTitle: target.chatTitle, ...buttons, ...reply };
}

/** Where a job goes, for people: the chat's title, its id, or "N users". */
export function jobTarget(job: OutboxItem): string {
  return job.kind === 'users' ? l10n.t('{0} users', job.userIds.length) : (job.chatTitle ?? job.chatId);
}

