// Test entry of the "host" suite (trusted workspace), run beside the smoke suite: every seed
// command and upload path against the fake server's answer styles (dialects/), what the Chats
// view and the status bar show (view/), what the extension keeps in global state and shares with
// other windows (state/), links to code and commits in git repositories made in the workspace
// (git/: the suite keeps the built-in git extension, suites.json "builtins"), and OK reached
// through VS Code's proxy support with a test CA (proxy/: suites.json "testCa"). One extension
// host for the five folders: each start of VS Code costs the machine more than most of these
// tests. git/ and proxy/ come last: the repositories they make and the settings they change stay
// out of the other folders' way. Loaded via extensionTestsPath = out/test/integration/host.entry.
import * as path from 'node:path';
import { runMochaIn } from './mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(['dialects', 'view', 'state', 'git', 'proxy'].map((folder) => path.join(__dirname, folder)));
}
