import * as z from 'zod/mini';
import { lazyObject, once } from './lazySchema';
import { describeItem, itemsOf, lenient, listOf, readItems } from './lenientItems';

// ---------------------------------------------------------------------------
// A chat's messages (GET /me/messages/chat:ID): loose, as every answer, and read item by item
// (see "What OK sends is read item by item" in the reference). The shape is from the reference
// and from clients of the real API [3p]; where it is unsure, both forms are read. A field in an
// unexpected shape is dropped (`z.catch`), a message that cannot be read at all becomes a
// placeholder (`unreadable`) where it stood: one odd message never fails the page.
// ---------------------------------------------------------------------------

/**
 * An id OK may write as a string or as a number (`seq`, a webhook's `user_id`), always read as a
 * string. Long integers arrive as strings already (the client parses this answer with
 * `parseJsonExact`), so a number here has at most 15 digits and `String` keeps it exact.
 */
const idString = once(() => z.pipe(z.union([z.string(), z.number()]), z.transform((v: string | number) => String(v))));
/** A time in milliseconds, as a number or a string of digits. */
export const millis = once(() =>
  z.pipe(
    z.union([z.number().check(z.nonnegative()), z.string().check(z.regex(/^\d{1,15}$/))]),
    z.transform((v: string | number) => Number(v)),
  ),
);
/** An optional field that may be null: what cannot be read as `schema` is left out. */
const maybe = <T extends z.ZodMiniType>(schema: T) => lenient(z.nullable(schema));

const okMessageBody = once(() =>
  z.looseObject({
    /** Missing for an attachment-only message and for a forward [3p]. */
    text: maybe(z.string()),
    seq: maybe(idString()),
    /** The message id: `mid` [doc], `message_id` in some answers [unsure]. */
    mid: maybe(idString()),
    message_id: maybe(idString()),
    /** A list, or a single object [3p: typed `IAttachment | IAttachment[]`]: always read as a list. */
    attachments: z.optional(z.pipe(z.unknown(), z.transform(listOf))),
    attachment: z.optional(z.nullable(z.unknown())),
    /** The id of the message answered [3p], or the quoted message itself [unsure]. */
    reply_to: z.optional(z.nullable(z.unknown())),
  }),
);

const okMessageItem = once(() =>
  z.looseObject({
    sender: maybe(z.looseObject({ name: maybe(z.string()), user_id: maybe(idString()) })),
    recipient: maybe(z.looseObject({ chat_id: maybe(idString()) })),
    message: okMessageBody(),
    /** Missing on some items: placed by its neighbours, shown as an unknown time. */
    timestamp: maybe(millis()),
    /** `true` on an edited message [3p]; absent otherwise. */
    edited: maybe(z.boolean()),
  }),
);

/** One message of a chat, as OK answers it (ids as strings). */
export interface OkMessage {
  sender?: { name?: string | null; user_id?: string | null; [k: string]: unknown } | null;
  recipient?: { chat_id?: string | null; [k: string]: unknown } | null;
  message: {
    text?: string | null;
    seq?: string | null;
    mid?: string | null;
    message_id?: string | null;
    attachments?: unknown[];
    attachment?: unknown;
    reply_to?: unknown;
    [k: string]: unknown;
  };
  /** ms; for a message OK gave no time, the time of its newer neighbour in the page (see `timeUnknown`). */
  timestamp: number;
  edited?: boolean | null;
  /** OK gave no time: `timestamp` only places it among its neighbours. */
  timeUnknown?: true;
  /** OK sent this item in a shape OK Chat cannot read (what went wrong): shown as a placeholder. */
  unreadable?: string;
  [k: string]: unknown;
}

/** The per-item parse, for tests. */
export const OkMessageSchema = lazyObject(okMessageItem);

/** The id of an item that could not be read, when it has one where a message keeps it. */
function salvagedId(item: unknown): string | undefined {
  const body = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).message : undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const id = b.mid ?? b.message_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * A page of messages, newest first as OK gives them, each read on its own: an item that cannot be
 * read is kept as a placeholder (with its id and time when those can be read); a missing time is
 * taken from the newer neighbour (or the older one at the top of the page) and marked `timeUnknown`.
 */
export function readMessageItems(items: readonly unknown[]): OkMessage[] {
  const read = readItems(items, okMessageItem(), (item, error) => {
    const time = typeof item === 'object' && item !== null ? millis().safeParse((item as Record<string, unknown>).timestamp) : undefined;
    const id = salvagedId(item);
    return {
      message: id === undefined ? {} : { mid: id },
      ...(time?.success ? { timestamp: time.data } : {}),
      unreadable: describeItem(error),
    };
  }) as Array<Omit<OkMessage, 'timestamp'> & { timestamp?: number | null }>;
  const times = read.map((m) => (typeof m.timestamp === 'number' ? m.timestamp : undefined));
  return read.map((m, i) => {
    const time = times[i];
    if (time !== undefined) return m as OkMessage;
    const newer = times.slice(0, i).reverse().find((t) => t !== undefined);
    const older = times.slice(i + 1).find((t) => t !== undefined);
    return { ...m, timestamp: newer ?? older ?? 0, timeUnknown: true } as OkMessage;
  });
}

export const MessagesSchema = lazyObject(
  once(() => z.pipe(z.looseObject({ messages: itemsOf() }), z.transform((page) => ({ ...page, messages: readMessageItems(page.messages) })))),
);
export interface Messages {
  messages: OkMessage[];
  [k: string]: unknown;
}

/** A message's id (`mid`, or `message_id`), when it has one. */
export function okMessageId(m: OkMessage): string | undefined {
  return m.message.mid ?? m.message.message_id ?? undefined;
}
