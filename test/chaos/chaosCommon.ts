/** What the fault-injection run's parts share: the chat, the user, a case's environment and what a send path reports. */
import type { FakeOkServer } from '../fake-ok/server';

export const CHAT = 'chat:C3ecb9d02a600';
export const USER = 'user:100000000001';
export type Outcome = 'sent' | 'not-sent' | 'unknown';

export interface Env {
  server: FakeOkServer | undefined;
  baseUrl: string;
  token: string;
  marker: string;
}
export interface PathResult {
  /** The texts the server should end up with, one per part, each with its reported outcome. */
  parts: Array<{ text: string; told: Outcome }>;
  /** Extension paths: how each part was told first, and how many copies the chat had then (before the user's retry). */
  first?: Array<{ told: Outcome; copies: number }>;
  /** Extension paths: whether each part not delivered is still in the Outbox (nothing the user wrote is lost). */
  kept?: (delivered: (text: string) => number) => boolean;
}
export interface SendPath {
  name: string;
  /** Longest acceptable run, ms. */
  boundMs: number;
  run(env: Env): Promise<PathResult>;
}

export const CORE_TIMEOUTS = { connectMs: 1000, headersMs: 1000, bodyMs: 1000 };
