// What a webview page posts to its panel is checked before the panel acts on it: the page shows
// what others wrote, so its messages are input like any other. Pure (zod only), so Node tests load it.
import type * as z from 'zod/mini';

export interface WarnLog {
  warn(message: string): void;
}

/** The `type` of a posted message as it may be logged: a short name, never the message's text. */
export function messageTypeOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return `(${raw === null ? 'null' : typeof raw})`;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return '(no type)';
  return /^[A-Za-z][\w-]{0,39}$/.test(type) ? type : '(a type that is not a name)';
}

/**
 * `raw` when `schema` accepts it; otherwise undefined, and a warning naming the page and the
 * message's type only (never its text or fields).
 */
export function acceptPageMessage<T>(schema: z.ZodMiniType<T>, raw: unknown, log: WarnLog, page: string): T | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.warn(`${page}: ignored a message from the page that is not one it sends (type ${messageTypeOf(raw)})`);
  return undefined;
}
