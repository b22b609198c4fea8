// The contract between runInServer.ts and a UI suite script (suites.json kind "ui").
//
// A UI script runs in the LAUNCHER process (Node, not the extension host). runInServer starts a
// seeded fake OK server, writes the user settings (okChat.apiBaseUrl = the fake), starts the VS
// Code server, opens the real workbench in headless Chromium with our extension loaded
// (extensionDevelopmentPath, no extensionTestsPath), then calls
//
//   export async function run(page: Page, ctx: UiContext): Promise<void>
//
// and optionally, before anything starts,
//
//   export function prepare(setup: UiSetup): void | Promise<void>
//
// The suite passes when run() resolves. Inside run(), wrap each user-visible step in
// ctx.step('title', async () => …): steps are reported like mocha tests ("✔ title (1.2s)"), a
// failing step saves failure-<n>.png to the results folder and stops the suite (later steps depend
// on the earlier ones).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { FakeOkServer } from '../../fake-ok/server';
import { QUIET_SETTINGS } from '../launcher/quietWorkbench';

export interface UiSetup {
  /** the fresh workspace folder the workbench will open (write files into it here) */
  readonly workspace: string;
  /** the seeded fake OK server the extension will talk to */
  readonly fake: FakeOkServer;
  /** the user settings about to be written; add to it (okChat.apiBaseUrl is already set) */
  readonly userSettings: Record<string, unknown>;
}

export interface UiContext {
  /** the suite's name (suites.json) */
  readonly suite: string;
  /** the seeded fake OK server (FakeOkServer.start({ seed: true })); inspect requests/messages */
  readonly fake: FakeOkServer;
  /** this suite's artifacts folder (test-results/integration/<suite>/) */
  readonly results: string;
  readonly repoRoot: string;
  /** the workspace folder opened in the workbench */
  readonly workspace: string;
  /** the server's --user-data-dir (User/settings.json, logs/) */
  readonly userDataDir: string;
  /** the workbench URL that was opened */
  readonly workbenchUrl: string;
  /** a reported step, like a mocha test; rethrows its error (the suite stops there) */
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** a line in the runner's output, indented under the current step */
  log(message: string): void;
}

export interface UiModule {
  run(page: Page, ctx: UiContext): Promise<void>;
  prepare?(setup: UiSetup): void | Promise<void>;
}

export function asUiModule(mod: unknown, file: string): UiModule {
  const m = mod as Partial<UiModule> | null;
  if (!m || typeof m.run !== 'function') throw new Error(`${file} does not export a function run(page, ctx)`);
  if (m.prepare !== undefined && typeof m.prepare !== 'function') throw new Error(`${file}: prepare must be a function`);
  return m as UiModule;
}

/** For README screenshots: the dark theme and a window title bar without the command center and layout controls. */
export const SCREENSHOT_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'window.customTitleBarVisibility': 'never',
  'workbench.layoutControl.enabled': false,
};

/**
 * Settings that keep the workbench quiet and screenshots clean: those of every suite
 * (launcher/quietWorkbench.ts), and no git, no trust prompt, no animations; a suite's userSettings
 * override them.
 */
export const CLEAN_UI_SETTINGS: Readonly<Record<string, unknown>> = {
  ...QUIET_SETTINGS,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'github.gitAuthentication': false,
  'security.workspace.trust.startupPrompt': 'never',
  // no closing animations: a quick input or menu on its way out stays in the page, inert, for
  // 150 ms, where a step that comes right after it would find it
  'workbench.reduceMotion': 'on',
};

export interface StepResult {
  title: string;
  ms: number;
  error?: Error;
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

/**
 * Runs a UI module's steps and prints mocha-spec-like output through `out`, so the runner's
 * MochaTally can count "N passing / N failing" the same way as for the extension-host suites.
 */
export class UiReporter {
  readonly steps: StepResult[] = [];
  /** an error thrown by run() outside any step (counts as one failure) */
  outsideError: Error | undefined;
  private readonly started = Date.now();
  private current: string | undefined;
  private aborted: { title: string; error: Error } | undefined;

  constructor(
    private readonly suite: string,
    private readonly results: string,
    private readonly out: (line: string) => void,
    private readonly page: () => Page | undefined,
  ) {}

  begin(): void {
    this.out('');
    this.out(`  ${this.suite}`);
  }

  async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    this.current = title;
    try {
      const value = await fn();
      const ms = Date.now() - t0;
      this.steps.push({ title, ms });
      this.out(`    \u2714 ${title} (${duration(ms)})`);
      return value;
    } catch (e) {
      const error = toError(e);
      const ms = Date.now() - t0;
      this.steps.push({ title, ms, error });
      const n = this.steps.filter((s) => s.error).length;
      this.out(`    ${n}) ${title}`);
      const page = this.page();
      if (page) {
        // what the user saw, and the DOM to find out why a selector did not match
        const file = path.join(this.results, `failure-${n}.png`);
        await page.screenshot({ path: file, timeout: 5000 }).then(
          () => this.out(`       screenshot: ${file}`),
          () => undefined,
        );
        await page.content().then(
          (html) => fs.writeFileSync(path.join(this.results, `failure-${n}.html`), html),
          () => undefined,
        );
      }
      throw error;
    } finally {
      this.current = undefined;
    }
  }

  /** The suite was cut short (timeout, crash): the running step, if any, counts as failed. */
  abort(reason: string): void {
    this.aborted = { title: this.current ?? '(between steps)', error: new Error(reason) };
    if (this.current) this.out(`    ${this.steps.filter((s) => s.error).length + 1}) ${this.current}`);
  }

  log(message: string): void {
    for (const line of message.split('\n')) this.out(`       ${line}`);
  }

  /** records run()'s rejection unless it came from a failed step (already recorded) */
  fail(e: unknown): void {
    const error = toError(e);
    if (this.steps.some((s) => s.error === error)) return;
    this.outsideError = error;
  }

  get passing(): number {
    return this.steps.filter((s) => !s.error).length;
  }

  get failing(): number {
    return this.steps.filter((s) => s.error).length + (this.outsideError ? 1 : 0) + (this.aborted ? 1 : 0);
  }

  /** mocha's epilogue: "N passing (Xs)", "N failing", then the failures with their stacks */
  end(): void {
    this.out('');
    this.out(`  ${this.passing} passing (${duration(Date.now() - this.started)})`);
    if (this.failing === 0) {
      this.out('');
      return;
    }
    this.out(`  ${this.failing} failing`);
    this.out('');
    const failures = [...this.steps.filter((s) => s.error).map((s) => ({ title: s.title, error: s.error as Error }))];
    if (this.outsideError) failures.push({ title: '(outside any step)', error: this.outsideError });
    if (this.aborted) failures.push(this.aborted);
    failures.forEach((f, i) => {
      this.out(`  ${i + 1}) ${this.suite}`);
      this.out(`       ${f.title}:`);
      const stack = f.error.stack ?? `${f.error.name}: ${f.error.message}`;
      for (const line of stack.split('\n')) this.out(`     ${line}`);
      this.out('');
    });
  }
}

/** Writes (merging with an existing file) <user-data-dir>/User/settings.json. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): string {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // none yet
  }
  fs.writeFileSync(file, `${JSON.stringify({ ...existing, ...settings }, null, 2)}\n`);
  return file;
}

/**
 * A "script" suite (suites.json kind "script"): a module run in the launcher that starts what it
 * tests itself (no VS Code server is started for it), `export async function run(ctx)`.
 */
export interface ScriptContext {
  readonly suite: string;
  /** this suite's artifacts folder (test-results/integration/<suite>/) */
  readonly results: string;
  readonly repoRoot: string;
  /** the Chromium binary (CHROMIUM_PATH or /usr/bin/chromium) */
  readonly chromium: string;
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  log(message: string): void;
  /** the page a failing step screenshots (failure-<n>.png) */
  setPage(page: Page | undefined): void;
  /** runs when the suite ends, however it ends (pass, fail, timeout, Ctrl+C of the runner); last registered first */
  defer(cleanup: () => void | Promise<void>): void;
}

export interface ScriptModule {
  run(ctx: ScriptContext): Promise<void>;
}

export function asScriptModule(mod: unknown, file: string): ScriptModule {
  const m = mod as Partial<ScriptModule> | null;
  if (!m || typeof m.run !== 'function') throw new Error(`${file} does not export a function run(ctx)`);
  return m as ScriptModule;
}

/**
 * Saves a screenshot (of `clip`, else the page) into the results folder and, when
 * OK_CHAT_UPDATE_SCREENSHOTS=1, also into media/screenshots/ for the README (not on every run:
 * pixels differ slightly between runs).
 */
export async function readmeShot(page: Page, ctx: UiContext, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const file = path.join(ctx.results, name);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', ...(clip ? { clip } : {}) });
  if (process.env.OK_CHAT_UPDATE_SCREENSHOTS === '1') {
    const dir = path.join(ctx.repoRoot, 'media', 'screenshots');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(file, path.join(dir, name));
    ctx.log(`screenshot: media/screenshots/${name}`);
  } else {
    ctx.log(`screenshot: ${path.relative(ctx.repoRoot, file)}`);
  }
}
