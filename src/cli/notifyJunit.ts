/**
 * `ok-chat notify --junit <file|glob>`: the failed tests of JUnit XML reports, for the message
 * ({failedTests}). Loaded only when --junit is given (it brings the XML parser and the glob).
 *
 * A failure gets a link when one of the places its report names (see src/core/notify/junit.ts) is
 * a file of the repository (`git ls-files`): the lines' page at the built commit, the same links
 * as snippets (src/core/model/gitHosts.ts). A path outside the repository, or one git does not
 * track, gets none.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { detectCi, linesUrlFor, repositoryPage, type BuildFinding, type BuildFindings, type Env } from '../core';
import { FINDINGS_SHOWN } from '../core/notify/buildFindings';
import { isNotJunit, junitFindings, mergeJunit, readJunit, type JunitFailure, type JunitPlace, type JunitReport } from '../core/notify/junit';
import { childProcess } from './lazyNodeModules';

// Its CommonJS build: the ES module's dependency (fdir) finds its own require through import.meta,
// which a CommonJS bundle does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { glob, isDynamicPattern } = require('tinyglobby') as typeof import('tinyglobby');

/** A report larger than this is not read (a JUnit file of the failures of one run is far smaller). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export interface JunitOptions {
  cwd: string;
  env: Env;
  /** Warnings, one line each. */
  err: (line: string) => void;
  /** The commit built (--commit or the CI's); without it, git's HEAD. */
  commit?: string;
}

/** The findings of the reports the patterns name, or undefined when none could be read (each reason on `err`). */
export async function junitFromFiles(patterns: readonly string[], options: JunitOptions): Promise<BuildFindings | undefined> {
  const files = await reportFiles(patterns, options);
  const reports: JunitReport[] = [];
  for (const file of files) {
    const shown = displayPath(file, options.cwd);
    let content: string;
    try {
      const stat = await fs.stat(file);
      if (stat.size > MAX_REPORT_BYTES) {
        options.err(`warning: --junit: ${shown} is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB; not read.`);
        continue;
      }
      content = await fs.readFile(file, 'utf8');
    } catch (e) {
      options.err(`warning: --junit: could not read ${shown}: ${(e as Error).message}`);
      continue;
    }
    const read = readJunit(content);
    if (isNotJunit(read)) options.err(`warning: --junit: ${shown} is not a JUnit XML report: ${read.notJunit}. The message goes without it.`);
    else reports.push(read);
  }
  if (reports.length === 0) return undefined;
  const report = mergeJunit(reports);
  const shownFailures = new Set(report.failures.slice(0, FINDINGS_SHOWN));
  const places = shownFailures.size ? await repositoryPlaces(options) : undefined;
  return junitFindings(report, (f) => (places && shownFailures.has(f) ? places(f) : undefined));
}

/** The files the patterns name: a file as it is, a folder's XML files, a glob's files; each once, in order. */
async function reportFiles(patterns: readonly string[], options: JunitOptions): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of patterns) {
    const literal = path.resolve(options.cwd, pattern);
    const stat = await fs.stat(literal).catch(() => undefined);
    let files: string[];
    if (stat?.isFile()) files = [literal];
    else if (stat?.isDirectory()) files = await glob('**/*.xml', { cwd: literal, absolute: true, onlyFiles: true });
    else if (isDynamicPattern(pattern)) {
      // globs use forward slashes, also on Windows
      files = await glob(process.platform === 'win32' ? pattern.replace(/\\/g, '/') : pattern, { cwd: options.cwd, absolute: true, onlyFiles: true });
    } else files = [];
    if (files.length === 0) options.err(`warning: --junit: no file ${stat?.isDirectory() ? `ending in .xml in ${pattern}` : `matches ${pattern}`}.`);
    found.push(...files.map((f) => path.resolve(f)).sort());
  }
  return [...new Set(found)];
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function git(args: string[], cwd: string, env: Env): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      childProcess().execFile('git', args, { cwd, env: { ...env }, timeout: 10_000, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) => resolve(error ? undefined : String(stdout)));
    } catch {
      resolve(undefined);
    }
  });
}

/**
 * How a failure's places become a file of the repository and its link, or undefined outside a
 * git repository. The repository's web page comes from the CI, else from the remote "origin".
 */
async function repositoryPlaces(options: JunitOptions): Promise<((failure: JunitFailure) => Pick<BuildFinding, 'path' | 'line' | 'url'> | undefined) | undefined> {
  const { cwd, env } = options;
  const root = (await git(['rev-parse', '--show-toplevel'], cwd, env))?.trim();
  if (!root) return undefined;
  const ci = detectCi(env);
  const [listed, head, origin] = await Promise.all([
    git(['ls-files', '-z'], root, env),
    options.commit ? undefined : git(['rev-parse', 'HEAD'], root, env),
    ci?.repositoryUrl ? undefined : git(['remote', 'get-url', 'origin'], root, env),
  ]);
  const files = new RepositoryFiles((listed ?? '').split('\0').filter(Boolean));
  const commit = options.commit ?? head?.trim();
  const page = repositoryPage(ci?.repositoryUrl ?? origin?.trim());
  // the folder the command runs in, from the repository's root (git's own spelling of the root)
  const realCwd = await fs.realpath(cwd).catch(() => cwd);
  const here = path.relative(root, realCwd).split(path.sep).join('/');
  return (failure) => {
    for (const place of failure.places) {
      const file = files.resolve(place, root, here.startsWith('..') ? '' : here);
      if (!file) continue;
      const url = page && commit && place.line ? linesUrlFor({ repository: page, path: file, startLine: place.line, endLine: place.line, ref: { commit } }, ci?.provider) : undefined;
      return { path: file, ...(place.line ? { line: place.line } : {}), ...(url ? { url } : {}) };
    }
    return undefined;
  };
}

/** The files git tracks, found by a place's path: as written, from the working folder, or by the end of their path when that names one file only. */
export class RepositoryFiles {
  private readonly all: Set<string>;
  private readonly byName = new Map<string, string[]>();

  constructor(files: readonly string[]) {
    this.all = new Set(files);
    for (const f of files) {
      const name = f.slice(f.lastIndexOf('/') + 1);
      const list = this.byName.get(name);
      if (list) list.push(f);
      else this.byName.set(name, [f]);
    }
  }

  /** The repository's path of a place, or undefined (not a file of the repository, or more than one could be meant). */
  resolve(place: JunitPlace, root: string, here: string): string | undefined {
    const written = place.path.replace(/^file:\/\//, '').replace(/\\/g, '/');
    const absolute = written.startsWith('/') || /^[A-Za-z]:\//.test(written);
    if (absolute) {
      const rel = path.relative(root, written).split(path.sep).join('/');
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && this.all.has(rel)) return rel;
    } else if (!place.folder) {
      const clean = path.posix.normalize(written).replace(/^\.\//, '');
      if (clean.startsWith('..')) return undefined; // outside the folder it was written from: not guessed
      const fromHere = here ? path.posix.join(here, clean) : clean;
      if (this.all.has(fromHere)) return fromHere;
      if (this.all.has(clean)) return clean;
    }
    // By the end of the path: a Java package or Go package path with the file's name, or the last
    // folders of a path written on another machine (/app/src/a.ts for src/a.ts).
    const parts = [...(place.folder ? place.folder.split('/') : []), ...written.split('/')].filter((p) => p && p !== '.' && p !== '..' && !/^[A-Za-z]:$/.test(p));
    const name = parts[parts.length - 1];
    const candidates = name ? this.byName.get(name) : undefined;
    if (!candidates) return undefined;
    // at least one folder with the name, unless the report gave the name alone
    const shortest = parts.length === 1 ? 1 : 2;
    for (let n = parts.length; n >= shortest; n--) {
      const suffix = parts.slice(-n).join('/');
      const matches = candidates.filter((f) => f === suffix || f.endsWith(`/${suffix}`));
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) return undefined;
    }
    return undefined;
  }
}
