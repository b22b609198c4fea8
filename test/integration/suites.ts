// Shared by runInServer.ts and runInElectron.ts: where the repo is and which
// integration suites exist (test/integration/suites.json).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * - "mocha" (default): `entry` is a compiled suite entry (<suite>.entry.ts) whose `run()` the extension host
 *   loads as extensionTestsPath; the tests run inside VS Code.
 * - "ui": `script` is a compiled module run in the LAUNCHER process (runInServer only) with a
 *   Playwright page of the real workbench: `export function run(page, ctx)`; see ui/harness.ts.
 * - "script": `script` is a compiled module run in the LAUNCHER (runInServer only) that starts
 *   whatever it tests itself (e.g. the real `npm run try`): `export function run(ctx)`; see
 *   ScriptContext in ui/harness.ts. No VS Code server is started for it.
 */
export type SuiteKind = 'mocha' | 'ui' | 'script';

export interface SuiteSpec {
  /** short name, used in output and for the per-suite results folder */
  name: string;
  kind: SuiteKind;
  /** kind "mocha": compiled suite entry relative to the repo root (…/<suite>.entry, with or without .js) */
  entry?: string;
  /** kind "ui" / "script": compiled script relative to the repo root (…/x.ui.js, with or without .js) */
  script?: string;
  /** kind "script": its hard timeout in seconds, when longer than OK_CHAT_TEST_TIMEOUT (default 180) */
  timeout?: number;
  /** true: the workspace is trusted (server started with --disable-workspace-trust) */
  trusted: boolean;
  /** written to <workspace>/.vscode/settings.json when given */
  workspaceSettings?: Record<string, unknown>;
  /** runInServer: merged into <user-data-dir>/User/settings.json before the server starts */
  userSettings?: Record<string, unknown>;
  /** name of the workspace folder (default "workspace"); it shows in the explorer and title */
  workspaceName?: string;
  /**
   * VS Code's display language, e.g. "ru" (default: English). Both launchers start VS Code with
   * `--locale` and an empty language pack for it (see {@link useLocale}).
   */
  locale?: string;
  /**
   * runInServer: make a throw-away test CA and a server certificate (for 127.0.0.1, localhost and
   * ok.test) before the server starts; the server gets NODE_EXTRA_CA_CERTS (the CA), SSL_CERT_FILE
   * (a copy of the system's CA bundle with the CA added: "the CA is in the operating system's
   * store") and OK_CHAT_TEST_PKI (the folder with ca.pem, server.key, server.pem).
   */
  testCa?: boolean;
  /**
   * runInServer: the built-in extensions with code this suite needs (ids, e.g. "vscode.git"); the
   * others are not loaded (see launcher/quietWorkbench.ts). Built-ins without code always load.
   */
  builtins?: string[];
}

/** compiled to out/test/integration/, so the repo root is three levels up */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const suitesFile = path.join(repoRoot, 'test', 'integration', 'suites.json');

/** Base folder for test artifacts; each suite gets <base>/<suite name>. Overridable with OK_CHAT_TEST_RESULTS. */
export const resultsBase = process.env.OK_CHAT_TEST_RESULTS
  ? path.resolve(process.env.OK_CHAT_TEST_RESULTS)
  : path.join(repoRoot, 'test-results', 'integration');

/**
 * The suites of suites.json, or only the named ones. `kinds` says which kinds the caller can run
 * (default: only "mocha", which both launchers run; runInServer passes ['mocha', 'ui']). Suites
 * of other kinds are skipped with a note when running everything, and are an error when named.
 */
export function loadSuites(only: string[] = [], kinds: readonly SuiteKind[] = ['mocha']): SuiteSpec[] {
  const raw = JSON.parse(fs.readFileSync(suitesFile, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? (raw as unknown[]) : ((raw as { suites?: unknown[] }).suites ?? []);
  const suites = list.map((s, i) => validate(s, i));
  if (only.length === 0) {
    const skipped = suites.filter((s) => !kinds.includes(s.kind));
    if (skipped.length > 0) {
      process.stderr.write(`[suites] skipping ${skipped.map((s) => `${s.name} (kind ${s.kind})`).join(', ')}: this launcher runs only ${kinds.join(', ')} suites; use runInServer.js\n`);
    }
    return suites.filter((s) => kinds.includes(s.kind));
  }
  const unknown = only.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  }
  const chosen = suites.filter((s) => only.includes(s.name));
  const wrongKind = chosen.filter((s) => !kinds.includes(s.kind));
  if (wrongKind.length > 0) {
    throw new Error(`suite(s) ${wrongKind.map((s) => `${s.name} (kind ${s.kind})`).join(', ')} cannot run here: this launcher runs only ${kinds.join(', ')} suites (UI suites run with runInServer.js)`);
  }
  return chosen;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validate(s: unknown, i: number): SuiteSpec {
  const o = (s ?? {}) as Partial<Record<keyof SuiteSpec, unknown>>;
  if (typeof o.name !== 'string' || !/^[\w.-]+$/.test(o.name)) throw new Error(`${suitesFile}: suite #${i}: bad name`);
  const name = o.name;
  const kind = o.kind ?? 'mocha';
  if (kind !== 'mocha' && kind !== 'ui' && kind !== 'script') throw new Error(`${suitesFile}: suite ${name}: kind must be "mocha", "ui" or "script"`);
  if (kind === 'mocha' && typeof o.entry !== 'string') throw new Error(`${suitesFile}: suite ${name}: entry missing`);
  if (kind !== 'mocha' && typeof o.script !== 'string') throw new Error(`${suitesFile}: suite ${name}: script missing (kind ${kind})`);
  if (o.timeout !== undefined && (typeof o.timeout !== 'number' || !(o.timeout > 0))) throw new Error(`${suitesFile}: suite ${name}: timeout must be a number of seconds`);
  if (typeof o.trusted !== 'boolean') throw new Error(`${suitesFile}: suite ${name}: trusted must be true or false`);
  for (const key of ['workspaceSettings', 'userSettings'] as const) {
    if (o[key] !== undefined && !isPlainObject(o[key])) throw new Error(`${suitesFile}: suite ${name}: ${key} must be an object`);
  }
  if (o.locale !== undefined && (typeof o.locale !== 'string' || !/^[a-z]{2,3}(?:-[a-z0-9]+)*$/i.test(o.locale))) {
    throw new Error(`${suitesFile}: suite ${name}: locale must be a language tag like "ru" or "pt-br"`);
  }
  if (o.workspaceName !== undefined && (typeof o.workspaceName !== 'string' || !/^[\w.-]+$/.test(o.workspaceName))) {
    throw new Error(`${suitesFile}: suite ${name}: workspaceName must be a plain folder name`);
  }
  const spec: SuiteSpec = { name, kind, trusted: o.trusted };
  if (typeof o.entry === 'string') spec.entry = o.entry;
  if (typeof o.script === 'string') spec.script = o.script;
  if (typeof o.timeout === 'number') spec.timeout = o.timeout;
  if (isPlainObject(o.workspaceSettings)) spec.workspaceSettings = o.workspaceSettings;
  if (isPlainObject(o.userSettings)) spec.userSettings = o.userSettings;
  if (typeof o.workspaceName === 'string') spec.workspaceName = o.workspaceName;
  if (typeof o.locale === 'string') spec.locale = o.locale.toLowerCase();
  if (o.testCa === true) spec.testCa = true;
  if (o.builtins !== undefined) {
    if (!Array.isArray(o.builtins) || !o.builtins.every((id) => typeof id === 'string' && /^[\w-]+\.[\w.-]+$/.test(id))) {
      throw new Error(`${suitesFile}: suite ${name}: builtins must be a list of extension ids like "vscode.git"`);
    }
    spec.builtins = o.builtins as string[];
  }
  return spec;
}

function compiled(suite: SuiteSpec, rel: string): string {
  const abs = path.resolve(repoRoot, rel.replace(/\.js$/, ''));
  if (!fs.existsSync(`${abs}.js`)) {
    throw new Error(`suite ${suite.name}: ${abs}.js does not exist (run: npx tsc -p tsconfig.test.json)`);
  }
  return abs;
}

/** absolute path of the compiled entry of a "mocha" suite, without .js (what extensionTestsPath wants) */
export function entryPath(suite: SuiteSpec): string {
  if (suite.kind !== 'mocha' || suite.entry === undefined) throw new Error(`suite ${suite.name} is of kind ${suite.kind}: it has no extension-host entry`);
  return compiled(suite, suite.entry);
}

/** absolute path of the compiled script of a "ui" or "script" suite, with .js (for require) */
export function scriptPath(suite: SuiteSpec): string {
  if (suite.kind === 'mocha' || suite.script === undefined) throw new Error(`suite ${suite.name} is of kind ${suite.kind}: it has no script`);
  return `${compiled(suite, suite.script)}.js`;
}

/**
 * Makes VS Code start in `locale`; returns the launch arguments. VS Code switches its display
 * language only to a language whose language pack is installed, and none can be downloaded here.
 * An empty pack is enough: the workbench's own texts stay English (the pack translates nothing),
 * but `vscode.env.language`, and so extensions' package.nls.<locale>.json and
 * l10n/bundle.l10n.<locale>.json, follow the locale. VS Code (desktop and server) looks language
 * packs up in <user-data-dir>/languagepacks.json.
 */
export function useLocale(parent: string, userDataDir: string, locale: string): string[] {
  if (locale === 'en' || locale.startsWith('en-')) return ['--locale', locale];
  const translations = path.join(parent, `language-pack-${locale}`, 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    hash: `ok-chat-test-${locale}`,
    extensions: [{ extensionIdentifier: { id: `ok-chat-test.language-pack-${locale}` }, version: '0.0.0' }],
    translations: { vscode: translations },
    label: locale,
  };
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
  return ['--locale', locale];
}

/** create a fresh workspace folder for a suite, with its .vscode/settings.json */
export function makeWorkspace(parent: string, suite: SuiteSpec): string {
  const ws = path.join(parent, suite.workspaceName ?? 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  if (suite.workspaceSettings) {
    fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), `${JSON.stringify(suite.workspaceSettings, null, 2)}\n`);
  }
  return ws;
}

/**
 * Counts from mocha's spec-reporter epilogue ("  2 passing (15ms)", "  1 failing", "  1 pending"),
 * and the failures it lists after "N failing" (kept so the launcher can repeat them at the end).
 */
export class MochaTally {
  passing = 0;
  failing = 0;
  pending = 0;
  seen = false;
  /** the epilogue's lines from "N failing" on (at most {@link MochaTally.maxFailureLines}) */
  readonly failures: string[] = [];
  static readonly maxFailureLines = 60;
  private inFailures = false;

  feed(text: string): void {
    for (const line of text.split('\n')) {
      const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
      if (m) {
        this.seen = true;
        const n = Number(m[1]);
        if (m[2] === 'passing') this.passing = n;
        else if (m[2] === 'failing') this.failing = n;
        else this.pending = n;
        this.inFailures = m[2] === 'failing';
        if (!this.inFailures) continue;
      }
      if (this.inFailures && this.failures.length < MochaTally.maxFailureLines) this.failures.push(line);
    }
  }
}
