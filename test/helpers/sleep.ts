/**
 * The tests' one wall-clock wait: for a process or a server outside the test's control (a child
 * process's start, a launcher's poll). What the code under test does is awaited by its event or an
 * injected clock, never by a sleep long enough on a quiet machine.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
