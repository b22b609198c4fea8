/**
 * Reading OK's lists item by item ("What OK sends is read item by item" in the reference): a list
 * may come as a list, as a single object (a list of one) or as null (none), and each item is
 * parsed on its own, so one item in a shape OK Chat did not expect never fails the page.
 * (Request bodies stay strict: see okSchemas.ts.)
 */
import * as z from 'zod/mini';
import { once } from './lazySchema';

/** A list as OK may write it: a list, a single object (a list of one), or nothing/null (none). */
export function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

/**
 * The schema of a required list field (`messages`, `chats`): a list, a single object or null, read
 * as a list of unknown items (each then read on its own). A missing field is still an error: an
 * answer without it is not the answer asked for.
 */
export const itemsOf = once(() => z.pipe(z.union([z.array(z.unknown()), z.record(z.string(), z.unknown()), z.null()]), z.transform((v: unknown[] | Record<string, unknown> | null): unknown[] => listOf(v))));

/** An optional field: a value that cannot be read as `schema` is left out (`undefined`). */
export function lenient<T extends z.ZodMiniType>(schema: T) {
  return z.catch(z.optional(schema), undefined);
}

/** A one-line description of why an item could not be read: `message: expected object`. */
export function describeItem(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unreadable';
  return `${issue.path.length ? issue.path.join('.') : '(item)'}: ${issue.message}`;
}

/**
 * Each item parsed on its own by `schema`; an item that fails becomes `fallback(item, error)`, or
 * is left out when there is no fallback (then `skipped` hears of it, with its index).
 */
export function readItems<T, F = never>(
  items: readonly unknown[],
  schema: z.ZodMiniType<T>,
  fallback?: (item: unknown, error: z.core.$ZodError) => F,
  skipped?: (index: number, why: string) => void,
): Array<T | F> {
  const out: Array<T | F> = [];
  items.forEach((item, index) => {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
    else if (fallback) out.push(fallback(item, r.error));
    else skipped?.(index, describeItem(r.error));
  });
  return out;
}
