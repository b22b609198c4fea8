// The messages between the conversation page (page.ts) and its panel
// (src/extension/conversation/conversationPanel.ts). Types only.

/** The page's texts, translated by the extension (the page has no translations of its own). */
export interface ConversationStrings {
  loading: string;
  loadingOlder: string;
  start: string;
  newMessages: string;
  edited: string;
  reply: string;
  replyingTo: string;
  cancelReply: string;
  openInEditor: string;
  retry: string;
  sending: string;
  failed: string;
  /** How our own messages are named, everywhere ("You"). */
  you: string;
  /** The composer's buttons. */
  send: string;
  attach: string;
  /** The live region's words for new messages: "New message from {0}: {1}", "{0} new message|{0} new messages" (plural forms). */
  newMessageFrom: string;
  newMessagesCount: string;
  placeholder: string;
  composer: string;
  messages: string;
  image: string;
  /** "Image from {0}" ({0}: a host that is not OK's): a link that loads the image when clicked. */
  imageFrom: string;
  /** Its tooltip ({0}: the host). */
  imageFromTitle: string;
  attachment: string;
  /** "Remove {0}" on a file waiting in the composer ({0}: its name). */
  removeFile: string;
  /** What the list of files waiting in the composer is called. */
  files: string;
  /** Shown instead of the time of a message OK gave no time. */
  timeUnknown: string;
  /** The time until the panel tries again, for `{0}` of a notice: "in {0} s", "in {0} min", "soon". */
  inSeconds: string;
  inMinutes: string;
  soon: string;
}

export interface SnippetData {
  path: string;
  startLine: number;
  endLine: number;
  /** The language id as written in the header; `languageName` is how VS Code names it. */
  language: string;
  languageName: string;
  code: string;
  link?: string;
}

/** One line of the conversation as the page gets it (plain data: the time in ms). */
export interface LineData {
  kind: 'message' | 'system';
  id?: string;
  time: number;
  text: string;
  sender?: string;
  ours?: boolean;
  edited?: boolean;
  attachments?: Array<{ kind: 'image' | 'file' | 'other'; type?: string; url?: string; name?: string }>;
  buttons?: Array<{ text: string; url: string }>;
  reply?: { id?: string; sender?: string; text?: string };
  snippets?: SnippetData[];
  /** A message OK sent in a shape OK Chat cannot show: `text` says to open the chat on ok.ru. */
  unreadable?: boolean;
  /** OK gave no time: `time` only places the line among its neighbours. */
  timeUnknown?: boolean;
}

export interface InitMessage {
  type: 'init';
  strings: ConversationStrings;
  /** The user's locale, for times. */
  locale: string;
  chatId: string;
}

/** A page of lines: the first (newest) one, an older one (prepended) or newer ones (appended). */
export interface LinesMessage {
  type: 'lines';
  where: 'initial' | 'older' | 'newer';
  /** Oldest first. */
  lines: LineData[];
  /** Nothing older exists (after 'initial' or 'older'). */
  end?: boolean;
}

/** Loading failed (the page shows it, and may ask again). */
export interface LoadErrorMessage {
  type: 'loadError';
  where: 'initial' | 'older';
  message: string;
}

/** What became of a message sent from the composer. */
export interface SendStatusMessage {
  type: 'sendStatus';
  localId: string;
  status: 'sent' | 'failed';
  /** The id OK gave the message (sent). */
  messageId?: string;
  /** The Outbox item to retry (failed). */
  outboxId?: string;
  error?: string;
}

/** A message sent from the composer that the page shows as ours (sending, failed or sent, not yet read back). */
export interface SendData {
  localId: string;
  line: LineData;
  status: 'sending' | 'failed' | 'sent';
  messageId?: string;
  outboxId?: string;
  error?: string;
}

/**
 * Everything the panel has shown, sent whenever a page says it is ready (VS Code builds a hidden
 * page again when its tab is shown, moved to another group or the window reloads): the page
 * replaces what it shows with it.
 */
export interface StateMessage {
  type: 'state';
  /** Oldest first. */
  lines: LineData[];
  /** Nothing older exists. */
  end: boolean;
  /** The composer's sends the panel knows of, oldest first. */
  sends: SendData[];
  /** The first message that was unread when the chat opened: the "New messages" line goes above it, and the page scrolls to it. */
  unreadFrom?: string;
}

/** Files the user picked with the composer's attach button: they wait in the composer like pasted ones. */
export interface AttachedMessage {
  type: 'attached';
  files: Array<{ name: string; uri: string }>;
}

/** What a notice's button does. */
export type NoticeAction = 'setToken' | 'showLog';

/** Why the panel cannot show the chat now, in words for a person (the detail is in the log). */
export interface NoticeData {
  /** `{0}`, if any: when the panel tries again ("in 30 s"), filled in by the page as it counts down. */
  text: string;
  /** When the panel tries again (ms since the epoch); without it `{0}` is "soon". */
  retryAt?: number;
  action?: { label: string; id: NoticeAction };
}

/** The notice to show; without `notice`: nothing is wrong any more. */
export interface NoticeMessage {
  type: 'notice';
  notice?: NoticeData;
}

export type ToPage = InitMessage | StateMessage | LinesMessage | LoadErrorMessage | NoticeMessage | SendStatusMessage | AttachedMessage;

export interface ReadyMessage {
  type: 'ready';
}
export interface OlderMessage {
  type: 'older';
}
/** The composer's attach button: the panel asks for files to send. */
export interface AttachMessage {
  type: 'attach';
}
export interface SendMessage {
  type: 'send';
  localId: string;
  text: string;
  replyTo?: string;
}
/**
 * A file pasted or dropped into the composer, sent as an attachment (through the Outbox): its
 * bytes, or (dropped from VS Code's Explorer) its URI, which must be in the workspace, or (picked
 * with the attach button) the URI the panel gave it.
 * `caption`: the composer's text, with the first file.
 */
export interface SendFileMessage {
  type: 'sendFile';
  localId: string;
  name: string;
  data?: Uint8Array;
  uri?: string;
  caption?: string;
}
export interface RetryMessage {
  type: 'retry';
  localId: string;
  outboxId: string;
}
export interface OpenLinkMessage {
  type: 'openLink';
  url: string;
}
export interface OpenSnippetMessage {
  type: 'openSnippet';
  path: string;
  startLine: number;
  endLine: number;
}
/** The button of a notice was clicked. */
export interface NoticeActionMessage {
  type: 'noticeAction';
  action: NoticeAction;
}
export type FromPage = ReadyMessage | OlderMessage | AttachMessage | SendMessage | SendFileMessage | RetryMessage | OpenLinkMessage | OpenSnippetMessage | NoticeActionMessage;
