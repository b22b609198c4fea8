/**
 * Reading OK's answers: at most so many bytes, JSON or not, an OK error in the body or in the
 * `invocation-error` header, redirects, answers that are not OK's, the response schema, and
 * "a JSON object without an error is accepted" for POSTs (see "Success" in the API notes).
 */
import { OkApiError, kindForHttpStatus, kindForOkCode, okDataText, type Delivery, type ForeignAnswer, type OkErrorKind } from '../model/okApiError';
import { redact } from '../model/redact';
import { OkErrorBodySchema, describeIssues, missingField } from '../model/okSchemas';
import { isRecord } from './apiRequest';
import { parseJsonExact } from './exactJson';
import type { ApiRequest } from './okRequests';
import type { TransportResponse } from './transport';

/** Told of a 2xx answer to a POST in a shape OK Chat did not expect (never of its values). */
export type UnexpectedShape = (action: string, shape: string) => void;

/** Thrown while reading an answer larger than the limit. */
export class AnswerTooLarge extends Error {
  override readonly name = 'AnswerTooLarge';
}

export type Headers = TransportResponse['headers'];

function header(headers: Headers, name: string): string | undefined {
  return headers.get(name) ?? undefined;
}

export function retryAfterMs(headers: Headers): number | undefined {
  const v = header(headers, 'retry-after');
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** The shape of a JSON value for the log: keys and value types, never the values (`{"mid": string}`). */
export function describeShape(value: unknown, depth = 0): string {
  if (value === undefined) return 'an empty body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return depth > 1 ? 'array' : `[${[...new Set(value.slice(0, 5).map((v) => describeShape(v, depth + 1)))].join(' | ')}]`;
  if (typeof value !== 'object') return typeof value;
  if (depth > 1) return 'object';
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${describeShape((value as Record<string, unknown>)[k], depth + 1)}`).join(', ')}}`;
}

/**
 * Reads the answer as text, chunk by chunk, stopping (and closing the connection) past
 * `maxResponseBytes`. `progress` is told of every chunk (it restarts the pause timer).
 */
export async function readLimited(res: TransportResponse, max: number, attempt: AbortController, progress: () => void): Promise<string> {
  const tooLarge = (size: string): AnswerTooLarge => new AnswerTooLarge(`the answer is larger than ${max} bytes (${size}); stopped reading`);
  const declared = Number(header(res.headers, 'content-length'));
  const chunks: Uint8Array[] = [];
  let size = 0;
  const body = res.body;
  const stop = (error: AnswerTooLarge): AnswerTooLarge => {
    attempt.abort(error);
    return error;
  };
  if (Number.isFinite(declared) && declared > max) {
    if (body && 'cancel' in body) body.cancel().catch(() => undefined);
    throw stop(tooLarge(`${declared} bytes announced`));
  }
  progress();
  if (body && 'getReader' in body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        reader.cancel().catch(() => undefined);
        throw stop(tooLarge(`over ${max} bytes received`));
      }
      chunks.push(value);
      progress();
    }
  } else if (body) {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > max) throw stop(tooLarge(`over ${max} bytes received`)); // leaving the loop closes the stream
      chunks.push(chunk);
      progress();
    }
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks, size));
}

const redactData = (text: string | undefined, token: string) => (text === undefined ? undefined : redact(text, token));

/** OK's error in a body: `error_code` (a number or a numeric string) or `error_msg`, else undefined. */
export function okErrorIn(json: unknown): { code?: number; msg?: string; data?: string } | undefined {
  const parsed = OkErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { error_code: rawCode, error_msg: msg } = parsed.data;
  const hasCode = rawCode !== undefined && rawCode !== null && rawCode !== '';
  if (!hasCode && !msg) return undefined;
  const code = typeof rawCode === 'string' ? (/^\s*-?\d+\s*$/.test(rawCode) ? Number(rawCode) : undefined) : (rawCode ?? undefined);
  return { code, msg: msg ?? undefined, data: okDataText(parsed.data.error_data) };
}

/** What answered with a body that is not a JSON object (see "Success" in the API notes). */
export function foreignAnswer(text: string, headers: Headers, parsedJson: boolean): ForeignAnswer {
  if (text.trim() === '') return 'empty';
  if (/html/i.test(header(headers, 'content-type') ?? '') || /^\s*</.test(text)) return 'html';
  return parsedJson ? 'json' : 'text';
}

/**
 * A redirect from OK's API (which never redirects) is not followed: the body, and the token if
 * the Location kept the query, would go to another host. Nothing was applied: "not sent", with
 * the host it pointed to (never the whole Location).
 */
function redirectError(req: ApiRequest<unknown>, status: number, headers: Headers, requestUrl: URL | undefined): OkApiError {
  const location = header(headers, 'location');
  let host: string | undefined;
  try {
    host = location ? new URL(location, requestUrl).host || undefined : undefined;
  } catch {
    host = undefined;
  }
  return new OkApiError({ kind: 'redirect', delivery: 'not-sent', httpStatus: status, action: req.action, redirectHost: host, detail: `redirect to ${host ?? 'an unreadable Location'}, not followed` });
}

/**
 * Reads one answer by the rule of "Success" in the API notes: a 3xx is never followed ("not
 * sent"); a body with `error_code` or `error_msg` is OK's error whatever the status; from OK's
 * API a 2xx that is not a JSON object did not come from OK (a POST "may have been sent", a GET
 * "OK could not be reached"); a POST's JSON object is an acceptance, a GET's is checked by its
 * schema. An upload server's answers (`req.url`) keep their own rule: any 2xx is an acceptance.
 */
export function parseAnswer<T>(req: ApiRequest<T>, status: number, headers: Headers, text: string, token: string, unexpected: UnexpectedShape, requestUrl?: URL): T {
  if (status >= 300 && status < 400) throw redirectError(req, status, headers, requestUrl);
  const unknownOrRejected = (kind: OkErrorKind): Delivery => (req.method === 'GET' ? 'rejected' : kind === 'temporary' || kind === 'unknown' ? 'unknown' : 'rejected');
  let json: unknown;
  let malformed = false;
  try {
    json = text.length ? (req.exactIntegers ? parseJsonExact(text) : JSON.parse(text)) : undefined;
  } catch {
    malformed = true;
  }
  const okError = okErrorIn(json);
  const headerCode = Number(header(headers, 'invocation-error'));
  const code = okError ? okError.code : Number.isFinite(headerCode) && headerCode > 0 ? headerCode : undefined;
  const ok = status >= 200 && status < 300;
  if (okError || code !== undefined || !ok) {
    let kind: OkErrorKind = code !== undefined ? kindForOkCode(code) : okError ? 'unknown' : kindForHttpStatus(status);
    if (kind === 'unknown' && status >= 500) kind = 'temporary';
    // OK said what went wrong without a code: it answered, with an error, so it applied nothing.
    const delivery = okError && code === undefined && kind === 'unknown' ? 'rejected' : unknownOrRejected(kind);
    throw new OkApiError({
      kind,
      delivery,
      code,
      okMessage: okError?.msg ? redact(okError.msg, token) : undefined,
      okData: redactData(okError?.data, token),
      httpStatus: ok ? undefined : status,
      action: req.action,
      retryAfterMs: retryAfterMs(headers),
      detail: code === undefined && malformed ? redact(text.slice(0, 200), token) : undefined,
    });
  }
  if (req.url === undefined && !isRecord(json)) {
    const answer = foreignAnswer(text, headers, !malformed);
    const detail = `a ${status} answer that is not a JSON object (${answer}${text.trim() ? `: ${redact(text.trim().slice(0, 80), token)}` : ''})`;
    throw new OkApiError({ kind: 'not-ok', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: status, action: req.action, answer, detail });
  }
  if (req.accept) return acceptedAnswer(req, json, malformed, unexpected);
  if (malformed || json === undefined) {
    throw new OkApiError({ kind: 'bad-response', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: status, action: req.action, detail: `not JSON: ${redact(text.slice(0, 120), token)}` });
  }
  const parsed = req.responseSchema.safeParse(json);
  if (!parsed.success) {
    const explained = req.explainInvalid?.(json);
    if (explained) throw new OkApiError({ kind: explained, delivery: 'rejected', action: req.action, detail: describeIssues(parsed.error) });
    const field = missingField(parsed.error, json);
    throw new OkApiError({ kind: 'bad-response', delivery: req.method === 'GET' ? 'rejected' : 'unknown', httpStatus: status, action: req.action, field, detail: describeIssues(parsed.error) });
  }
  return parsed.data;
}

/**
 * A POST that came back 2xx with a JSON object without an error (from an upload server: any
 * 2xx body) was accepted, whatever else the body holds (see "Success" in the API notes): read
 * what is there, never fail, never retry. Only an
 * explicit `"success": false` is a refusal. An answer in a shape we did not expect is told to
 * `unexpected` (the client logs it once per action and shape).
 */
export function acceptedAnswer<T>(req: ApiRequest<T>, json: unknown, malformed: boolean, unexpected: UnexpectedShape): T {
  const body = malformed ? undefined : json;
  if (malformed || json === undefined || !req.responseSchema.safeParse(json).success) {
    unexpected(req.action, malformed ? 'a body that is not JSON' : describeShape(json));
  }
  if (typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false) {
    throw new OkApiError({ kind: 'refused', delivery: 'rejected', action: req.action, detail: 'OK answered "success": false' });
  }
  return req.accept ? req.accept(body) : (body as T);
}
