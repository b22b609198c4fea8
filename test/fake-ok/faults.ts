/**
 * Faults the fake OK server can inject: queued with a match (method, path, how many times),
 * taken by the next matching request, answered here instead of (or after) the real answer.
 */
import type * as http from 'node:http';
import { okErrorBody } from './okErrors';
import type { RecordedRequest } from './records';
import { JSON_TYPE, writeReply, type Reply } from './replies';

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset'; afterHandling?: boolean }
  | { kind: 'malformed-json' }
  | { kind: 'ok-error'; code: number; msg?: string }
  | { kind: 'rate-limit' }
  /** A 200 answer of `bytes` bytes (a JSON string padded with spaces), after applying the request when `afterHandling`. */
  | { kind: 'oversized'; bytes: number; afterHandling?: boolean; chunked?: boolean }
  /**
   * A slow-loris server: the answer trickles out one byte every `byteEveryMs`. With
   * `afterHandling` it is the real answer (the request was applied); without, an OK SERVICE
   * error (nothing was applied).
   */
  | { kind: 'slow'; byteEveryMs: number; afterHandling?: boolean }
  /** A 200 answer that is an HTML page (a TLS-inspecting proxy's block page, a captive portal). */
  | { kind: 'html' }
  /** A 200 answer with an empty body (something in the way, not OK's API). */
  | { kind: 'empty' }
  /** A 200 answer `{}`: OK accepted the request and said nothing more (see "Success" in the API notes). */
  | { kind: 'empty-object' }
  /** OK's error with the code as a string, in a 200 body: `{"error_code":"100","error_msg":"PARAM : …"}`. */
  | { kind: 'string-error-code'; code: number; msg: string }
  /**
   * A redirect to `location` (another host). With `keepQuery` the request's query (the access
   * token) is appended to it, the worst a proxy could do.
   */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string; keepQuery?: boolean }
  /** HTTP 429 with `Retry-After: <seconds>` and OK's FLOOD_BLOCKED in the body (nothing applied). */
  | { kind: 'retry-after'; seconds: number };

/** The block page a TLS-inspecting proxy answers with (HTTP 200). */
export const BLOCK_PAGE = '<!DOCTYPE html><html><head><title>Access denied</title></head><body><h1>This site is blocked by your organisation</h1><p>Category: Social networks</p></body></html>';

/**
 * With `afterHandling`, the request is applied first (the message is stored) and then the
 * fault replaces or spoils the answer: the client cannot tell whether OK has the message.
 */
export type FaultWithTiming = Fault & { afterHandling?: boolean };

export interface FaultMatch {
  method?: string;
  path?: string | RegExp;
  times?: number;
}

/** Whether a request path starts with `prefix`; "/me/messages" also matches "/graph/me/messages". */
export function pathStartsWith(path: string, prefix: string): boolean {
  if (path.startsWith(prefix)) return true;
  return prefix.startsWith('/') && !prefix.startsWith('/graph') && path.startsWith(`/graph${prefix}`);
}

/** The injected faults, in queue order. */
export class FaultQueue {
  private queue: Array<{ fault: FaultWithTiming; match: FaultMatch; left: number }> = [];

  add(fault: FaultWithTiming, match: FaultMatch = {}): void {
    const times = match.times ?? 1;
    if (!(times > 0)) throw new Error('FaultMatch.times must be > 0');
    this.queue.push({ fault, match, left: times });
  }

  clear(): void {
    this.queue = [];
  }

  /** The first fault matching the request (counted as used once), if any. */
  take(rec: RecordedRequest): FaultWithTiming | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const q = this.queue[i];
      const { method, path } = q.match;
      if (method !== undefined && method.toUpperCase() !== rec.method.toUpperCase()) continue;
      if (path !== undefined) {
        if (typeof path === 'string' ? !pathStartsWith(rec.path, path) : !path.test(rec.path)) continue;
      }
      q.left -= 1;
      if (q.left <= 0) this.queue.splice(i, 1);
      return q.fault;
    }
    return undefined;
  }
}

/** What answering with a fault needs from the server. */
export interface FaultContext {
  /** Sleeps, but wakes at once when the server closes. */
  sleep(ms: number): Promise<void>;
  closed(): boolean;
  /** An OK error in the server's error style. */
  errorReply(code: number, text?: string): Reply;
  /** Applies the request and returns its real answer. */
  apply(): Promise<Reply>;
}

/**
 * Answers a request with `fault` (applying the request first when `afterHandling`). Returns
 * false when the request is still to be handled as usual: a delay before handling it.
 */
export async function answerWithFault(fault: FaultWithTiming, req: http.IncomingMessage, res: http.ServerResponse, ctx: FaultContext): Promise<boolean> {
  const applied = fault.afterHandling ? await ctx.apply() : undefined;
  switch (fault.kind) {
    case 'delay':
      await ctx.sleep(fault.ms);
      if (ctx.closed()) return true;
      if (!applied) return false;
      writeReply(res, applied);
      return true;
    case 'slow':
      await writeSlowly(res, applied ?? ctx.errorReply(2), fault.byteEveryMs, ctx);
      return true;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(BLOCK_PAGE);
      return true;
    case 'empty':
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      return true;
    case 'empty-object':
      writeReply(res, { status: 200, body: '{}' });
      return true;
    case 'string-error-code':
      writeReply(res, { status: 200, body: JSON.stringify({ error_code: String(fault.code), error_msg: fault.msg }) });
      return true;
    case 'redirect': {
      const query = (req.url ?? '').split('?')[1];
      const location = fault.keepQuery && query ? `${fault.location}${fault.location.includes('?') ? '&' : '?'}${query}` : fault.location;
      res.writeHead(fault.status, { location, 'content-type': 'text/html', 'content-length': '0' });
      res.end();
      return true;
    }
    case 'retry-after':
      writeReply(res, { status: 429, body: okErrorBody(8, 'FLOOD_BLOCKED : Too many requests'), headers: { 'retry-after': String(fault.seconds) } });
      return true;
    case 'status':
      writeReply(res, { status: fault.status, body: fault.body ?? okErrorBody(2), headers: fault.headers });
      return true;
    case 'oversized':
      writeOversized(res, fault.bytes, fault.chunked === true);
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'malformed-json':
      writeReply(res, { status: 200, body: '{"message_id":"mid:C3ecb9d02a600.1f' });
      return true;
    case 'ok-error':
      writeReply(res, ctx.errorReply(fault.code, fault.msg));
      return true;
    case 'rate-limit':
      writeReply(res, ctx.errorReply(8, 'Too many requests, try again later'));
      return true;
  }
}

/** Writes an answer one byte at a time (headers at once, then the body trickles out). */
async function writeSlowly(res: http.ServerResponse, reply: Reply, byteEveryMs: number, ctx: FaultContext): Promise<void> {
  const bytes = Buffer.from(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(bytes.length), ...(reply.headers ?? {}) });
  res.on('error', () => undefined);
  for (const b of bytes) {
    if (ctx.closed() || res.destroyed) return;
    res.write(Buffer.from([b]));
    await ctx.sleep(byteEveryMs);
  }
  res.end();
}

/** A 200 answer of `bytes` spaces, with or without a Content-Length. */
function writeOversized(res: http.ServerResponse, bytes: number, chunked: boolean): void {
  res.writeHead(200, chunked ? { 'content-type': JSON_TYPE } : { 'content-type': JSON_TYPE, 'content-length': String(bytes) });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = bytes;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/** Sleeps that all end at once when the server closes. */
export class WakeableSleeps {
  private readonly sleepers = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }
}
