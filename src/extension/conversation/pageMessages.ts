// The schema of every message the conversation page posts (their types: FromPage in
// src/webview/conversation/protocol.ts). The panel acts only on a message this accepts.
import * as z from 'zod/mini';
import type { FromPage } from '../../webview/conversation/protocol';
import { acceptPageMessage, type WarnLog } from '../platform/pageMessages';

const id = () => z.string().check(z.minLength(1), z.maxLength(200));
const line = () => z.number().check(z.int(), z.minimum(1));
/** A file's bytes: a typed array or ArrayBuffer (or, from older hosts, its JSON object form); the panel reads each form. */
const bytes = () => z.custom<Uint8Array>((v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (typeof v === 'object' && v !== null && !Array.isArray(v)));

function fromPageSchema() {
  return z.discriminatedUnion('type', [
    z.object({ type: z.literal('ready') }),
    z.object({ type: z.literal('older') }),
    z.object({ type: z.literal('send'), localId: id(), text: z.string(), replyTo: z.optional(id()) }),
    z.object({ type: z.literal('sendFile'), localId: id(), name: z.string().check(z.maxLength(1000)), data: z.optional(bytes()), uri: z.optional(z.string()), caption: z.optional(z.string()) }),
    z.object({ type: z.literal('retry'), localId: id(), outboxId: id() }),
    z.object({ type: z.literal('openLink'), url: z.string() }),
    z.object({ type: z.literal('openSnippet'), path: z.string().check(z.minLength(1)), startLine: line(), endLine: line() }),
    z.object({ type: z.literal('testResult'), nonce: z.number(), result: z.unknown() }),
  ]);
}

let schema: ReturnType<typeof fromPageSchema> | undefined;

/** The message when it is one the page sends; otherwise undefined, logged (its type only). */
export function pageMessage(raw: unknown, log: WarnLog): FromPage | undefined {
  return acceptPageMessage((schema ??= fromPageSchema()), raw, log, 'conversation');
}
