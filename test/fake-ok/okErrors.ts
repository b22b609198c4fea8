/** OK's errors as the fake server renders them: the platform's error table and the three error styles. */
import type { ErrorStyle } from './dialects';
import type { Reply } from './replies';

/** Names used in "NAME : text" error messages (OK platform error table). */
export const OK_ERROR_NAMES: Readonly<Record<number, string>> = {
  1: 'UNKNOWN',
  2: 'SERVICE',
  3: 'METHOD',
  4: 'REQUEST',
  8: 'FLOOD_BLOCKED',
  9: 'IP_BLOCKED',
  10: 'PERMISSION_DENIED',
  11: 'LIMIT_REACHED',
  100: 'PARAM',
  102: 'PARAM_SESSION_EXPIRED',
  103: 'PARAM_SESSION_KEY',
  300: 'NOT_FOUND',
  454: 'CENSOR_MATCH',
  455: 'NOT_ALLOWED',
  511: 'IDS_BLOCKED',
  705: 'CHAT_NOT_FOUND',
  706: 'MESSAGE_NOT_ACTIVE',
  800: 'CHAT_MAX_PARTICIPANT_COUNT_LIMIT',
  801: 'EMPTY_USER_LIST',
  802: 'UNKNOWN_USER',
  1102: 'TARGET_USER_UNAVAILABLE',
  2001: 'GRAPH_PARAM_REQUEST',
  9999: 'SYSTEM',
};

const DEFAULT_ERROR_TEXT: Readonly<Record<number, string>> = {
  1: 'Unknown error',
  2: 'Service temporarily unavailable',
  8: 'Too many requests, try again later',
  11: 'Limit reached',
  102: 'Session expired',
  9999: 'Internal error',
};

/** The "not ready" error for an attachment OK is still processing (wording seen from the real API [3p]). */
export const NOT_READY_MESSAGE = 'Attachment is not ready: the file is still processing';

/** The error body exactly as OK renders it; `strings`: the code as a string and `error_data` a string (see ReadingStyle). */
export function okErrorBody(code: number, text?: string, data: unknown = null, strings = false): string {
  const name = OK_ERROR_NAMES[code] ?? 'UNKNOWN';
  const t = text ?? DEFAULT_ERROR_TEXT[code] ?? 'Error';
  const msg = t.startsWith(`${name} : `) ? t : `${name} : ${t}`;
  if (!strings) return JSON.stringify({ error_code: code, error_msg: msg, error_data: data });
  return JSON.stringify({ error_code: String(code), error_msg: msg, error_data: data === null ? name : typeof data === 'string' ? data : JSON.stringify(data) });
}

/** HTTP status used for an OK error in errorStyle 'status'. */
export function httpStatusForOkError(code: number): number {
  switch (code) {
    case 102:
    case 103:
      return 401;
    case 300:
    case 705:
      return 404;
    case 8:
    case 11:
      return 429;
    case 1:
    case 2:
    case 9999:
      return 500;
    default:
      return 400;
  }
}

/** An OK error: thrown by the validators and methods, answered by {@link errorReply}. */
export class OkError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    /** OK's `error_data` (null when not given). */
    readonly data: unknown = null,
  ) {
    super(`${code} ${text}`);
  }
}

/** Refuses the request with 100 PARAM. */
export function param(text: string): never {
  throw new OkError(100, text);
}

/** The answer to an OK error in the given error style. */
export function errorReply(style: ErrorStyle, code: number, text?: string, data: unknown = null, strings = false): Reply {
  const body = okErrorBody(code, text, data, strings);
  switch (style) {
    case 'status':
      return { status: httpStatusForOkError(code), body };
    case 'header':
      return { status: 200, body, headers: { 'invocation-error': String(code) } };
    case 'status+header':
      return { status: httpStatusForOkError(code), body, headers: { 'invocation-error': String(code) } };
    default:
      return { status: 200, body };
  }
}
