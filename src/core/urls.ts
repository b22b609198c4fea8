const IMAGE_URL_PATH = /\.(png|jpe?g)$/i;

/** An http(s) link whose path ends in .png, .jpg or .jpeg: what OK accepts for icons and images by URL. */
export function isImageUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && IMAGE_URL_PATH.test(url.pathname);
  } catch {
    return false;
  }
}
