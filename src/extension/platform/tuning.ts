import type * as vscode from 'vscode';
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
  /** the conversation panel (see conversation/conversationSeam.ts) */
  conversation?: ConversationTuning;
}

export interface ConversationTuning {
  /** How often a visible panel reads new messages (ms); default 15 s. */
  pollMs?: number;
  /** The tests' driver of the page: a script loaded before the page's own (ExtensionMode.Test only). */
  driver?: vscode.Uri;
}

export function realTuning(): Tuning {
  return {};
}
