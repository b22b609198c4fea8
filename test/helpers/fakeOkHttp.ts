/**
 * For the fake OK server's own tests, over plain HTTP: a fresh seeded server for each test
 * ({@link useFreshFakeOk}), requests to it, and checks of OK's answer shapes.
 */
import * as assert from 'node:assert/strict';
import { SEED_CHAT_IDS, type FakeOkOptions, type FakeOkServer } from '../fake-ok/server';
import { useFakeOkServer, type FakeOkServerFixture } from './fakeOk';

let current: FakeOkServerFixture | undefined;

/** The first seeded chat: chat:C3ecb9d02a600, "Backend". */
export const CHAT = SEED_CHAT_IDS[0];

/** The current test's server. */
export function srv(): FakeOkServer {
  if (!current) throw new Error('the fake OK server is used outside a test');
  return current.server;
}

/** Registers hooks: a seeded server before each test of the enclosing describe, closed after it. */
export function useFreshFakeOk(): void {
  const fixture = useFakeOkServer({ server: { seed: true }, each: 'fresh' });
  beforeEach(() => {
    current = fixture;
  });
  afterEach(() => {
    current = undefined;
  });
}

/** Replaces the current test's server by one started with these options. */
export async function restartFakeOk(opts: FakeOkOptions = {}): Promise<void> {
  if (!current) throw new Error('the fake OK server is used outside a test');
  await current.restart(opts);
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export function url(path: string, query: Record<string, string> = {}, token: string | null = srv().token): string {
  const u = new URL(srv().baseUrl + path);
  if (token !== null) u.searchParams.set('access_token', token);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}

export async function read(r: Response): Promise<Res> {
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

export async function get(path: string, query: Record<string, string> = {}, token: string | null = srv().token): Promise<Res> {
  return read(await fetch(url(path, query, token)));
}

export async function post(path: string, body: unknown, opts: { contentType?: string; raw?: string; token?: string | null } = {}): Promise<Res> {
  const token = opts.token === undefined ? srv().token : opts.token;
  return read(
    await fetch(url(path, {}, token), {
      method: 'POST',
      headers: { 'content-type': opts.contentType ?? 'application/json;charset=utf-8' },
      body: opts.raw ?? JSON.stringify(body),
    }),
  );
}

export function send(chatId: string, payload: Record<string, unknown>): Promise<Res> {
  return post(`/me/messages/${chatId}`, { recipient: { chat_id: chatId }, ...payload });
}

export function okError(res: Res, code: number, status = 200): string {
  assert.equal(res.status, status, res.text);
  const j = res.json as { error_code: number; error_msg: string; error_data: unknown };
  assert.deepEqual(Object.keys(j).sort(), ['error_code', 'error_data', 'error_msg']);
  assert.equal(j.error_code, code, res.text);
  assert.equal(j.error_data, null);
  assert.match(j.error_msg, /^[A-Z_]+ : .+/);
  return j.error_msg;
}

export function success(res: Res): void {
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { success: true });
}

/** Asks for an upload URL and POSTs a small file in `field`: the upload token (or, with another field, the answer's text). */
export async function uploadFile(type: string, field = 'file'): Promise<string> {
  const u = await get('/me/fileUploadUrl', { type });
  assert.equal(u.status, 200, u.text);
  const { url: upUrl, token } = u.json as { url: string; token: string };
  assert.ok(upUrl.startsWith(`${srv().origin}/upload/`));
  const form = new FormData();
  form.append(field, new Blob([Buffer.from('hello file')], { type: 'text/plain' }), 'a.txt');
  const r = await read(await fetch(upUrl, { method: 'POST', body: form }));
  if (field !== 'file') return r.text;
  assert.equal(r.status, 200, r.text);
  const answered = (r.json as { token: string }).token;
  // an IMAGE's token is the upload answer's; one given with its URL is another, never accepted
  if (type === 'IMAGE') assert.notEqual(answered, token);
  else assert.equal(answered, token);
  return answered;
}
