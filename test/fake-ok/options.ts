/** The options of the fake OK server. */
import type { Dialect, DialectName, ErrorStyle, UploadBehaviour } from './dialects';

export interface FakeOkOptions {
  /** The answer style (default `documented`); `errorStyle` and `notReadySends` override its own. */
  dialect?: DialectName;
  /** Sends refused as "not ready" after each upload (default: the dialect's). */
  notReadySends?: number;
  /** `user`: the token is a user's, so /me/info answers {name, user_id} without group_id [3p]. */
  tokenOwner?: 'group' | 'user';
  token?: string;
  groupId?: string;
  groupName?: string;
  errorStyle?: ErrorStyle;
  maxTextLength?: number;
  /** The largest file the upload server takes (default 64 MiB, the most any request may carry). */
  maxUploadBytes?: number;
  pageSize?: number;
  /** false: every answer says "Connection: close" and the connection ends with it (none is kept alive for a next request). */
  keepAlive?: boolean;
  /** Upload behaviours on top of the dialect's (see `UploadBehaviour`). */
  uploads?: Partial<UploadBehaviour & Pick<Dialect, 'imageTokenWithUrl' | 'imageUpload' | 'fileUpload'>>;
  seed?: boolean;
}
