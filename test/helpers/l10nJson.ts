/** For the l10n tests: reading the manifest and bundle JSON files, and what a translation must keep. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Strings = Record<string, string>;

export function readJson<T = Json>(rel: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8')) as T;
}

/** Every string in a JSON value, with its path (`contributes.commands[3].title`). */
export function* stringsIn(value: Json, at: string): Generator<{ at: string; key: string | number; value: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string') yield { at: `${at}[${i}]`, key: i, value: v };
      else yield* stringsIn(v, `${at}[${i}]`);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = at ? `${at}.${k}` : k;
      if (typeof v === 'string') yield { at: here, key: k, value: v };
      else yield* stringsIn(v, here);
    }
  }
}

export const NLS_REF = /^%([\w.-]+)%$/;

/** Things a translation must carry over unchanged: placeholders, codicons, links, code spans, setting links. */
export function invariants(text: string): string[] {
  const found = [
    ...[...text.matchAll(/\{\w+\}/g)].map((m) => m[0]), // {0}, {path}
    ...[...text.matchAll(/\$\([\w~-]+\)/g)].map((m) => m[0]), // $(edit)
    ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => `link:${m[1]}`), // [text](command:…)
    ...[...text.matchAll(/`[^`]+`/g)].map((m) => m[0]), // `npm run sandbox`
    ...[...text.matchAll(/#[\w.]+#/g)].map((m) => m[0]), // #okChat.allowWorkspaceBuildRules#
  ];
  return found.sort();
}

/** Strings that are the same in Russian: the product name. */
export const SAME_IN_RUSSIAN = new Set(['OK Chat']);
