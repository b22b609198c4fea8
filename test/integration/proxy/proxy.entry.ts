// Test entry of the "proxy" suite: OK Chat reaches OK through VS Code's own proxy support (the
// extension host's global fetch), in the real host. Needs the test CA of the launcher (suites.json
// testCa: NODE_EXTRA_CA_CERTS and OK_CHAT_TEST_PKI). Loaded via extensionTestsPath.
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
