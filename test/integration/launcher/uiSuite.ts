/**
 * A "ui" suite (suites.json kind "ui"): before the server starts, its script module is loaded, a
 * seeded fake OK server is started and the user settings point the extension at it; once the
 * workbench is open, the script's run(page, ctx) drives it, its steps printed like mocha tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FakeOkServer } from '../../fake-ok/server';
import { repoRoot, scriptPath, type MochaTally, type SuiteSpec } from '../suites';
import { asUiModule, CLEAN_UI_SETTINGS, UiReporter, writeUserSettings, type UiContext, type UiModule } from '../ui/harness';
import { out } from './launcherOutput';

/** What a "ui" suite needs before the server starts: its module, the fake OK server, the user settings. */
export interface UiPrep {
  module: UiModule;
  fake: FakeOkServer;
  fakeLog: fs.WriteStream;
}

export async function prepareUi(suite: SuiteSpec, workspace: string, userDataDir: string, results: string): Promise<UiPrep> {
  const file = scriptPath(suite);
  const mod: unknown = await import(file);
  const module = asUiModule(mod, file);
  const fake = await FakeOkServer.start({ seed: true });
  const fakeLog = fs.createWriteStream(path.join(results, 'fake-ok.log'));
  fake.onRequest = (r) => {
    // the token is in the query: log the path and body only
    fakeLog.write(`${new Date(r.time).toISOString()} ${r.method} ${r.path}${r.rawBody ? ` ${r.rawBody.length > 2000 ? `${r.rawBody.slice(0, 2000)}…` : r.rawBody}` : ''}\n`);
  };
  const userSettings: Record<string, unknown> = { ...CLEAN_UI_SETTINGS, ...suite.userSettings, 'okChat.apiBaseUrl': fake.baseUrl };
  try {
    await module.prepare?.({ workspace, fake, userSettings });
  } catch (e) {
    await fake.close();
    fakeLog.end();
    throw e;
  }
  writeUserSettings(userDataDir, userSettings);
  return { module, fake, fakeLog };
}

/** Stops the fake OK server of a ui suite and closes its log. */
export async function endUi(ui: UiPrep, withTimeout: <T>(p: Promise<T>, ms: number) => Promise<T | undefined>): Promise<void> {
  await withTimeout(ui.fake.close().catch(() => undefined), 5000);
  ui.fakeLog.end();
}

export interface RunningUiScript {
  /** 0 when run() resolved, 1 when it failed. */
  result: Promise<number>;
  reporter: UiReporter;
  /** After a timeout or crash: a late-settling script must not print into the next suite. */
  mute(): void;
}

/** Calls the script's run(page, ctx); its lines go to the browser log, the tally and stdout. */
export function runUiScript(ui: UiPrep, page: Page, suite: SuiteSpec, env: { results: string; workspace: string; userDataDir: string; workbenchUrl: string; browserLog: fs.WriteStream; tally: MochaTally }): RunningUiScript {
  let muted = false;
  const reporter = new UiReporter(suite.name, env.results, (line) => {
    if (muted) return;
    env.browserLog.write(`[ui] ${line}\n`);
    env.tally.feed(line);
    out(line);
  }, () => page);
  const ctx: UiContext = {
    suite: suite.name,
    fake: ui.fake,
    results: env.results,
    repoRoot,
    workspace: env.workspace,
    userDataDir: env.userDataDir,
    workbenchUrl: env.workbenchUrl,
    step: (title, fn) => reporter.step(title, fn),
    log: (message) => reporter.log(message),
  };
  reporter.begin();
  const mod = ui.module;
  const result = (async () => mod.run(page, ctx))()
    .then(
      () => 0,
      (e: unknown) => {
        reporter.fail(e);
        return 1;
      },
    )
    .then((c) => {
      reporter.end();
      return c;
    });
  return { result, reporter, mute: () => (muted = true) };
}
