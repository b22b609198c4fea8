/**
 * Timings and scripted answers that only the extension's own tests change. The test seam (made
 * only in `ExtensionMode.Test`) writes them; the code reads them from `Services.tuning`. Outside
 * a test run the object stays empty and every field's default (OK's real timings, real dialogs)
 * applies.
 */
export interface Tuning {
  // each field: optional; undefined means the real behaviour
}

export function realTuning(): Tuning {
  return {};
}
