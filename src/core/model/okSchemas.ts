import * as z from 'zod/mini';
import { CHAT_ID_RE, USER_ID_RE, isHttpUrl, isImageUrl } from './ids';
import { lazyObject, once } from './lazySchema';
import { itemsOf, lenient, readItems } from './lenientItems';

// Every schema is built on first use (see lazySchema.ts).

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

const chatId = once(() => z.string().check(z.regex(CHAT_ID_RE, 'expected a chat id like chat:C3ecb9d02a600')));
const userId = once(() => z.string().check(z.regex(USER_ID_RE, 'expected a user id like user:123456789012')));
const recipientUserId = once(() => z.string().check(z.regex(/^(?:user:)?[0-9]{1,20}$/, 'expected user:N or N')));
const imageUrl = once(() => z.string().check(z.refine(isImageUrl, 'expected an http(s) URL of a .png or .jpg image')));
const nonEmptyText = once(() => z.string().check(z.refine((s) => s.trim().length > 0, 'text must not be empty')));

export const ChatIdSchema = lazyObject(chatId);
export const UserIdSchema = lazyObject(userId);
/** In direct-message recipient lists the API also accepts a bare number. */
export const RecipientUserIdSchema = lazyObject(recipientUserId);
export const ImageUrlSchema = lazyObject(imageUrl);

export const SENDER_ACTIONS = ['mark_seen', 'typing_on', 'sending_photo', 'sending_video', 'sending_audio'] as const;
export type SenderAction = (typeof SENDER_ACTIONS)[number];
export const UPLOAD_TYPES = ['FILE', 'IMAGE', 'VIDEO', 'AUDIO'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

// ---------------------------------------------------------------------------
// Request bodies (strict: anything unknown is a bug in the builder)
// ---------------------------------------------------------------------------

const imageUrlAttachment = once(() =>
  z.strictObject({
    type: z.literal('IMAGE'),
    payload: z.strictObject({ url: imageUrl() }),
  }),
);
const tokenAttachment = once(() =>
  z.strictObject({
    type: z.enum(UPLOAD_TYPES),
    payload: z.strictObject({ token: z.string().check(z.minLength(1)) }),
  }),
);
const attachment = once(() => z.union([imageUrlAttachment(), tokenAttachment()]));

/** OK's limits for an inline keyboard (link buttons), see the API notes. */
export const MAX_BUTTONS = 100;
export const MAX_BUTTON_LABEL_LENGTH = 42;
export const BUTTON_INTENTS = ['DEFAULT', 'POSITIVE', 'NEGATIVE'] as const;
export type ButtonIntent = (typeof BUTTON_INTENTS)[number];

const linkButton = once(() =>
  z.strictObject({
    type: z.literal('LINK'),
    text: z.string().check(
      z.refine((s) => s.trim().length > 0, 'a button needs a label'),
      z.refine((s) => [...s].length <= MAX_BUTTON_LABEL_LENGTH, `a button label has at most ${MAX_BUTTON_LABEL_LENGTH} characters`),
    ),
    url: z.string().check(z.refine(isHttpUrl, 'expected an http(s) URL')),
    intent: z.enum(BUTTON_INTENTS),
  }),
);
const keyboardAttachment = once(() =>
  z.strictObject({
    type: z.literal('INLINE_KEYBOARD'),
    payload: z.strictObject({
      keyboard: z.strictObject({
        buttons: z
          .array(z.array(linkButton()).check(z.minLength(1)))
          .check(z.minLength(1), z.refine((rows) => rows.flat().length <= MAX_BUTTONS, `at most ${MAX_BUTTONS} buttons`)),
      }),
    }),
  }),
);
/** A message's attachment: a file or image, or an inline keyboard. */
const messageAttachment = once(() => z.union([attachment(), keyboardAttachment()]));

export const LinkButtonSchema = lazyObject(linkButton);
export const KeyboardAttachmentSchema = lazyObject(keyboardAttachment);
export const ImageUrlAttachmentSchema = lazyObject(imageUrlAttachment);
export const TokenAttachmentSchema = lazyObject(tokenAttachment);
export const AttachmentSchema = lazyObject(attachment);

/** OK takes at most this many attachments in one message. */
export const MAX_ATTACHMENTS = 5;

const message = once(() =>
  z
    .strictObject({
      text: z.optional(nonEmptyText()),
      attachment: z.optional(messageAttachment()),
      /** Two to five attachments (one goes as `attachment`); at most one image by URL, at most one keyboard. */
      attachments: z.optional(z.array(messageAttachment()).check(z.minLength(2), z.maxLength(MAX_ATTACHMENTS))),
      reply_to: z.optional(z.string().check(z.minLength(1))),
    })
    .check(
      z.refine((m) => m.text !== undefined || m.attachment !== undefined || m.attachments !== undefined, 'a message needs text or an attachment'),
      z.refine((m) => m.attachment === undefined || m.attachments === undefined, 'use either attachment or attachments, not both'),
      z.refine((m) => (m.attachments ?? []).filter((a) => 'url' in a.payload).length <= 1, 'at most one image by URL per message'),
      z.refine((m) => (m.attachments ?? []).filter((a) => a.type === 'INLINE_KEYBOARD').length <= 1, 'at most one keyboard per message'),
      // OK wants text beside a keyboard (see the API notes).
      z.refine((m) => m.text !== undefined || ![m.attachment, ...(m.attachments ?? [])].some((a) => a?.type === 'INLINE_KEYBOARD'), 'a keyboard needs text beside it'),
    ),
);
export const MessageSchema = lazyObject(message);

const chatRecipient = once(() => z.strictObject({ chat_id: chatId() }));
const member = once(() => z.strictObject({ user_id: userId() }));

export const SendMessageBodySchema = lazyObject(once(() => z.strictObject({ recipient: chatRecipient(), message: message() })));

const chatControl = once(() =>
  z.union([
    z.strictObject({ title: nonEmptyText() }),
    z.strictObject({ icon: z.strictObject({ url: imageUrl() }) }),
    z.strictObject({ add_members: z.array(member()).check(z.minLength(1)) }),
    z.strictObject({ remove_member: member() }),
    z.strictObject({ leave: z.literal('true') }),
  ]),
);
export const ChatControlSchema = lazyObject(chatControl);
export const ChatControlBodySchema = lazyObject(once(() => z.strictObject({ recipient: chatRecipient(), chat_control: chatControl() })));

export const SenderActionBodySchema = lazyObject(once(() => z.strictObject({ recipient: chatRecipient(), sender_action: z.enum(SENDER_ACTIONS) })));

export const DirectMessageBodySchema = lazyObject(
  once(() =>
    z.strictObject({
      recipient: z.strictObject({ user_ids: z.array(recipientUserId()).check(z.minLength(1)) }),
      message: message(),
    }),
  ),
);

/**
 * graph.message.edit (POST /<message id>/edit): the whole new content, text with link buttons
 * under it; nothing else (a reply or a file cannot be made by an edit).
 */
export const EditMessageBodySchema = lazyObject(
  once(() => z.strictObject({ message: z.strictObject({ text: nonEmptyText(), attachment: z.optional(keyboardAttachment()) }) })),
);
/** A message id as OK gave it (`MID:digits`, the older `mid:C….hex`): one word, no control characters. */
export const MessageIdSchema = lazyObject(
  once(() => z.string().check(z.minLength(1), z.maxLength(200), z.refine((s) => !/[\s\p{Cc}]/u.test(s), 'a message id is one word without control characters'))),
);

export type SendMessageBody = z.infer<typeof SendMessageBodySchema>;
export type ChatControlBody = z.infer<typeof ChatControlBodySchema>;
export type SenderActionBody = z.infer<typeof SenderActionBodySchema>;
export type DirectMessageBody = z.infer<typeof DirectMessageBodySchema>;
export type MessageBody = z.infer<typeof MessageSchema>;

// ---------------------------------------------------------------------------
// Responses (loose: OK may add fields at any time; missing required ones are errors)
// ---------------------------------------------------------------------------

export const OkErrorBodySchema = lazyObject(
  once(() =>
    // OK says any value it returns may come as a string: "100" is 100. `error_msg` alone is an error too.
    z.looseObject({
      error_code: z.optional(z.nullable(z.union([z.number(), z.string()]))),
      error_msg: z.optional(z.nullable(z.string())),
      error_data: z.optional(z.unknown()),
    }),
  ),
);
export type OkErrorBody = z.infer<typeof OkErrorBodySchema>;

export const MeInfoSchema = lazyObject(once(() => z.looseObject({ name: z.string(), group_id: z.string() })));
export type MeInfo = z.infer<typeof MeInfoSchema>;

/** A chat's time (ms), as a number or a string of digits. */
const chatMillis = once(() => z.pipe(z.union([z.number(), z.string().check(z.regex(/^\d{1,15}$/))]), z.transform((v: string | number) => Number(v))));

const chat = once(() =>
  z.looseObject({
    chat_id: z.string().check(z.minLength(1)),
    /** GROUP_CHAT, DIALOG or CHAT today; kept open for new values. */
    type: lenient(z.string()),
    /** ACTIVE, LEFT or REMOVED today; kept open for new values. */
    status: lenient(z.string()),
    title: lenient(z.string()),
    /** An icon without a url is no icon. */
    icon: lenient(z.nullable(z.looseObject({ url: z.string() }))),
    /** `null` or a map in another shape: no participants known. */
    participants: lenient(z.record(z.string(), z.unknown())),
    lastEventTime: lenient(chatMillis()),
    owner_id: lenient(z.string()),
    group_id: lenient(z.string()),
  }),
);
export const ChatSchema = lazyObject(chat);
export type Chat = z.infer<typeof ChatSchema>;

/** A chat of a list that could not be read: its index in the page and why. */
export interface SkippedChat {
  index: number;
  why: string;
}

/**
 * A page of the chat list, each chat read on its own: a chat that cannot be read (no `chat_id`, not
 * an object) is left out and named in `skipped`; the page is never failed for one chat.
 */
export const ChatListSchema = lazyObject(
  once(() =>
    z.pipe(
      z.looseObject({ chats: itemsOf(), marker: lenient(z.nullable(z.union([z.string(), z.number()]))) }),
      z.transform((page) => {
        const skipped: SkippedChat[] = [];
        const chats = readItems(page.chats, chat(), undefined, (index, why) => skipped.push({ index, why }));
        const marker = page.marker === undefined || page.marker === null || page.marker === '' ? undefined : String(page.marker);
        return { chats, skipped, ...(marker === undefined ? {} : { marker }) };
      }),
    ),
  ),
);
export interface ChatList {
  chats: Chat[];
  skipped: SkippedChat[];
  marker?: string;
}

// POST answers are not documented (see "Success" in the API notes): these schemas say which
// shape the extension was first written against, so that any other shape is logged. Any
// 2xx answer without an error is accepted; `requests.ts` reads what it can from it.

/** A send, as first documented: `{"message_id": "mid:…"}`. */
export const SendResultSchema = lazyObject(once(() => z.looseObject({ message_id: z.string() })));
/** What a send gives back: OK's message id when it said one (`message_id` or `mid`). */
export interface SendResult {
  message_id?: string;
}

/** A chat action or sender action, as first documented: `{"success": true}`. */
export const SuccessSchema = lazyObject(once(() => z.looseObject({ success: z.boolean() })));
/** A chat action OK accepted (a refusal is thrown); `message_id` when OK said one. */
export interface Success {
  success: true;
  message_id?: string;
}

/** Direct messages (documented): per-user `success` and `chat_ids`, in request order. */
export const DirectResultSchema = lazyObject(
  once(() =>
    z.looseObject({
      success: z.array(z.boolean()),
      chat_ids: z.optional(z.array(z.nullable(z.string()))),
    }),
  ),
);
export type DirectResult = z.infer<typeof DirectResultSchema>;

export const ChatUrlSchema = lazyObject(once(() => z.looseObject({ url: z.string() })));
export type ChatUrl = z.infer<typeof ChatUrlSchema>;

export const UploadUrlSchema = lazyObject(once(() => z.looseObject({ url: z.string(), token: z.optional(z.string()), file_id: z.optional(z.union([z.string(), z.number()])) })));
export type UploadUrl = z.infer<typeof UploadUrlSchema>;

/**
 * What the upload server answers. For IMAGE the token comes back here, in the shape of OK's
 * photo upload `{"photos": {"<photo id>": {"token": "…"}}}`, or as a top-level `token`; for
 * FILE/VIDEO/AUDIO it usually came with the upload URL instead (the answer may be empty).
 */
export const UploadResultSchema = lazyObject(
  once(() =>
    z.looseObject({
      token: z.optional(z.string()),
      photos: z.optional(z.record(z.string(), z.looseObject({ token: z.optional(z.string()) }))),
    }),
  ),
);
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** The first field an answer lacks (`chats.0.chat_id`), when that is why validation failed. */
export function missingField(error: z.core.$ZodError, data: unknown): string | undefined {
  for (const issue of error.issues) {
    if ((issue.code !== 'invalid_type' && issue.code !== 'invalid_union') || issue.path.length === 0) continue;
    let at: unknown = data;
    for (const key of issue.path) at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
    if (at === undefined) return issue.path.join('.');
  }
  return undefined;
}

/** A short, single-line description of what failed validation. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
}
