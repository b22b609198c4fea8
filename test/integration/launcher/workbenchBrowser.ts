/**
 * The headless Chromium that shows the workbenches of the suites' VS Code servers: one browser
 * for the whole run, and per suite its own context (storage, permissions) and page, which
 * forwards the extension host's test lines (marked by mochaRunner) and the workbench's log, saves
 * the logs the workbench hands over at the end, and reports the exit code of the test entry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { MochaTally } from '../suites';
import { out } from './launcherOutput';
import { LOG_MARKER } from './vscodeServer';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The run's one Chromium, launched when a suite first asks for it (and again if it went away).
 * Starting a browser costs a few seconds of CPU; a context in a running one almost nothing.
 */
export class SharedBrowser {
  private launched: Promise<Browser> | undefined;

  constructor(private readonly executablePath: string) {}

  get(): Promise<Browser> {
    if (this.launched) return this.launched;
    const launching = chromium.launch({ executablePath: this.executablePath, headless: true, args: CHROMIUM_ARGS });
    this.launched = launching;
    const forget = (): void => {
      if (this.launched === launching) this.launched = undefined;
    };
    launching.then((b) => b.once('disconnected', forget), forget);
    return launching;
  }

  async close(): Promise<void> {
    const launching = this.launched;
    this.launched = undefined;
    const browser = await launching?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }
}

export interface Workbench {
  context: BrowserContext;
  page: Page;
  /** The code the workbench reports through codeAutomationExit (the test entry's run(): 0 resolved, 1 rejected). */
  exitCode: Promise<number>;
  /** Resolves with why, when the page crashes or the browser goes away. */
  crashed: Promise<string>;
  /** When the extension host's first test line arrived (mocha suites; Date.now()). */
  firstTestLine: Promise<number>;
}

export interface WorkbenchLogs {
  results: string;
  browserLog: fs.WriteStream;
  tally: MochaTally;
  /** Also print the workbench's own log lines. */
  verbose: boolean;
}

/** Opens a context and its page in the shared browser; `onOpen` gets the context, then the page, at once (so that they are closed even if what follows fails). */
export async function openWorkbench(shared: SharedBrowser, logs: WorkbenchLogs, onOpen: (c: BrowserContext, p?: Page) => void): Promise<Workbench> {
  const browser = await shared.get();
  // reading the clipboard is allowed, as a user of VS Code in a browser would allow it when asked
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  onOpen(context);
  const page = await context.newPage();
  onOpen(context, page);
  const { results, browserLog, tally } = logs;

  let resolveExit: (code: number) => void = () => undefined;
  let resolveFirstLine: (at: number) => void = () => undefined;
  const firstTestLine = new Promise<number>((r) => (resolveFirstLine = r));
  const exitCode = new Promise<number>((r) => (resolveExit = r));
  // The workbench's log, which includes the extension host's console: (level, args of the log call)
  await page.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
    const args: unknown[] = Array.isArray(message) ? message : [message];
    const text = args.length === 1 && typeof args[0] === 'string' ? args[0] : format(...args);
    if (text.startsWith(LOG_MARKER)) {
      const body = text.slice(LOG_MARKER.length);
      resolveFirstLine(Date.now());
      browserLog.write(`[exthost] ${body}\n`);
      tally.feed(body);
      out(body);
    } else {
      browserLog.write(`[${String(level)}] ${text}\n`);
      if (logs.verbose) out(`[workbench ${String(level)}] ${text}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (c: unknown, files: unknown) => {
    if (Array.isArray(files)) {
      for (const l of files as { relativePath?: string; contents?: string }[]) {
        if (typeof l.relativePath !== 'string' || typeof l.contents !== 'string') continue;
        const dest = path.join(results, 'workbench-logs', l.relativePath);
        if (!dest.startsWith(results)) continue;
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.writeFileSync(dest, l.contents);
      }
    }
    resolveExit(typeof c === 'number' ? c : 1);
  });
  page.on('console', (m) => browserLog.write(`[console.${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e.message}\n`));
  const crashed = new Promise<string>((r) => {
    page.once('crash', () => r('browser page crashed'));
    const disconnected = (): void => r('browser disconnected');
    browser.once('disconnected', disconnected);
    context.once('close', () => browser.off('disconnected', disconnected));
  });
  return { context, page, exitCode, crashed, firstTestLine };
}

/**
 * The workbench URL: the workspace folder, the extension under development, and (for a mocha
 * suite) the test entry the extension host runs.
 */
export function workbenchUrl(base: string, port: number, repoRoot: string, workspace: string, entry: string | undefined): string {
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repoRoot}`],
    // a UI suite drives the workbench itself: no test entry in the extension host
    ...(entry === undefined ? [] : [['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${entry}`]]),
    ['skipWelcome', 'true'],
  ];
  return `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
