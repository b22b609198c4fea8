/**
 * What every workbench suite's VS Code does NOT do, because no test needs it and each start of
 * VS Code pays for it on a 2-core machine:
 * - built-in extensions with code (language servers, git, GitHub, debuggers, Copilot, …) are not
 *   loaded at all (VSCODE_SKIP_BUILTIN_EXTENSIONS), except those a suite names in suites.json
 *   `builtins` (vscode.git: the host suite for its git tests, firstrun for the welcome content of
 *   Source Control). Built-ins without code (themes, grammars, language definitions) stay: the UI
 *   suites' screenshots and the snippet image's colours come from them.
 * - the user settings below: no AI features, no telemetry, no extension gallery, no welcome page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** User settings of every workbench suite (a suite's userSettings, and the UI suites' own, override them). */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

interface Manifest {
  name?: unknown;
  publisher?: unknown;
  main?: unknown;
  browser?: unknown;
  extensionDependencies?: unknown;
}

/**
 * The ids of the host's built-in extensions that have code (a `main` or `browser` entry), except
 * `keep` (ids, any case) and what they depend on: the value of VSCODE_SKIP_BUILTIN_EXTENSIONS,
 * which the VS Code server reads when it scans its built-in extensions.
 */
export function builtinsToSkip(vscodeDir: string, keep: readonly string[] = []): string[] {
  const dir = path.join(vscodeDir, 'extensions');
  const manifests = new Map<string, Manifest>();
  for (const name of fs.readdirSync(dir).sort()) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, name, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue; // not an extension folder
    }
    if (typeof manifest.name !== 'string' || typeof manifest.publisher !== 'string') continue;
    manifests.set(`${manifest.publisher}.${manifest.name}`.toLowerCase(), manifest);
  }
  const kept = new Set<string>();
  const visit = (id: string): void => {
    const key = id.toLowerCase();
    if (kept.has(key)) return;
    kept.add(key);
    const deps = manifests.get(key)?.extensionDependencies;
    if (Array.isArray(deps)) for (const dep of deps) if (typeof dep === 'string') visit(dep);
  };
  keep.forEach(visit);
  return [...manifests]
    .filter(([key, m]) => (m.main !== undefined || m.browser !== undefined) && !kept.has(key))
    .map(([, m]) => `${String(m.publisher)}.${String(m.name)}`);
}
