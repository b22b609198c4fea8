// The profile `npm run try` opens (scripts/try.mjs): user settings that point OK Chat at the sandbox,
// and a small workspace to try "Send Selection" on.
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

/** The workspace the profile opens: a folder under `stateDir` with a short Python file. */
export function makeWorkspace(stateDir) {
  const ws = join(stateDir, 'workspace');
  const file = join(ws, 'refunds.py');
  if (!existsSync(file)) {
    mkdirSync(ws, { recursive: true });
    writeFileSync(
      file,
      [
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
      ].join('\n'),
    );
  }
  return ws;
}
