// Test entry of the "smoke" suite (trusted workspace). Loaded by the extension
// host via extensionTestsPath = out/test/integration/suite/smoke.entry.
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
