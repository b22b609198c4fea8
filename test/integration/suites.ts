// Shared by runInServer.ts and runInElectron.ts: where the repo is and which
// integration suites exist (test/integration/suites.json).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SuiteSpec {
  /** short name, used in output and for the per-suite results folder */
  name: string;
  /** compiled suite entry relative to the repo root (…/index, with or without .js) */
  entry: string;
  /** true: the workspace is trusted (server started with --disable-workspace-trust) */
  trusted: boolean;
  /** written to <workspace>/.vscode/settings.json when given */
  workspaceSettings?: Record<string, unknown>;
}

/** compiled to out/test/integration/, so the repo root is three levels up */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const suitesFile = path.join(repoRoot, 'test', 'integration', 'suites.json');

/** Base folder for test artifacts; each suite gets <base>/<suite name>. Overridable with OK_CHAT_TEST_RESULTS. */
export const resultsBase = process.env.OK_CHAT_TEST_RESULTS
  ? path.resolve(process.env.OK_CHAT_TEST_RESULTS)
  : path.join(repoRoot, 'test-results', 'integration');

export function loadSuites(only: string[] = []): SuiteSpec[] {
  const raw = JSON.parse(fs.readFileSync(suitesFile, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? (raw as unknown[]) : ((raw as { suites?: unknown[] }).suites ?? []);
  const suites = list.map((s, i) => validate(s, i));
  if (only.length === 0) return suites;
  const unknown = only.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  }
  return suites.filter((s) => only.includes(s.name));
}

function validate(s: unknown, i: number): SuiteSpec {
  const o = (s ?? {}) as Partial<SuiteSpec>;
  if (typeof o.name !== 'string' || !/^[\w.-]+$/.test(o.name)) throw new Error(`${suitesFile}: suite #${i}: bad name`);
  if (typeof o.entry !== 'string') throw new Error(`${suitesFile}: suite ${o.name}: entry missing`);
  if (typeof o.trusted !== 'boolean') throw new Error(`${suitesFile}: suite ${o.name}: trusted must be true or false`);
  if (o.workspaceSettings !== undefined && (typeof o.workspaceSettings !== 'object' || o.workspaceSettings === null)) {
    throw new Error(`${suitesFile}: suite ${o.name}: workspaceSettings must be an object`);
  }
  return { name: o.name, entry: o.entry, trusted: o.trusted, ...(o.workspaceSettings ? { workspaceSettings: o.workspaceSettings } : {}) };
}

/** absolute path of the compiled entry, without .js (what extensionTestsPath wants) */
export function entryPath(suite: SuiteSpec): string {
  const abs = path.resolve(repoRoot, suite.entry.replace(/\.js$/, ''));
  if (!fs.existsSync(`${abs}.js`)) {
    throw new Error(`suite ${suite.name}: ${abs}.js does not exist (run: npx tsc -p tsconfig.test.json)`);
  }
  return abs;
}

/** create a fresh workspace folder for a suite, with its .vscode/settings.json */
export function makeWorkspace(parent: string, suite: SuiteSpec): string {
  const ws = path.join(parent, 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  if (suite.workspaceSettings) {
    fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), `${JSON.stringify(suite.workspaceSettings, null, 2)}\n`);
  }
  return ws;
}

/** Counts from mocha's spec-reporter epilogue ("  2 passing (15ms)", "  1 failing", "  1 pending"). */
export class MochaTally {
  passing = 0;
  failing = 0;
  pending = 0;
  seen = false;

  feed(text: string): void {
    for (const line of text.split('\n')) {
      const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
      if (!m) continue;
      this.seen = true;
      const n = Number(m[1]);
      if (m[2] === 'passing') this.passing = n;
      else if (m[2] === 'failing') this.failing = n;
      else this.pending = n;
    }
  }
}
