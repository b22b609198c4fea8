// Test entry of the "view" suite (trusted workspace): what the Chats view shows. Loaded by the
// extension host via extensionTestsPath = out/test/integration/view/view.entry.
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
