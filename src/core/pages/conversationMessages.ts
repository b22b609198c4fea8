// The schema of every message the conversation page posts (their types: FromPage in
// src/webview/conversation/conversationProtocol.ts). The panel (src/extension/conversation/) acts only on a
// message this accepts. Here in the core because zod is: the panel takes it from the loaded core
// (dist/core.js) instead of carrying its own copy of zod.
import * as z from 'zod/mini';
import type { FromPage } from '../../webview/conversation/conversationProtocol';
import { acceptPageMessage, type WarnLog } from './acceptPageMessage';

const id = () => z.string().check(z.minLength(1), z.maxLength(200));
const line = () => z.number().check(z.refine((n) => Number.isInteger(n) && n >= 1));
/** A file's bytes: a typed array or ArrayBuffer (or, from older hosts, its JSON object form); the panel reads each form. */
const bytes = () => z.custom<Uint8Array>((v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (typeof v === 'object' && v !== null && !Array.isArray(v)));

function fromPageSchema() {
  return z.union([
    z.strictObject({ type: z.literal('ready') }),
    z.strictObject({ type: z.literal('older') }),
    z.strictObject({ type: z.literal('attach') }),
    z.strictObject({ type: z.literal('send'), localId: id(), text: z.string(), replyTo: z.optional(id()) }),
    z.strictObject({ type: z.literal('sendFile'), localId: id(), name: z.string().check(z.maxLength(1000)), data: z.optional(bytes()), uri: z.optional(z.string()), caption: z.optional(z.string()) }),
    z.strictObject({ type: z.literal('retry'), localId: id(), outboxId: id() }),
    z.strictObject({ type: z.literal('openLink'), url: z.string() }),
    z.strictObject({ type: z.literal('openSnippet'), path: z.string().check(z.minLength(1)), startLine: line(), endLine: line() }),
    z.strictObject({ type: z.literal('noticeAction'), action: z.enum(['setToken', 'showLog']) }),
  ]);
}

let schema: ReturnType<typeof fromPageSchema> | undefined;

/** The message when it is one the page sends; otherwise undefined, logged (its type only). */
export function pageMessage(raw: unknown, log: WarnLog): FromPage | undefined {
  return acceptPageMessage((schema ??= fromPageSchema()), raw, log, 'conversation');
}
