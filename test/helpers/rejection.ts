import * as assert from 'node:assert/strict';

/**
 * Awaits a promise (or a VS Code Thenable) that must reject and returns its error: an Error, or
 * with `kind` an instance of that class (`rejection(client.call(…), OkApiError)`). `what` names
 * the call in the failure message.
 */
export async function rejection(p: PromiseLike<unknown>, what?: string): Promise<Error & Record<string, unknown>>;
export async function rejection<E extends Error>(p: PromiseLike<unknown>, kind: abstract new (...args: never[]) => E, what?: string): Promise<E>;
export async function rejection(p: PromiseLike<unknown>, kindOrWhat?: string | (abstract new (...args: never[]) => Error), what?: string): Promise<Error> {
  const kind = typeof kindOrWhat === 'function' ? kindOrWhat : Error;
  const call = (typeof kindOrWhat === 'string' ? kindOrWhat : what) ?? 'the call';
  let value: unknown;
  try {
    value = await p;
  } catch (e) {
    assert.ok(e instanceof kind, `${call} rejected with ${String(e)}, expected a ${kind.name}`);
    return e;
  }
  return assert.fail(`${call} resolved (${JSON.stringify(value)}) but was expected to reject`);
}
