/**
 * Runs an async job one at a time, and once more after the last request that came while it ran:
 * whatever the job reads, the last run to finish started after the last request. Requests that
 * come during a run are merged into one more run.
 *
 * Used for state shown from several sources (context keys, the view's badge): without it, a run
 * started earlier but slowed down by an await could finish last and show stale values.
 */
export function coalescingRunner(job: () => Promise<void>, onError: (e: unknown) => void): () => void {
  let running = false;
  let requested = false;
  const loop = async (): Promise<void> => {
    try {
      while (requested) {
        requested = false;
        try {
          await job();
        } catch (e) {
          onError(e);
        }
      }
    } finally {
      // synchronous with the last check of `requested`: a request cannot fall between the two
      running = false;
    }
  };
  return () => {
    requested = true;
    if (running) return;
    running = true;
    void loop();
  };
}
