// Test entry of the "state" suite (trusted workspace): what the extension keeps in global state
// survives writes from independent events. Loaded by the extension host via
// extensionTestsPath = out/test/integration/state/state.entry.
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
