/**
 * Starts a seeded fake OK Graph API server for trying the extension by hand.
 *
 *   npm run sandbox                       (random port)
 *   node out/test/fake-ok/sandbox.js --port 8787
 *   OK_SANDBOX_PORT=8787 npm run sandbox
 *   npm run sandbox -- --dialect recorded  (answer like the real API was recorded; see DIALECTS)
 *   npm run sandbox -- --not-ready 2        (refuse the first 2 sends after each upload as "not ready")
 *
 * Then set the user setting "okChat.apiBaseUrl" to the printed base URL and give the
 * extension the printed (fake) token. Every request is logged on one line, with the
 * access_token replaced by ***. Stop with Ctrl+C.
 *
 * The chat "Backend" has a history from other members. To post as one of them (say, to see an
 * answer arrive), POST to the test-only path /graph/_test/<chat>/messages with the token:
 *   curl -X POST "<base URL>/_test/chat:C3ecb9d02a600/messages?access_token=<token>" \
 *     -d '{"user_id": "user:100000000002", "name": "Борис Иванов", "text": "Готово"}'
 */
import { DIALECTS, DIALECT_NAMES, FakeOkServer, isDialectName, type DialectName, type RecordedRequest } from './server';

function option(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}`) value = argv[i + 1];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
  }
  return value;
}

/** --dialect NAME / --dialect=NAME, else OK_SANDBOX_DIALECT, else "documented". Throws on an unknown name. */
export function parseSandboxDialect(argv: readonly string[], env: NodeJS.ProcessEnv): DialectName {
  const value = option(argv, 'dialect') ?? env.OK_SANDBOX_DIALECT ?? 'documented';
  if (!isDialectName(value)) throw new Error(`Unknown dialect: ${value} (one of ${DIALECT_NAMES.join(', ')})`);
  return value;
}

/** --not-ready N: sends refused as "not ready" after each upload; undefined: the dialect's. */
export function parseNotReady(argv: readonly string[]): number | undefined {
  const value = option(argv, 'not-ready');
  if (value === undefined) return undefined;
  if (!/^\d{1,2}$/.test(value)) throw new Error(`Invalid --not-ready: ${value} (a number of sends, e.g. 1)`);
  return Number(value);
}

/** --port N / --port=N, else OK_SANDBOX_PORT, else 0 (random). Throws on a bad value. */
export function parseSandboxPort(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') value = argv[i + 1];
    else if (a.startsWith('--port=')) value = a.slice('--port='.length);
  }
  value ??= env.OK_SANDBOX_PORT;
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error(`Invalid port: ${value}`);
  return Number(value);
}

/** One log line for a request, with the token redacted. */
export function formatRequestLine(r: RecordedRequest): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) params.append(k, k === 'access_token' ? '***' : v);
  const qs = params.toString().replace(/%2A/gi, '*');
  const time = new Date(r.time).toISOString().slice(11, 23);
  let line = `${time} ${r.method} ${r.path}${qs ? `?${qs}` : ''}`;
  const ct = r.headers['content-type'];
  const contentType = (Array.isArray(ct) ? ct[0] : ct) ?? '';
  if (r.rawBody !== '') {
    if (/^multipart\//i.test(contentType)) {
      line += ` <multipart ${Buffer.byteLength(r.rawBody)} bytes>`;
    } else {
      const { body, buttons } = withoutKeyboard(r);
      const flat = body.replace(/\s+/g, ' ');
      line += ` ${flat.length > 160 ? `${flat.slice(0, 160)}…` : flat}`;
      if (buttons) line += ` [buttons: ${buttons}]`;
    }
  }
  return line;
}

/** The body without its inline keyboard, and the keyboard's buttons as `label → host` (no paths: they may carry tokens). */
function withoutKeyboard(r: RecordedRequest): { body: string; buttons?: string } {
  const message = (r.body as { message?: { attachment?: unknown; attachments?: unknown[] } } | undefined)?.message;
  if (typeof message !== 'object' || message === null) return { body: r.rawBody };
  const isKeyboard = (a: unknown) => (a as { type?: unknown } | null)?.type === 'INLINE_KEYBOARD';
  const keyboard = [message.attachment, ...(Array.isArray(message.attachments) ? message.attachments : [])].find(isKeyboard);
  if (!keyboard) return { body: r.rawBody };
  const rows = (keyboard as { payload?: { keyboard?: { buttons?: unknown } } }).payload?.keyboard?.buttons;
  const buttons = (Array.isArray(rows) ? rows.flat() : []).map((b: { text?: unknown; url?: unknown }) => {
    let host = '?';
    try {
      host = new URL(String(b?.url)).host;
    } catch {
      /* not a URL: the server refuses it */
    }
    return `${String(b?.text)} → ${host}`;
  });
  const copy = structuredClone(r.body) as { message: { attachment?: unknown; attachments?: unknown[] } };
  if (isKeyboard(copy.message.attachment)) delete copy.message.attachment;
  if (Array.isArray(copy.message.attachments)) copy.message.attachments = copy.message.attachments.filter((a) => !isKeyboard(a));
  return { body: JSON.stringify(copy), buttons: buttons.join(', ') || '(none)' };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const port = parseSandboxPort(argv, process.env);
  const dialect = parseSandboxDialect(argv, process.env);
  // images on the sandbox's own upload URL: an editor cannot reach OK's CDN host offline (tests route it through a proxy)
  const server = await FakeOkServer.start({ seed: true, port, dialect, notReadySends: parseNotReady(argv), uploads: { imageUploadUrl: 'server' } });
  const out = (s: string): void => {
    process.stdout.write(`${s}\n`);
  };
  out('Fake OK Graph API sandbox (seeded)');
  out(`  base URL : ${server.baseUrl}`);
  out(`  token    : ${server.token}   (fake, only valid here)`);
  out(`  dialect  : ${dialect} (${DIALECT_NAMES.join(' | ')}) — ${DIALECTS[dialect].about}`);
  if (server.notReadySends > 0) out(`  not ready: the first ${server.notReadySends} send(s) after each upload`);
  for (const chat of server.chats.values()) out(`  chat     : ${chat.chat_id}  ${chat.title}`);
  out('Point the extension at it: set the user setting');
  out(`  "okChat.apiBaseUrl": "${server.baseUrl}"`);
  out('and enter the token above when the extension asks for the group token.');
  out('Requests (Ctrl+C to stop):');
  server.onRequest = (r) => out(formatRequestLine(r));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
