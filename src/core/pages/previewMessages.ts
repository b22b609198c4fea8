// The schema of every message the snippet picture's preview page posts (their types: FromPage in
// src/webview/snippetImage/snippetImageProtocol.ts). The panel (src/extension/snippetImage/) acts only on a
// message this accepts; it is in the core for zod, as conversationMessages.ts.
import * as z from 'zod/mini';
import type { FromPage } from '../../webview/snippetImage/snippetImageProtocol';
import { acceptPageMessage, type WarnLog } from './acceptPageMessage';

/** A PNG as base64 (at most ~40 MB of text: far above any picture of a selection). */
const png = () => z.string().check(z.maxLength(40_000_000), z.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const size = () => z.number().check(z.refine((n) => Number.isInteger(n) && n >= 0));

function fromPageSchema() {
  return z.union([
    z.strictObject({ type: z.literal('ready') }),
    z.strictObject({ type: z.literal('pasted'), colours: z.boolean() }),
    z.strictObject({ type: z.literal('rendered'), png: png(), width: size(), height: size(), lineNumbers: z.boolean() }),
    z.strictObject({ type: z.literal('send'), png: png() }),
    z.strictObject({ type: z.literal('cancel') }),
  ]);
}

let schema: ReturnType<typeof fromPageSchema> | undefined;

/** The message when it is one the page sends; otherwise undefined, logged (its type only). */
export function previewMessage(raw: unknown, log: WarnLog): FromPage | undefined {
  return acceptPageMessage((schema ??= fromPageSchema()), raw, log, 'snippet image preview');
}
