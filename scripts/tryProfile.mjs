// The profile `npm run try` opens (scripts/try.mjs): user settings that point OK Chat at the sandbox,
// and a small workspace (its own git repository) to try "Send Selection" and build notifications on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The profile's user settings: okChat.apiBaseUrl at the sandbox, and a quiet first start. */
export function writeUserSettings(userDataDir, baseUrl) {
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  let settings = {};
  try {
    settings = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first run (or hand-edited with comments: start over, it is only this profile)
  }
  Object.assign(settings, {
    'okChat.apiBaseUrl': baseUrl,
    'workbench.startupEditor': 'welcomePage',
    'workbench.welcomePage.walkthroughs.openOnInstall': true,
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
  });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** The sample repository's remote: permalinks to lines and commits show as on a GitHub project. */
export const SAMPLE_REMOTE = 'https://github.com/ok-chat-sandbox/payments-service.git';

const SAMPLE_FILES = {
  'refunds.py': [
    '# Select a few lines, right-click → "OK Chat: Send Selection to Chat".',
    'from decimal import Decimal',
    '',
    '',
    'def refund(captured: Decimal, refunded: Decimal, amount: Decimal) -> Decimal:',
    '    left = captured - refunded',
    '    if amount > left:',
    '        raise ValueError(f"cannot refund {amount}: only {left} left")',
    '    return refunded + amount',
    '',
  ],
  'check.js': [
    '// The build of this sample: a check that fails on purpose, so that a build notification has',
    '// something to report. Run it as the build task (Terminal → Run Build Task…) or type',
    '// `node check.js` in a terminal.',
    "const assert = require('node:assert/strict');",
    '',
    'function refund(captured, refunded, amount) {',
    '  const left = captured - refunded;',
    '  return refunded + amount; // the check below finds the missing "amount > left" test',
    '}',
    '',
    'function checkRefunds() {',
    "  assert.throws(() => refund(10, 8, 5), /only 2 left/, 'a refund larger than what is left must be refused');",
    '}',
    '',
    "console.log('checking refunds…');",
    'checkRefunds();',
    '',
  ],
  '.vscode/tasks.json': [
    '{',
    '  // "OK Chat: Add Build Notification Rule…" lists these tasks; "build" fails on purpose.',
    '  "version": "2.0.0",',
    '  "tasks": [',
    '    {',
    '      "label": "build",',
    '      "type": "process",',
    '      "command": "node",',
    '      "args": ["check.js"],',
    '      "group": { "kind": "build", "isDefault": true },',
    '      "problemMatcher": []',
    '    }',
    '  ]',
    '}',
    '',
  ],
};

function git(cwd, args) {
  const r = spawnSync('git', ['-c', 'user.name=OK Chat sandbox', '-c', 'user.email=sandbox@ok-chat.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`git ${args.join(' ')}: ${(r.error?.message ?? r.stderr).trim()}`);
  return r.stdout.trim();
}

/**
 * Makes the sample its own git repository, committed, with a remote whose branch has the commit
 * (as after a push): links to lines and a build's commit show, and VS Code does not offer to open
 * the repository of a folder above it. Without git, the folder stays a plain folder.
 */
function makeRepository(ws) {
  if (existsSync(join(ws, '.git'))) return;
  try {
    git(ws, ['init', '--quiet']);
    git(ws, ['checkout', '--quiet', '-B', 'main']);
    git(ws, ['add', '--all']);
    git(ws, ['commit', '--quiet', '-m', 'Refunds: refuse more than what is left (the check still fails)']);
    git(ws, ['remote', 'add', 'origin', SAMPLE_REMOTE]);
    git(ws, ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    git(ws, ['branch', '--quiet', '--set-upstream-to=origin/main', 'main']);
  } catch (e) {
    console.error(`try: the sample workspace is not a git repository (${e.message}); links to code will not show.`);
  }
}

/**
 * The workspace the profile opens: a folder under `stateDir`, its own git repository, with a short
 * Python file to try "Send Selection" on and a build task that fails to try build notifications on.
 */
export function makeWorkspace(stateDir) {
  const ws = join(stateDir, 'workspace');
  for (const [name, lines] of Object.entries(SAMPLE_FILES)) {
    const file = join(ws, name);
    if (existsSync(file)) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines.join('\n'));
  }
  makeRepository(ws);
  return ws;
}
