/**
 * Reading OK's answers: at most so many bytes, JSON or not, an OK error in the body or in the
 * `invocation-error` header, the response schema, and "accepted whatever the body holds" for
 * POSTs (see "Success" in the API notes).
 */
import { OkApiError, kindForHttpStatus, kindForOkCode, okDataText, type Delivery, type OkErrorKind } from '../model/okApiError';
import { redact } from '../model/redact';
import { OkErrorBodySchema, describeIssues, missingField } from '../model/okSchemas';
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

export function parseAnswer<T>(req: ApiRequest<T>, status: number, headers: Headers, text: string, token: string, unexpected: UnexpectedShape): T {
  const unknownOrRejected = (kind: OkErrorKind): Delivery => (req.method === 'GET' ? 'rejected' : kind === 'temporary' || kind === 'unknown' ? 'unknown' : 'rejected');
  let json: unknown;
  let malformed = false;
  try {
    json = text.length ? (req.exactIntegers ? parseJsonExact(text) : JSON.parse(text)) : undefined;
  } catch {
    malformed = true;
  }
  const errorBody = OkErrorBodySchema.safeParse(json);
  const headerCode = Number(header(headers, 'invocation-error'));
  const code = errorBody.success ? errorBody.data.error_code : Number.isFinite(headerCode) && headerCode > 0 ? headerCode : undefined;
  const ok = status >= 200 && status < 300;
  if (code !== undefined || !ok) {
    let kind: OkErrorKind = code !== undefined ? kindForOkCode(code) : kindForHttpStatus(status);
    if (kind === 'unknown' && status >= 500) kind = 'temporary';
    throw new OkApiError({
      kind,
      delivery: unknownOrRejected(kind),
      code,
      okMessage: errorBody.success && errorBody.data.error_msg ? redact(errorBody.data.error_msg, token) : undefined,
      okData: errorBody.success ? redactData(okDataText(errorBody.data.error_data), token) : undefined,
      httpStatus: ok ? undefined : status,
      action: req.action,
      retryAfterMs: retryAfterMs(headers),
      detail: code === undefined && malformed ? redact(text.slice(0, 200), token) : undefined,
    });
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
 * A POST that came back 2xx without an error was accepted by OK, whatever the body holds
 * (see "Success" in the API notes): read what is there, never fail, never retry. Only an
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
