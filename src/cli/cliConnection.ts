/** The client a command talks to OK with, built from the environment, and sending a message's parts. */
import { DEFAULT_BASE_URL, OkClient, cleanToken, requests, validateBaseUrl, type ChatId } from '../core';
import { createNodeTransport } from '../core/net/nodeTransport';
import type { Env } from './cliContext';
import { cliVersion } from './cliVersion';
import { EXIT, Exit } from './exitCodes';
import { TOKEN_WHY } from './usage';

export interface Connection {
  client: OkClient;
  token: string;
}

/** The token in OK_ACCESS_TOKEN, as the client uses it ('' when it is not set). */
export function tokenFrom(env: Env): string {
  return cleanToken(env.OK_ACCESS_TOKEN ?? '');
}

/** The client of a command that calls OK: exit code 3 without a token, a usage error for a bad OK_API_BASE_URL. */
export function connect(env: Env): Connection {
  const token = tokenFrom(env);
  if (!token) throw new Exit(EXIT.noToken, `OK_ACCESS_TOKEN is not set: set it to the group's access token (see 'ok-chat --help'). ${TOKEN_WHY}`);
  const baseUrl = validateBaseUrl(env.OK_API_BASE_URL?.trim() || DEFAULT_BASE_URL);
  return { client: new OkClient({ token, baseUrl, ...createNodeTransport({ env }), userAgent: `ok-chat-cli/${cliVersion()}` }), token };
}

/** Sends the parts in order; prints each message id as soon as OK gives it. */
export async function sendParts(conn: Connection, chat: ChatId, parts: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  let sent = 0;
  try {
    for (const part of parts) {
      const res = await conn.client.call(requests.sendText(chat, part));
      if (res.message_id) out(`${res.message_id}\n`);
      sent += 1;
    }
  } catch (e) {
    if (sent > 0) err(`sent ${sent} of ${parts.length} parts before the error below.`);
    throw e;
  }
  err(parts.length === 1 ? `sent to ${chat}.` : `sent to ${chat} in ${parts.length} parts.`);
}
