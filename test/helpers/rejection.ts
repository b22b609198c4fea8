import * as assert from 'node:assert/strict';
import { OkApiError } from '../../src/core';

/** Awaits a promise that must reject with an OkApiError, and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<OkApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OkApiError, `expected OkApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}
