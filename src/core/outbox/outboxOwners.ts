/**
 * Whether the window (extension host) that wrote a "sending" record still runs: windows share the
 * Outbox's records, and a record of a dead one is taken over (see `Outbox.recover`).
 */
import * as os from 'node:os';

/** How long a window's "sending" record is taken as alive without a heartbeat. */
export const OWNER_STALE_MS = 2 * 60_000;

/** Whether a process of this machine runs (signal 0 only checks). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the extension host that wrote `owner` ("host/pid") still runs: it said so in the last
 * two minutes and, on this machine, its process exists (a killed or reloaded extension host is
 * known dead at once, not two minutes later).
 */
export function ownerAlive(owner: string, lastSeen: number | undefined, now = Date.now(), host = os.hostname(), runs = processRuns): boolean {
  if (typeof lastSeen !== 'number' || now - lastSeen >= OWNER_STALE_MS) return false;
  const slash = owner.lastIndexOf('/');
  const pid = Number(owner.slice(slash + 1));
  if (owner.slice(0, slash) !== host || !Number.isInteger(pid) || pid <= 0) return true;
  return runs(pid);
}
