// Test entry of the "dialects" suite: every seed command and upload path against the fake
// server's answer styles (trusted workspace). Loaded by the extension host via extensionTestsPath.
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
