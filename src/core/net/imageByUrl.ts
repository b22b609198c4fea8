/** An image by URL: sent bare as OK's own examples do, once more with a caption where OK refuses that. */
import { isOkApiError } from '../model/okApiError';
import type { SendResult } from '../model/okSchemas';
import { sendImageUrl, type ApiRequest } from './okRequests';

/** The caption of an image by URL sent once more with text: its last path segment, decoded (else its host). */
export function imageUrlCaption(url: string): string {
  try {
    const parsed = new URL(url);
    const last = parsed.pathname.split('/').filter(Boolean).pop() ?? '';
    let name = last;
    try {
      name = decodeURIComponent(last);
    } catch {
      // not valid percent-encoding: as it is
    }
    return name.trim() || parsed.host;
  } catch {
    return url;
  }
}

/**
 * Sends an image by URL as OK's own examples do, without text; when OK refuses that as a bad
 * parameter (two clients say OK wants text beside an attachment: nothing was posted), once more
 * with the URL's file name as its caption.
 */
export async function sendImageByUrl(call: <T>(request: ApiRequest<T>) => Promise<T>, chat: string, url: string, log?: (message: string) => void): Promise<SendResult> {
  try {
    return await call(sendImageUrl(chat, url));
  } catch (e) {
    if (!isOkApiError(e) || e.kind !== 'param' || e.delivery !== 'rejected') throw e;
    log?.(`OK refused the image by URL without text (${e.message}); sending it once more with a caption`);
  }
  return call(sendImageUrl(chat, url, imageUrlCaption(url)));
}
