// What each contributed command takes and gives back, declared once. The handlers
// (commandTable.ts), the README table "Commands with arguments" (a unit test compares them) and
// the tests' typed `runCommand` all read it. Types only, besides the small field list below
// that the argument types are derived from (no `vscode` at run time, so Node tests load it).
import type * as vscode from 'vscode';
import type { SendOutcome } from '../../core';
import type { Success } from '../../core/model/okSchemas';
import type { SavedChat } from '../savedChats/savedChat';
import type { NotifyWhen } from '../../core/notify/buildStatus';
import type { RawRule } from '../../core/notify/ruleBuilder';
import type { Services } from '../services';

/** One field of an argument object; `T` is its type (phantom: only `optional` exists at run time). */
interface Field<T, Optional extends boolean> {
  readonly optional: Optional;
  readonly type?: T;
}
/** The command asks for this field when it is missing (that is the interactive path). */
const required = <T>(): Field<T, false> => ({ optional: false });
/** The command has a default for this field and does not ask for it. */
const optional = <T>(): Field<T, true> => ({ optional: true });

/** What a command resolves to; `nothing` when it resolves to undefined. */
interface Returns<T> {
  readonly nothing: boolean;
  readonly type?: T;
}
/** `T` excludes undefined and void: a command that gives back a value always does (or rejects). */
const returns = <T extends NonNullable<unknown>>(): Returns<T> => ({ nothing: false });
const returnsNothing = (): Returns<void> => ({ nothing: true });

type Fields = Readonly<Record<string, Field<unknown, boolean>>>;
interface Spec {
  /** `{}`: no fields (an empty object still makes errors reject instead of only showing). */
  readonly args: Fields;
  readonly result: Returns<unknown>;
}

/** A file as a `vscode.Uri`, a `file:` (or other scheme) URI string, or a path. */
type FileRef = vscode.Uri | string;

/** `{ name, group_id }` of the group a token belongs to. */
export interface GroupInfo {
  name: string;
  group_id: string;
}

/**
 * An Outbox message as `okChat.showOutbox` gives it to code: which message, to whom, and how far it
 * got; never its text (any installed extension can run a command).
 */
export interface OutboxEntry {
  id: string;
  kind: 'text' | 'image' | 'file' | 'users';
  /** The chat (a message to a chat). */
  chatId?: string;
  /** The users (direct messages). */
  userIds?: string[];
  /**
   * `sending` (an attempt runs), `waiting` (held back on purpose), `not-sent`, `rejected` (OK
   * refused it) or `unknown` (OK may have it: check before retrying).
   */
  state: 'sending' | 'waiting' | 'not-sent' | 'rejected' | 'unknown';
}

/** Every contributed command: its argument fields and its result. package.json declares exactly these. */
export const COMMAND_CONTRACT = {
  'okChat.setToken': { args: { token: required<string>() }, result: returns<GroupInfo>() },
  'okChat.clearToken': { args: {}, result: returnsNothing() },
  'okChat.addChat': { args: { chatId: required<string>(), title: optional<string>() }, result: returns<SavedChat>() },
  'okChat.pickChats': { args: {}, result: returns<SavedChat[]>() },
  'okChat.removeChat': { args: { chatId: required<string>() }, result: returns<boolean>() },
  'okChat.renameChat': { args: { chatId: required<string>(), title: required<string>() }, result: returns<Success>() },
  'okChat.setChatIcon': { args: { chatId: required<string>(), url: required<string>() }, result: returns<Success>() },
  'okChat.addMembers': { args: { chatId: required<string>(), userIds: required<readonly string[]>() }, result: returns<Success>() },
  'okChat.removeMember': { args: { chatId: required<string>(), userId: required<string>() }, result: returns<Success>() },
  'okChat.leaveChat': { args: { chatId: required<string>() }, result: returns<Success>() },
  'okChat.markSeen': { args: { chatId: required<string>() }, result: returns<Success>() },
  'okChat.openConversation': { args: { chatId: required<string>() }, result: returnsNothing() },
  'okChat.copyChatId': { args: { chatId: required<string>() }, result: returns<string>() },
  'okChat.openInBrowser': { args: { chatId: required<string>() }, result: returns<string>() },
  'okChat.sendText': { args: { chatId: required<string>(), text: required<string>() }, result: returns<SendOutcome>() },
  'okChat.sendSelection': { args: { chatId: required<string>() }, result: returns<SendOutcome>() },
  'okChat.sendSelectionAsImage': { args: { chatId: required<string>(), lineNumbers: optional<boolean>(), confirm: optional<boolean>() }, result: returns<SendOutcome>() },
  'okChat.sendFile': {
    args: { chatId: required<string>(), uri: optional<FileRef>(), uris: optional<readonly FileRef[]>(), asFile: optional<boolean>(), caption: optional<string>() },
    result: returns<SendOutcome>(),
  },
  'okChat.sendFileAsAttachment': {
    args: { chatId: required<string>(), uri: optional<FileRef>(), uris: optional<readonly FileRef[]>(), caption: optional<string>() },
    result: returns<SendOutcome>(),
  },
  'okChat.sendImage': { args: { chatId: required<string>(), url: required<string>() }, result: returns<SendOutcome>() },
  'okChat.sendToUsers': { args: { userIds: required<readonly string[]>(), text: required<string>() }, result: returns<SendOutcome>() },
  'okChat.refreshChats': { args: {}, result: returns<SavedChat[]>() },
  'okChat.refreshUnread': { args: {}, result: returns<Record<string, number>>() },
  'okChat.retrySend': { args: { id: required<string>(), confirmed: optional<boolean>() }, result: returns<SendOutcome>() },
  'okChat.retryAll': { args: {}, result: returns<{ sent: number; notSent: number; mayHaveBeenSent: number }>() },
  'okChat.discardOutboxItem': { args: { id: required<string>() }, result: returns<boolean>() },
  'okChat.copyOutboxItem': { args: { id: required<string>() }, result: returns<string>() },
  'okChat.showOutbox': { args: {}, result: returns<OutboxEntry[]>() },
  'okChat.sendTestBuildNotification': { args: { chatId: optional<string>(), status: optional<'success' | 'failure'>() }, result: returns<SendOutcome[]>() },
  'okChat.addBuildNotificationRule': {
    args: { chatId: required<string>(), task: optional<string>(), command: optional<string>(), when: required<NotifyWhen>(), target: required<'user' | 'workspace'>() },
    result: returns<{ target: 'user' | 'workspace'; rule: RawRule; replaced: boolean }>(),
  },
  'okChat.copyLinkToLines': { args: {}, result: returns<{ url: string; onBranch: boolean }>() },
  'okChat.showLog': { args: {}, result: returnsNothing() },
} as const satisfies Readonly<Record<`okChat.${string}`, Spec>>;

type Contract = typeof COMMAND_CONTRACT;
export type CommandId = keyof Contract;

type FieldsOf<K extends CommandId> = Contract[K]['args'];
type TypeOf<F> = F extends Field<infer T, boolean> ? T : never;
type RequiredKeys<F> = { [P in keyof F]: F[P] extends Field<unknown, false> ? P : never }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;
type Flatten<T> = { [P in keyof T]: T[P] };

/**
 * The argument object of a command (`{}` for a command without fields). A field without `?` is
 * asked for when it is missing, so a call that gives every such field prompts for nothing.
 */
export type Args<K extends CommandId> = [keyof FieldsOf<K>] extends [never]
  ? Readonly<Record<string, never>>
  : Flatten<{ readonly [P in RequiredKeys<FieldsOf<K>>]: TypeOf<FieldsOf<K>[P]> } & { readonly [P in OptionalKeys<FieldsOf<K>>]?: TypeOf<FieldsOf<K>[P]> }>;

/** What a command resolves to when it is called with its argument object (it rejects on errors). */
export type Result<K extends CommandId> = Contract[K]['result'] extends Returns<infer T> ? T : never;

/**
 * The handler of a command. `arg` is the argument object, or (palette, menus) nothing, a tree
 * node of the Chats view (a chat's node has `chatId`, an Outbox message's node `outboxId`) or
 * explorer Uris; at run time it can be anything a caller passed, so handlers read it
 * defensively. `rest`: what else a menu passes (the explorer's selected files).
 */
export type CommandHandler<K extends CommandId> = (s: Services, arg?: Args<K>, ...rest: unknown[]) => Promise<Result<K>>;

/** What a context menu of the Chats view passes instead of an argument object: the node clicked. */
export type TreeNodeArg = vscode.TreeItem;

/** The command table's type: a handler with the wrong argument or result type does not compile. */
export type CommandHandlers = { readonly [K in CommandId]: CommandHandler<K> };

/** The ids, in the order of the table. */
export const COMMAND_IDS = Object.keys(COMMAND_CONTRACT) as CommandId[];

/** The argument field names of a command and whether each is optional ([] for a command without fields). */
export function argumentFields(id: CommandId): Array<{ name: string; optional: boolean }> {
  const args: Fields = COMMAND_CONTRACT[id].args;
  return Object.entries(args).map(([name, f]) => ({ name, optional: f.optional }));
}

/** Whether a command resolves to undefined even when it succeeds. */
export function resolvesToNothing(id: CommandId): boolean {
  return COMMAND_CONTRACT[id].result.nothing;
}
