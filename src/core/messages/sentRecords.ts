/**
 * The message ids OK gave back to our sends, as records kept by the extension (see
 * `src/extension/outbox/sentIds.ts`) for `oursBy` (ours.ts). Pure, no imports: the activation
 * bundle uses it.
 */

/** One id OK gave back to a send, and when (ms). */
export interface SentRecord {
  id: string;
  at: number;
}

/** How many ids given back to sends are kept, and for how long. */
export const SENT_IDS_MAX = 1000;
export const SENT_IDS_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Stored records read back defensively, without those past their age. */
export function readSentRecords(v: unknown, now: number): SentRecord[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (r): r is SentRecord =>
      typeof r === 'object' && r !== null && typeof (r as SentRecord).id === 'string' && typeof (r as SentRecord).at === 'number' && now - (r as SentRecord).at <= SENT_IDS_MAX_AGE_MS,
  );
}

/** The records with `ids` added (at `now`), each once, the newest {@link SENT_IDS_MAX} kept. */
export function withSentIds(records: readonly SentRecord[], ids: readonly string[], now: number): SentRecord[] {
  const fresh = new Set(ids);
  const kept = readSentRecords(records, now).filter((r) => !fresh.has(r.id));
  return [...kept, ...[...fresh].map((id) => ({ id, at: now }))].slice(-SENT_IDS_MAX);
}
