import * as z from 'zod/mini';
import { lazyObject, once } from './lazySchema';

// ---------------------------------------------------------------------------
// A chat's messages (GET /me/messages/chat:ID): loose, as every answer. The shape is from the
// reference and from clients of the real API [3p]; where it is unsure, both forms are read.
// ---------------------------------------------------------------------------

/**
 * An id OK may write as a string or as a number (`seq`, a webhook's `user_id`), always read as a
 * string. Long integers arrive as strings already (the client parses this answer with
 * `parseJsonExact`), so a number here has at most 15 digits and `String` keeps it exact.
 */
const idString = once(() => z.pipe(z.union([z.string(), z.number()]), z.transform((v: string | number) => String(v))));
/** A time in milliseconds, as a number or a string of digits. */
const millis = once(() =>
  z.pipe(
    z.union([z.number(), z.string().check(z.regex(/^\d{1,15}$/))]),
    z.transform((v: string | number) => Number(v)),
  ),
);

const okMessageBody = once(() =>
  z.looseObject({
    /** Missing for an attachment-only message and for a forward [3p]. */
    text: z.optional(z.nullable(z.string())),
    seq: z.optional(z.nullable(idString())),
    /** The message id: `mid` [doc], `message_id` in some answers [unsure]. */
    mid: z.optional(z.nullable(idString())),
    message_id: z.optional(z.nullable(idString())),
    attachments: z.optional(z.nullable(z.array(z.unknown()))),
    attachment: z.optional(z.nullable(z.unknown())),
    /** The id of the message answered [3p], or the quoted message itself [unsure]. */
    reply_to: z.optional(z.nullable(z.unknown())),
  }),
);

const okMessage = once(() =>
  z.looseObject({
    sender: z.optional(z.nullable(z.looseObject({ name: z.optional(z.nullable(z.string())), user_id: z.optional(z.nullable(idString())) }))),
    recipient: z.optional(z.nullable(z.looseObject({ chat_id: z.optional(z.nullable(idString())) }))),
    message: okMessageBody(),
    timestamp: millis(),
    /** `true` on an edited message [3p]; absent otherwise. */
    edited: z.optional(z.nullable(z.boolean())),
  }),
);
export const OkMessageSchema = lazyObject(okMessage);
/** One message of a chat, as OK answers it (ids as strings). */
export type OkMessage = z.infer<typeof OkMessageSchema>;

export const MessagesSchema = lazyObject(once(() => z.looseObject({ messages: z.array(okMessage()) })));
export type Messages = z.infer<typeof MessagesSchema>;

/** A message's id (`mid`, or `message_id`), when it has one. */
export function okMessageId(m: OkMessage): string | undefined {
  return m.message.mid ?? m.message.message_id ?? undefined;
}
