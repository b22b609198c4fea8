/** OK's error codes: their names, and what kind of failure each one is. */
/** OK platform error codes known to the extension, with their names. */
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
  455: 'PRIVACY_RESTRICTION',
  456: 'PRIVACY_RESTRICTION',
  457: 'PRIVACY_RESTRICTION',
  458: 'PRIVACY_RESTRICTION',
  511: 'IDS_BLOCKED',
  705: 'CHAT_NOT_FOUND',
  706: 'MESSAGE_NOT_ACTIVE',
  800: 'CHAT_MAX_PARTICIPANT_COUNT_LIMIT',
  801: 'EMPTY_USERS',
  802: 'UNKNOWN_USERS',
  1102: 'TARGET_USER_UNAVAILABLE',
  2001: 'GRAPH_PARAM_REQUEST',
  9999: 'SYSTEM',
};

export type OkErrorKind =
  | 'auth' // the token is missing, wrong, expired or regenerated
  | 'rate-limit' // OK asks to slow down
  | 'temporary' // OK or the network failed; trying later may work
  | 'param' // OK refused the request's content
  | 'not-found' // the chat (or message) does not exist for this group
  | 'permission' // the group may not do this
  | 'network' // OK could not be reached
  | 'timeout'
  | 'cancelled'
  | 'bad-response' // OK answered a GET without a field we need
  | 'refused' // OK accepted the call but answered "success": false
  | 'user-token' // the token is a user's, not a group's
  | 'redirect' // the API's address answered with a redirect (3xx): never followed, nothing was applied
  | 'not-ok' // a 2xx whose body is not a JSON object: not OK's API (a proxy, a captive portal)
  | 'unknown';

/** What an OK error code means for the user and for a retry. */
export function kindForOkCode(code: number): OkErrorKind {
  switch (code) {
    case 102:
    case 103:
      return 'auth';
    case 8:
    case 11:
      return 'rate-limit';
    case 1:
    case 2:
    case 9999:
      return 'temporary';
    case 300:
    case 705:
    case 706:
      return 'not-found';
    case 9:
    case 10:
    case 455:
    case 456:
    case 457:
    case 458:
    case 511:
    case 1102:
      return 'permission';
    case 100:
    case 2001:
    case 3:
    case 4:
    case 454:
    case 800:
    case 801:
    case 802:
      return 'param';
    default:
      return 'unknown';
  }
}

/** The same for an HTTP status without an OK error code. */
export function kindForHttpStatus(status: number): OkErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'temporary';
  if (status >= 400) return 'param';
  return 'bad-response';
}

/**
 * The wordings OK uses for an attachment it is still processing, in `error_msg` or `error_data`
 * [3p]: "not ready", "attachment.not.ready", "not processed", "processing", and in Russian
 * "не готово", "обрабатывается", "в обработке".
 */
const NOT_READY_TEXT = /not[\s._-]*(?:yet[\s._-]+)?(?:ready|processed)|processing|не\s+(?:ещё\s+|еще\s+)?готов|обрабатыва|в\s+обработке/i;

/** Whether OK's text (its `error_msg` or `error_data`) says an attachment is not ready yet. */
export function saysNotReady(text: string | undefined): boolean {
  return text !== undefined && NOT_READY_TEXT.test(text);
}
