/** The client a command talks to OK with, built from the environment, and sending a message's parts. */
import { DEFAULT_BASE_URL, OkClient, cleanToken, sendTextParts, validateBaseUrl, type ApiRequest, type ChatId, type requests } from '../core';
import { createNodeTransport } from '../core/net/nodeTransport';
import type { Env } from '../core';
import { cliVersion } from './cliVersion';
import { EXIT, Exit } from './exitCodes';
import { RunDeadline } from './runDeadline';
import { TOKEN_WHY } from './usage';

export interface Connection {
  client: OkClient;
  token: string;
  /** `--timeout`: the one deadline of the run's requests, and the announcements of its waits. */
  deadline: RunDeadline;
  /** One request within the deadline. */
  call<T>(request: ApiRequest<T>): Promise<T>;
}

/** The token in OK_ACCESS_TOKEN, as the client uses it ('' when it is not set). */
export function tokenFrom(env: Env): string {
  return cleanToken(env.OK_ACCESS_TOKEN ?? '');
}

/**
 * The client of a command that calls OK: exit code 3 without a token, a usage error for a bad
 * OK_API_BASE_URL. `timeoutMs` bounds all of its requests together (the clock starts with the first).
 */
export function connect(env: Env, timeoutMs: number, err: (s: string) => void): Connection {
  const token = tokenFrom(env);
  if (!token) throw new Exit(EXIT.noToken, `OK_ACCESS_TOKEN is not set: set it to the group's access token (see 'ok-chat --help'). ${TOKEN_WHY}`);
  const baseUrl = validateBaseUrl(env.OK_API_BASE_URL?.trim() || DEFAULT_BASE_URL);
  const client = new OkClient({ token, baseUrl, ...createNodeTransport({ env }), userAgent: `ok-chat-cli/${cliVersion()}` });
  const deadline = new RunDeadline(timeoutMs, err);
  return {
    client,
    token,
    deadline,
    call: (request) => {
      deadline.check(request.action);
      return client.call(request, deadline.options());
    },
  };
}

export interface SendPartsOptions {
  /** Link buttons under the last part. */
  buttons?: readonly requests.LinkButton[];
  /** The longest message, for the links sent as text when OK refuses the buttons. */
  maxLength?: number;
  /** Told of each message OK accepted (its id, when OK gave one). */
  onMessage?(messageId: string | undefined): void;
}

/**
 * Sends the parts in order, the last one with the buttons (the core's {@link sendTextParts});
 * prints each message id as soon as OK gives it, and on stderr how far it got.
 */
export async function sendParts(conn: Connection, chat: ChatId, parts: string[], out: (s: string) => void, err: (s: string) => void, options: SendPartsOptions = {}): Promise<void> {
  let sent = 0;
  const keyboards = { refused: false };
  try {
    await sendTextParts((request) => conn.call(request), chat, parts, {
      buttons: options.buttons,
      maxLength: options.maxLength,
      keyboards,
      onMessage: (id) => {
        options.onMessage?.(id);
        if (id) out(`${id}\n`);
      },
      onPartSent: () => {
        sent += 1;
      },
    });
  } catch (e) {
    if (sent > 0) err(`sent ${sent} of ${parts.length} parts before the error below.`);
    throw e;
  }
  if (keyboards.refused) err('OK refused the link buttons; sent the links as text.');
  err(parts.length === 1 ? `sent to ${chat}.` : `sent to ${chat} in ${parts.length} parts.`);
}
