// Test entry of the "untrusted" suite: the workspace is opened in Restricted
// Mode (the server is started without --disable-workspace-trust).
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
