import type { UploadTimingOverrides } from '../outbox/sendThroughOutbox';

/**
 * Timings and scripted answers that only the extension's own tests change. The test seam (made
 * only in `ExtensionMode.Test`) writes them; the code reads them from `Services.tuning`. Outside
 * a test run the object stays empty and every field's default (OK's real timings, real dialogs)
 * applies.
 */
export interface Tuning {
  /** shorter waits for OK to process uploaded files, a shorter upload-token reuse */
  upload?: UploadTimingOverrides;
}

export function realTuning(): Tuning {
  return {};
}
