// Which images of a conversation load by themselves. Loading an image tells its host that the chat
// was read (and when, and from where): only OK's own hosts load at once; an image elsewhere shows
// as a link that loads it when clicked. Pure (no DOM), so Node tests load it.
import { isOkUrl } from '../../core/model/okHosts';

export type ImageShow =
  /** OK's own host, over https: shown at once. */
  | { load: 'now'; url: string }
  /** Another https host: a link "Image from <host>"; the image is requested only after a click. */
  | { load: 'onClick'; url: string; host: string };

/** How an image attachment at `url` shows; undefined when it is not an https image (then it is a link or a name). */
export function imageShow(url: string | undefined): ImageShow | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  return isOkUrl(parsed) ? { load: 'now', url } : { load: 'onClick', url, host: parsed.host };
}
