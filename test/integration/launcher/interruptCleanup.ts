/** Everything that must be stopped if the launcher is interrupted (Ctrl+C, SIGTERM) or exits. */

/** Cleanups of the suite running now. */
export const liveCleanups = new Set<() => Promise<void>>();
/** Process groups of running VS Code servers (with their extension hosts). */
export const liveGroups = new Set<number>();

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Stops everything on SIGINT/SIGTERM, and never leaves a server behind on exit. */
export function installInterruptCleanup(log: (line: string) => void): void {
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    log(`${signal}: stopping`);
    await Promise.all([...liveCleanups].map((c) => c().catch(() => undefined)));
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // last resort: never leave a server behind
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}
