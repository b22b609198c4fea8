// Rendering figures of the conversation page, measured in the real VS Code (its webview's DOM):
// the first page of 50 messages, and 20 older pages of 50 prepended (1 000 messages), 5 runs:
// min and median. Runs the smoke suite's benchmarks (suite/*.bench.ts) instead of its tests.
//
//   npm run bench:conversation
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync(process.execPath, ['out/test/integration/runInServer.js', 'smoke'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, OK_CHAT_TEST_BENCH: '1' },
});
process.exit(run.status ?? 1);
