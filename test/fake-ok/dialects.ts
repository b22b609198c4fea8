/**
 * The answer styles ("dialects") of the fake OK server, each taken from docs/ok-graph-api.md:
 * OK does not document its answers to POSTs, so the client must work against all of them.
 * Each shape is listed here and nowhere else (a unit test checks this table against the reference).
 */
import type { EditBehaviour } from './messageEdit';
import type { Reply } from './replies';
import { jsonReply } from './replies';

/**
 * How an OK error is answered: in a 200 body, with an HTTP error status, with an
 * `invocation-error` header on a 200, or with both a status and the header.
 */
export type ErrorStyle = 'body200' | 'status' | 'header' | 'status+header';

/**
 * The body of a 2xx answer to a POST (OK does not document them): `message_id`
 * `{"message_id": "mid:…"}`, `mid` `{"mid": "mid:…"}`, `success` `{"success": true}`,
 * `success+message_id` both, `recipient_id+message_id` `{"recipient_id": "chat:…", "message_id": "mid:…"}`,
 * `empty-object` `{}`, `empty-body` nothing at all.
 */
export type PostAnswer = 'message_id' | 'mid' | 'success' | 'success+message_id' | 'recipient_id+message_id' | 'empty-object' | 'empty-body';

/**
 * Where an upload's token is given: `token` a top-level `{"token": "…"}` in the upload answer,
 * `photos` OK's photo-upload map `{"photos": {"<id>": {"token": "…"}}}`, `empty-body` nothing
 * (the token then came with the upload URL).
 */
export type UploadAnswer = 'token' | 'photos' | 'empty-body';

/**
 * How a chat's messages are served back (GET /me/messages/<chat>), where the reference is unsure.
 * `id`: the message id's key, `mid` [doc] or `message_id`; `noText`: the text of a message of
 * attachments only, absent [3p], `""` or `null`; `edited`: `"edited": true` on edited messages
 * [3p] or never said; `replyTo`: the id answered [3p] or the quoted message `{mid, text, sender}`;
 * `userId`: `user:N` [3p] or a bare number as webhooks give it; `attachments`: always a list, or
 * a single object when there is one [3p: typed `IAttachment | IAttachment[]`] (default `list`).
 */
export interface HistoryStyle {
  id: 'mid' | 'message_id';
  noText: 'absent' | 'empty' | 'null';
  edited: 'flag' | 'absent';
  replyTo: 'mid' | 'quoted';
  userId: 'prefixed' | 'number';
  attachments?: 'list' | 'single';
}

/**
 * What OK sends for reading, in every variant the reference lists ("What OK sends is read item by
 * item"), where a dialect serves them (all optional, off by default): `variants` adds to the demo
 * history a forward with only `mid`/`seq`, ICON_CHANGED with `ci` and JOIN_BY_LINK with `ui`,
 * a smile as an IMAGE from dsm.odnoklassniki.ru, VIDEO/AUDIO with `title`/`duration` and a FILE
 * with `name`/`id`; `chatList` `wild`: DIALOG chats without a title, each page after the first
 * repeating the last chat of the one before, and a marker on the empty last page; `errorBody`
 * `strings`: `error_code` as a string ("100") and `error_data` a string; `direct` `message_id`:
 * a message to a single user answered `{"message_id"}`.
 */
export interface ReadingStyle {
  variants?: boolean;
  chatList?: 'documented' | 'wild';
  errorBody?: 'documented' | 'strings';
  direct?: 'documented' | 'message_id';
}

const HISTORY_3P: HistoryStyle = { id: 'mid', noText: 'absent', edited: 'flag', replyTo: 'mid', userId: 'prefixed' };

/**
 * How OK says an attachment is not processed yet: the text of `error_msg` (after "PARAM : "),
 * and `error_data` when the hint is there [3p: "read the hint in `error_msg` and in `error_data`"].
 */
export interface NotReadyWording {
  msg: string;
  data?: unknown;
}

/** The wording the fake server used first (and the documented dialects keep). */
export const NOT_READY_PLAIN: readonly NotReadyWording[] = [{ msg: 'Attachment is not ready: the file is still processing' }];

/** Where the reference is unsure how OK takes uploads and attachments (its section Uploads). */
export interface UploadBehaviour {
  /**
   * Where an IMAGE is uploaded: `server` the fake server's own upload URL; `http-ok-host` plain
   * http on OK's CDN host with a signed query, as one client recorded it
   * (`http://pu.mycdn.me/upload/<id>?apiToken=…&photoIds=…`) [3p]. The fake serves only what
   * reaches it, so tests route pu.mycdn.me:443 through a CONNECT proxy to a TLS front.
   */
  imageUploadUrl: 'server' | 'http-ok-host';
  /** `file_id` beside an IMAGE upload URL [doc: "sometimes"]: absent, a string or a number. */
  imageFileId: 'absent' | 'string' | 'number';
  /** How "not ready" is said; one wording per refusal, in turn. */
  notReadyWording: readonly NotReadyWording[];
  /** A message with an attachment and no text is refused with 100 PARAM ("two clients say OK wants text") [3p]. */
  attachmentNeedsText: boolean;
  /** A message with several FILE/VIDEO/AUDIO attachments is refused with 100 PARAM [unsure]. */
  oneFilePerMessage: boolean;
}

/** One way the API answers; see {@link DIALECTS}. */
export interface Dialect extends UploadBehaviour {
  /** What it models, with the tags of docs/ok-graph-api.md. */
  about: string;
  /** The answer to a send; several rotate, one per send. */
  send: readonly PostAnswer[];
  /** The answer to a chat_control (title, icon, members, leave). */
  chatControl: readonly PostAnswer[];
  /** The answer to a sender_action (mark_seen, typing_on…). */
  senderAction: readonly PostAnswer[];
  /**
   * GET /me/fileUploadUrl gives a token with the URL for IMAGE too (FILE/VIDEO/AUDIO always get
   * one [doc]). It is never the one to send: a send with it is refused (the reference: "A token
   * given with an IMAGE upload URL is not the one to send").
   */
  imageTokenWithUrl: boolean;
  /** The upload server's answer for an IMAGE, and for FILE/VIDEO/AUDIO. */
  imageUpload: UploadAnswer;
  fileUpload: UploadAnswer;
  errors: ErrorStyle;
  /** How many sends of a freshly uploaded attachment are refused as "not ready" before one is accepted. */
  notReadySends: number;
  /** Inline keyboards (link buttons) are taken; when false, any message with one is refused with 100 PARAM. */
  keyboards: boolean;
  /** How a chat's messages are read back. */
  history: HistoryStyle;
  /** The variants of what OK sends that only some dialects serve (default: none). */
  reading?: ReadingStyle;
  /** How edits are answered (see messageEdit.ts). */
  edit: EditBehaviour;
  /** The ids of new messages: `mid` `mid:C<chat hex>.<hex>` (older), `MID` `MID:<digits>` (newer) [doc]. */
  messageIds: 'mid' | 'MID';
}

/** The answer styles of the fake server, taken from docs/ok-graph-api.md. */
export const DIALECTS = {
  documented: {
    about: 'The shapes the extension was first written against: sends {"message_id"}, chat actions {"success": true}, upload tokens everywhere, errors in 200 bodies. Messages read back as clients of the real API recorded them [3p]: `mid`, no text on a message of attachments only, edited ones marked, reply_to the id answered, user ids user:N. Edits answered {"success": true}, an unknown id 300 NOT_FOUND.',
    send: ['message_id'],
    chatControl: ['success'],
    senderAction: ['success'],
    imageTokenWithUrl: true,
    imageUpload: 'token',
    fileUpload: 'token',
    errors: 'body200',
    notReadySends: 0,
    keyboards: true,
    // uploads (see UploadBehaviour)
    imageUploadUrl: 'server',
    imageFileId: 'absent',
    notReadyWording: NOT_READY_PLAIN,
    attachmentNeedsText: false,
    oneFilePerMessage: false,
    edit: { answer: 'success', unknownId: 'not-found' },
    messageIds: 'mid',
    history: HISTORY_3P,
  },
  recorded: {
    about: 'What clients of the real API recorded [3p]: chat_control answers {"message_id"}, sends {"mid"} or {"message_id"}, sender_action {"success": true}; IMAGE tokens only in the {"photos"} map of the upload answer; the first send after an upload is "not ready"; errors in 200 bodies. Messages read back as recorded [3p]. Every edit refused with 3 METHOD (whether the older `mid:C…` ids work there is [unsure]).',
    send: ['mid', 'message_id'],
    chatControl: ['message_id'],
    senderAction: ['success'],
    imageTokenWithUrl: false,
    imageUpload: 'photos',
    fileUpload: 'empty-body',
    errors: 'body200',
    notReadySends: 1,
    keyboards: true,
    // uploads (see UploadBehaviour)
    imageUploadUrl: 'server',
    imageFileId: 'number',
    notReadyWording: [{ msg: 'Invalid attachment', data: 'attachment.not.ready' }, { msg: 'Attachment is not ready: the file is still processing' }],
    attachmentNeedsText: true,
    oneFilePerMessage: false,
    edit: { answer: 'refused-method', unknownId: 'not-found' },
    messageIds: 'mid',
    history: HISTORY_3P,
  },
  'strict-http': {
    about: 'Errors as HTTP 4xx/5xx with an invocation-error header [3p]; sends answered {"success": true} like sender actions, chat actions {"success": true, "message_id"}; IMAGE tokens as a top-level "token" of the upload answer [doc]. Messages read back with `message_id` for the id, an empty text on a message of attachments only, no edited mark, the quoted message as reply_to, user ids as bare numbers [unsure]. Edits answered {"success": true}.',
    send: ['success'],
    chatControl: ['success+message_id'],
    senderAction: ['success'],
    imageTokenWithUrl: false,
    imageUpload: 'token',
    fileUpload: 'empty-body',
    errors: 'status+header',
    notReadySends: 0,
    keyboards: true,
    // uploads (see UploadBehaviour)
    imageUploadUrl: 'server',
    imageFileId: 'string',
    notReadyWording: NOT_READY_PLAIN,
    attachmentNeedsText: false,
    oneFilePerMessage: true,
    edit: { answer: 'success', unknownId: 'not-found' },
    messageIds: 'mid',
    history: { id: 'message_id', noText: 'empty', edited: 'absent', replyTo: 'quoted', userId: 'number' },
  },
  bare: {
    about: 'Accepted with as little as possible ("whatever else the body holds", see Success): {} or an empty body to every POST; IMAGE tokens in the {"photos"} map; errors flagged by the invocation-error header on a 200. Messages read back with a null text on a message of attachments only, no edited mark, user ids as bare numbers [unsure]. Edits answered {}.',
    send: ['empty-object'],
    chatControl: ['empty-body'],
    senderAction: ['empty-object'],
    imageTokenWithUrl: false,
    imageUpload: 'photos',
    fileUpload: 'empty-body',
    errors: 'header',
    notReadySends: 0,
    keyboards: true,
    // uploads (see UploadBehaviour)
    imageUploadUrl: 'server',
    imageFileId: 'absent',
    notReadyWording: NOT_READY_PLAIN,
    attachmentNeedsText: false,
    oneFilePerMessage: false,
    edit: { answer: 'empty-object', unknownId: 'not-found' },
    messageIds: 'mid',
    history: { id: 'mid', noText: 'null', edited: 'absent', replyTo: 'mid', userId: 'number' },
  },
  'no-keyboards': {
    about: 'The documented shapes, from an OK that takes no inline keyboard ("CALLBACK buttons need webhook/long-poll events"; link buttons are reported by clients only [3p]): a message with one is refused with 100 PARAM in a 200 body, and nothing is sent. Messages read back with `message_id` for the id and the quoted message as reply_to [unsure]. Edits answered {"success": true}; one with a keyboard is refused like a send.',
    send: ['message_id'],
    chatControl: ['success'],
    senderAction: ['success'],
    imageTokenWithUrl: true,
    imageUpload: 'token',
    fileUpload: 'token',
    errors: 'body200',
    notReadySends: 0,
    keyboards: false,
    // uploads (see UploadBehaviour)
    imageUploadUrl: 'server',
    imageFileId: 'absent',
    notReadyWording: NOT_READY_PLAIN,
    attachmentNeedsText: false,
    oneFilePerMessage: false,
    edit: { answer: 'success', unknownId: 'not-found' },
    messageIds: 'mid',
    history: { id: 'message_id', noText: 'absent', edited: 'flag', replyTo: 'quoted', userId: 'prefixed' },
  },
  // --- wild: every variant the reference reports at once, for reading and for uploads ---
  wild: {
    about: 'Everything the reference reports at once where it is unsure [3p, unsure]. Reading ("What OK sends is read item by item"): a single attachment as an object, not a list; forwards with only `mid`/`seq`; ICON_CHANGED with `ci` and JOIN_BY_LINK with `ui`; smiles as IMAGE from dsm.odnoklassniki.ru; VIDEO/AUDIO with `title`/`duration`, FILE with `name`/`id`; DIALOG chats without a title; a chat repeated across pages of the list and a marker on its empty last page; sends answered {"recipient_id", "message_id"}, {"mid"}, {"message_id"} or {}; a message to one user answered {"message_id"}; error_code as a string and error_data strings ("all returned ids may be strings" [doc]). Uploads: IMAGE upload URLs on plain http on OK\'s CDN host with a signed query, a token beside them that is not the one to send, a numeric file_id; "not ready" said in error_msg or only in error_data, in several wordings (Russian too), twice after each upload; a bare attachment refused; several files refused in one message. New messages get the newer `MID:digits` ids [doc]; edits answered {"message_id"}, an edit of an unknown id a bare HTTP 404.',
    send: ['recipient_id+message_id', 'mid', 'message_id', 'empty-object'],
    chatControl: ['message_id'],
    senderAction: ['success'],
    imageTokenWithUrl: true,
    imageUpload: 'photos',
    fileUpload: 'empty-body',
    errors: 'body200',
    notReadySends: 2,
    keyboards: true,
    // uploads (see UploadBehaviour)
    imageUploadUrl: 'http-ok-host',
    imageFileId: 'number',
    notReadyWording: [
      { msg: 'Invalid parameter attachment', data: { error: 'attachment.not.ready' } },
      { msg: 'Вложение ещё обрабатывается' },
      { msg: 'Key: errors.process.attachment.file.not.processed' },
      { msg: 'Invalid attachment', data: 'File is processing, try later' },
    ],
    attachmentNeedsText: true,
    oneFilePerMessage: true,
    edit: { answer: 'message_id', unknownId: 'http-404' },
    messageIds: 'MID',
    history: { ...HISTORY_3P, attachments: 'single', userId: 'number' },
    reading: { variants: true, chatList: 'wild', errorBody: 'strings', direct: 'message_id' },
  },
} as const satisfies Record<string, Dialect>;

export type DialectName = keyof typeof DIALECTS;
export const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

export function isDialectName(name: string): name is DialectName {
  return Object.prototype.hasOwnProperty.call(DIALECTS, name);
}

/** A 2xx answer to a POST in one of the dialect's shapes; `messageId` for the ones that carry one, `recipientId` the chat. */
export function postAnswer(shapes: readonly PostAnswer[], messageId: () => string, rotate = 0, recipientId?: string): Reply {
  const shape = shapes[rotate % shapes.length];
  switch (shape) {
    case 'message_id':
      return jsonReply({ message_id: messageId() });
    case 'mid':
      return jsonReply({ mid: messageId() });
    case 'success':
      return jsonReply({ success: true });
    case 'success+message_id':
      return jsonReply({ success: true, message_id: messageId() });
    case 'recipient_id+message_id':
      return jsonReply({ recipient_id: recipientId ?? null, message_id: messageId() });
    case 'empty-object':
      return jsonReply({});
    case 'empty-body':
      return { status: 200, body: '' };
  }
}

/** The upload server's answer carrying (or not) the upload token, in the dialect's shape. */
export function uploadAnswer(shape: UploadAnswer, upload: { id: string; token: string }): Reply {
  switch (shape) {
    case 'token':
      return jsonReply({ token: upload.token });
    case 'photos':
      return jsonReply({ photos: { [String(BigInt(`0x${upload.id}`))]: { token: upload.token } } });
    case 'empty-body':
      return { status: 200, body: '' };
  }
}
