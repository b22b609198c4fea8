import { InputError } from './ids';
import * as l10n from '@vscode/l10n';

/**
 * Cleans a pasted token: surrounding whitespace and quotes, an `access_token=` prefix, or a
 * whole URL that carries the token in its query.
 */
export function cleanToken(input: string): string {
  let v = String(input ?? '').trim();
  // « “ » ” as \u escapes: the CLI bundle stays ASCII (it is read as latin1, see src/cli/loader.ts).
  v = v.replace(/^["'`\u00ab\u201c]+|["'`\u00bb\u201d]+$/g, '').trim();
  const fromQuery = /[?&#]access_token=([^&#\s]+)/i.exec(v);
  if (fromQuery) {
    try {
      v = decodeURIComponent(fromQuery[1]);
    } catch {
      v = fromQuery[1];
    }
  }
  v = v.replace(/^access_token\s*[=:]\s*/i, '').trim();
  return v.replace(/^["'`]+|["'`]+$/g, '');
}

const HOW_TO_GET = (): string =>
  l10n.t('A group admin gets it on ok.ru: group Settings → Messages → "Работа с API" (API) → get key. It looks like tkn1…:ABC….');

/**
 * Refuses what is obviously not an OK group token, saying what one looks like. Anything
 * plausible is left for OK to judge (the format is not documented beyond the examples).
 */
export function checkTokenShape(token: string): void {
  if (!token) throw new InputError(`${l10n.t('The token is empty.')} ${HOW_TO_GET()}`, 'token');
  if (/\s/.test(token)) throw new InputError(`${l10n.t('A token has no spaces or line breaks: this looks like more than the token was pasted.')} ${HOW_TO_GET()}`, 'token');
  if (/^https?:\/\//i.test(token)) throw new InputError(`${l10n.t('This is a link, not a token.')} ${HOW_TO_GET()}`, 'token');
  if (/^(chat|user|group):/i.test(token)) throw new InputError(`${l10n.t('This is an OK id, not an access token.')} ${HOW_TO_GET()}`, 'token');
  if (token.length < 16 || token.length > 512 || !/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(`${l10n.t('This does not look like an OK group access token.')} ${HOW_TO_GET()}`, 'token');
  }
}
