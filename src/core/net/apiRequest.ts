/**
 * The shape of one API call, and how a request builder makes one: the body checked before it
 * leaves, the answer read (GET: by its schema; POST: whatever a 2xx without an error holds).
 */
import type * as z from 'zod/mini';
import * as l10n from '@vscode/l10n';
import type { OkErrorKind } from '../model/okApiError';
import { InputError } from '../model/ids';
import { DirectResultSchema, UploadResultSchema, describeIssues, type DirectResult, type SendResult, type Success, type UploadResult } from '../model/okSchemas';

/**
 * Everything the client needs to perform one API call. Builders validate the body
 * before returning it, so an invalid request never leaves the machine.
 */
export interface ApiRequest<T> {
  /** A short name for logs and errors, e.g. `sendText`. */
  readonly action: string;
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`. The token is added by the client. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly responseSchema: z.ZodMiniType<T>;
  /**
   * An absolute URL outside the API (a file upload server). The access token is NOT added to
   * it: the token only ever goes to the configured API base URL.
   */
  readonly url?: string;
  /** A prepared body (multipart) sent as is, instead of JSON. */
  readonly rawBody?: { readonly data: Uint8Array; readonly contentType: string };
  /**
   * For POSTs, whose answers OK does not document: reads whatever a 2xx answer without an error
   * holds (any shape, an empty or non-JSON body too). `responseSchema` then only names the shape
   * expected; another one is accepted all the same and logged once.
   */
  readonly accept?: (body: unknown) => T;
  /** For GETs: says why an answer that failed validation is wrong, when that can be told. */
  readonly explainInvalid?: (body: unknown) => OkErrorKind | undefined;
  /** The answer holds ids beyond 2^53 (`seq`): integers of more than 15 digits are read as strings. */
  readonly exactIntegers?: boolean;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** OK's message id from an accepted answer: `message_id`, or `mid` as some clients read it. */
export function readMessageId(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  for (const key of ['message_id', 'mid']) {
    const v = body[key];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  }
  const inner = body.message;
  return isRecord(inner) && inner !== body ? readMessageId(inner) : undefined;
}

export const acceptSend = (body: unknown): SendResult => {
  const id = readMessageId(body);
  return id ? { message_id: id } : {};
};

export const acceptSuccess = (body: unknown): Success => {
  const id = readMessageId(body);
  return id ? { success: true, message_id: id } : { success: true };
};

/** The upload server may answer nothing, or something without a token (it then came with the URL). */
export const acceptUpload = (body: unknown): UploadResult => {
  const parsed = UploadResultSchema.safeParse(body);
  return parsed.success ? parsed.data : {};
};

/** Per-user results when OK gave them; an accepted answer without them means every user got it. */
export function acceptDirect(count: number): (body: unknown) => DirectResult {
  return (body) => {
    const parsed = DirectResultSchema.safeParse(body);
    if (parsed.success && parsed.data.success.length === count) return parsed.data;
    return { success: new Array<boolean>(count).fill(true) };
  };
}

export function validated(action: string, schema: z.ZodMiniType, body: unknown): unknown {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new InputError(l10n.t('Invalid {0} request: {1}', action, describeIssues(result.error)));
  }
  return body;
}

/**
 * A POST: `bodySchema` checks what we send (strictly); `expected` is the answer shape the
 * extension was first written against (only used to log other shapes); `accept` reads any answer.
 */
export function post<T>(action: string, path: string, bodySchema: z.ZodMiniType, body: unknown, expected: z.ZodMiniType, accept: (body: unknown) => T): ApiRequest<T> {
  return { action, method: 'POST', path, query: {}, body: validated(action, bodySchema, body), responseSchema: expected as z.ZodMiniType<T>, accept };
}

export function get<T>(action: string, path: string, responseSchema: z.ZodMiniType<T>, query: Record<string, string> = {}): ApiRequest<T> {
  return { action, method: 'GET', path, query, responseSchema };
}
