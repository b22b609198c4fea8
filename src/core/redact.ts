/**
 * Removes access tokens from any text the core produces (errors, log lines, URLs).
 */
const TOKEN_IN_QUERY = /(access_token=)[^&\s"'<>#()[\]]+/gi;
const TOKEN_IN_JSON = /("access_token"\s*:\s*")[^"]*(")/gi;
const TOKEN_SHAPE = /\btkn[0-9A-Za-z_-]{2,}:[0-9A-Za-z_-]{4,}/g;

export function redact(text: string, ...secrets: Array<string | undefined>): string {
  let out = String(text).replace(TOKEN_IN_QUERY, '$1***').replace(TOKEN_IN_JSON, '$1***$2').replace(TOKEN_SHAPE, '***');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      out = out.split(secret).join('***');
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join('***');
    }
  }
  return out;
}

