import type { Services } from '../services';
import type { Result } from './commandContract';

/** Reads every saved chat's newest messages now; resolves to the unread count of each. */
export async function refreshUnread(s: Services): Promise<Result<'okChat.refreshUnread'>> {
  return s.unread.refreshNow();
}
