/** What the fake OK server answers, and how an answer is written to the HTTP response. */
import type * as http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json;charset=utf-8';

/** A 200 answer with this value as JSON. */
export function jsonReply(value: unknown): Reply {
  return { status: 200, body: JSON.stringify(value) };
}

/** Writes the whole answer at once (nothing when the response is already gone). */
export function writeReply(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(reply.status, {
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(reply.body)),
    ...(reply.headers ?? {}),
  });
  res.end(reply.body);
}
