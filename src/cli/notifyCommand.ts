/** `ok-chat notify`: the result of a build, test run or deployment, by the --when rule. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  NOTIFY_WHEN,
  describeUnknownTemplateVariables,
  formatBuildMessage,
  isNotifyWhen,
  shouldNotify,
  splitMessage,
  statusToRemember,
  type BuildResult,
  type NotifyWhen,
} from '../core';
import { NOTIFY_OPTIONS, chatOption, durationOption, normalizeArgs, parseCount, parseStatus } from './arguments';
import { connect, sendParts, tokenFrom } from './cliConnection';
import type { Ctx } from './cliContext';
import { EXIT, UsageError } from './exitCodes';
import { defaultStateFile, isBuildStatus, readState, stateKey, writeState } from './notifyState';
import { readAll, readTail } from './readInput';
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

  // Check the configuration on every run, not only on the runs that send something.
  const conn = dryRun ? undefined : (ctx.conn = connect(ctx.env));

  const tracking = when === 'change' || values['state-file'] !== undefined;
  const stateFile = tracking ? (values['state-file'] ? path.resolve(ctx.cwd, values['state-file']) : defaultStateFile(chat, name, ctx.cwd)) : undefined;
  const state = stateFile ? await readState(stateFile, ctx.err) : undefined;
  const key = stateKey(chat, name);
  const remembered = state?.builds[key]?.status;
  const previous = isBuildStatus(remembered) ? remembered : undefined;
  const decision = shouldNotify(when, status, previous);

  const remember = async () => {
    if (!state || !stateFile || dryRun) return;
    const next = statusToRemember(status, previous);
    if (!next) return;
    state.builds[key] = { status: next, updatedAt: new Date().toISOString() };
    await writeState(stateFile, state, ctx.err);
  };

  if (!decision.notify) {
    ctx.err(`not sending: ${decision.reason ?? 'the --when rule says so'} (--when ${when}).`);
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
    values.branch !== undefined ? values.branch.trim() || undefined : detectBranch(ctx.env, ctx.cwd),
    values.workspace !== undefined ? values.workspace.trim() || undefined : detectWorkspace(ctx.env, ctx.cwd),
  ]);
  const result: BuildResult = { name, status, exitCode, durationMs, branch, workspace, output, finishedAt: new Date(), kind: 'ci' };
  const message = formatBuildMessage(result, {
    template,
    transition: tracking ? decision.transition : undefined,
    outputLines,
    maxLength,
    secrets: [tokenFrom(ctx.env)],
  });
  const parts = splitMessage(message, maxLength);
  if (!conn) {
    ctx.out(`${parts.join('\n\n')}\n`); // --dry-run
    return EXIT.ok;
  }
  await sendParts(conn, chat, parts, ctx.out, ctx.err);
  await remember();
  return EXIT.ok;
}
