// Test entry of the "host" suite (trusted workspace), run beside the smoke suite: every seed
// command and upload path against the fake server's answer styles (dialects/), what the Chats
// view and the status bar show (view/), and what the extension keeps in global state and shares
// with other windows (state/). One extension host for the three folders: each start of VS Code
// costs the machine more than most of these tests. Loaded via extensionTestsPath =
// out/test/integration/host.entry.
import * as path from 'node:path';
import { runMochaIn } from './mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(['dialects', 'view', 'state'].map((folder) => path.join(__dirname, folder)));
}
