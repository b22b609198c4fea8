/** `ok-chat notify`: the result of a build, test run or deployment, by the --when rule. */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  buildLinkButtons,
  NOTIFY_WHEN,
  commitUrlFor,
  detectCi,
  describeUnknownTemplateVariables,
  formatBuildMessage,
  isNotifyWhen,
  prUrlFor,
  safeUrl,
  shouldNotify,
  splitMessage,
  statusToRemember,
  type BuildResult,
  type CiInfo,
  type NotifyWhen,
} from '../core';
import { NOTIFY_OPTIONS, chatOption, durationOption, normalizeArgs, parseCount, parseStatus } from './arguments';
import { connect, tokenFrom } from './cliConnection';
import type { Ctx } from './cliContext';
import { EXIT, UsageError } from './exitCodes';
import { defaultStateLocation, isBuildStatus, readState, stateKey, writeState, type StateLocation } from './notifyState';
import { NotifyStory } from './notifyStory';
import { readAll, readTail } from './readInput';
import { timeoutOption } from './runDeadline';
import { detectBranch, detectWorkspace } from './workspaceInfo';

export async function cmdNotify(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('notify', args, NOTIFY_OPTIONS), strict: true, allowPositionals: false, options: NOTIFY_OPTIONS });
  const chat = chatOption(values.chat);
  if (values.status === undefined) throw new UsageError('--status is required: an exit code (e.g. --status $?) or success, failure, cancelled.');
  const { status, exitCode } = parseStatus(values.status);
  const name = values.name?.trim() || 'build';
  const when: NotifyWhen = (values.when ?? 'always').trim().toLowerCase() as NotifyWhen;
  if (!isNotifyWhen(when)) throw new UsageError(`--when must be one of ${NOTIFY_WHEN.join(', ')}, not "${values.when}".`);
  const durationMs = values.duration === undefined ? undefined : durationOption(values.duration);
  const maxLength = parseCount(values['max-length'], '--max-length', 20, 100_000) ?? DEFAULT_MAX_MESSAGE_LENGTH;
  const outputFile = values['output-file'];
  const outputLines = parseCount(values['output-lines'], '--output-lines', 0, 10_000) ?? (outputFile ? 20 : 0);
  if (values['output-lines'] !== undefined && !outputFile) throw new UsageError('--output-lines needs --output-file (the log to take the lines from).');
  const template = values.template === undefined ? undefined : values.template.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  if (template !== undefined && template.trim() === '') throw new UsageError('--template is empty.');
  const unknownVariables = template === undefined ? undefined : describeUnknownTemplateVariables(template);
  if (unknownVariables) ctx.err(`warning: --template: ${unknownVariables}`);
  const dryRun = values['dry-run'] === true;
  const timeoutMs = timeoutOption(values.timeout);
  const where = ciOptions(values, ctx.env);

  // Check the configuration on every run, not only on the runs that send something.
  const conn = dryRun ? undefined : (ctx.conn = connect(ctx.env, timeoutMs, ctx.err));

  const tracking = when === 'change' || values['state-file'] !== undefined;
  const stateFile: StateLocation | undefined = !tracking
    ? undefined
    : values['state-file']
      ? { file: path.resolve(ctx.cwd, values['state-file']) }
      : defaultStateLocation(chat, name, ctx.cwd, ctx.env);
  if (tracking && !stateFile) ctx.err('no cache folder for the state (no home folder): the previous status is unknown. --state-file <path> chooses a file.');
  const state = stateFile ? await readState(stateFile, ctx.err) : undefined;
  const key = stateKey(chat, name);
  const remembered = state?.builds[key]?.status;
  const previous = isBuildStatus(remembered) ? remembered : undefined;
  const decision = shouldNotify(when, status, previous);
  const story = await NotifyStory.open(values, { chat, name, status, dryRun, cwd: ctx.cwd, env: ctx.env, err: ctx.err, location: stateFile, state });

  const remember = async () => {
    if (!state || !stateFile || dryRun) return;
    const next = statusToRemember(status, previous);
    if (!next) return;
    state.builds[key] = { status: next, updatedAt: new Date().toISOString() };
    await writeState(stateFile, state, ctx.err);
  };

  const notSending = decision.notify ? undefined : `${decision.reason ?? 'the --when rule says so'} (--when ${when})`;
  if (notSending !== undefined && !story.settles) {
    ctx.err(`not sending: ${notSending}.`);
    await remember();
    return EXIT.ok;
  }

  let output: string | undefined;
  if (outputFile && status === 'failure' && outputLines > 0) {
    try {
      output = outputFile === '-' ? await readAll(ctx.io.stdin) : await readTail(path.resolve(ctx.cwd, outputFile));
    } catch (e) {
      ctx.err(`could not read the output file ${outputFile}: ${(e as Error).message}; sending without output.`);
    }
  }
  const [branch, workspace] = await Promise.all([
    values.branch !== undefined ? values.branch.trim() || undefined : detectBranch(ctx.env, ctx.cwd, where.branch),
    values.workspace !== undefined ? values.workspace.trim() || undefined : detectWorkspace(ctx.env, ctx.cwd),
  ]);
  const { runUrl, commit, commitUrl, author, pr } = where;
  // --junit: the failed tests (the XML parser and the glob load only then)
  const findings = values.junit?.length && status === 'failure' ? await (await import('./notifyJunit')).junitFromFiles(values.junit, { cwd: ctx.cwd, env: ctx.env, err: ctx.err, commit }) : undefined;
  const result: BuildResult = { name, status, exitCode, durationMs, branch, workspace, runUrl, commit, commitUrl, author, pr, output, findings, finishedAt: new Date(), kind: 'ci' };
  const message = formatBuildMessage(result, {
    template,
    transition: tracking ? decision.transition : undefined,
    outputLines,
    maxLength,
    secrets: [tokenFrom(ctx.env)],
    // the log's paths as the team reads them: relative to where the build ran, the home folder as ~
    paths: { workspace: ctx.cwd, home: ctx.env.HOME || ctx.env.USERPROFILE || os.homedir() },
  });
  const parts = splitMessage(message, maxLength);
  const buttons = values['no-buttons'] === true ? [] : buildLinkButtons(where, status);
  if (!conn) {
    ctx.out(`${parts.join('\n\n')}\n`); // --dry-run
    for (const b of buttons) ctx.err(`button: ${b.text} → ${b.url}`);
    story.dryRunNote();
    return EXIT.ok;
  }
  await story.send(conn, ctx.out, { message, parts, buttons, maxLength, notSending });
  await remember();
  return EXIT.ok;
}

interface CiOptionValues {
  'run-url'?: string;
  commit?: string;
  'commit-url'?: string;
  author?: string;
  pr?: string;
}

/** An option that may be empty (`--author ""`: show none): undefined when not given, '' when empty. */
function given(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.trim();
}

function urlOption(value: string | undefined, option: string): string | undefined {
  if (!value) return undefined;
  const url = safeUrl(value);
  if (!url) throw new UsageError(`${option} must be an http(s) URL, not "${value}".`);
  return url; // without a user name or password, should one be in it
}

/** The page of another commit than the CI's: its link with the id swapped, else one made from the repository's address. */
function otherCommitUrl(ci: CiInfo | undefined, commit: string): string | undefined {
  if (!commit || !ci) return undefined;
  if (ci.commit && ci.commitUrl?.includes(ci.commit) && /^[0-9a-f]{7,64}$/i.test(commit)) return ci.commitUrl.split(ci.commit).join(commit);
  return commitUrlFor(ci.repositoryUrl, commit);
}

/**
 * Where to look: the CI's run, commit, author and PR (see src/core/notify/ciEnvironment.ts),
 * each replaced by its option when given (an empty option shows none).
 */
function ciOptions(values: CiOptionValues, env: Ctx['env']): { runUrl?: string; commit?: string; commitUrl?: string; author?: string; pr?: string; prUrl?: string; branch?: string } {
  const ci = detectCi(env);
  const runUrl = given(values['run-url']);
  const commit = given(values.commit);
  const commitUrl = given(values['commit-url']);
  const author = given(values.author);
  const pr = given(values.pr);
  if (pr && !/^[#!]?\d+$/.test(pr)) throw new UsageError(`--pr must be a pull request number (42 or #42), not "${values.pr}".`);
  const sha = commit ?? ci?.commit;
  const prNumber = pr === undefined ? ci?.pr : pr.replace(/^[#!]/, '') || undefined;
  return {
    runUrl: runUrl === undefined ? ci?.runUrl : urlOption(runUrl, '--run-url'),
    commit: sha || undefined,
    // Another commit than the CI's gets its link from the repository's address, when known.
    commitUrl:
      commitUrl !== undefined
        ? urlOption(commitUrl, '--commit-url')
        : commit === undefined
          ? ci?.commitUrl
          : otherCommitUrl(ci, commit),
    author: author === undefined ? ci?.author : author || undefined,
    pr: prNumber,
    // Another request than the CI's gets its link from the repository's address, when known.
    prUrl: !prNumber ? undefined : prNumber === ci?.pr ? ci.prUrl : prUrlFor(ci?.repositoryUrl, prNumber, ci?.provider),
    branch: ci?.branch,
  };
}
