/**
 * `ok-chat notify` tells a run's story in one message: `--status started` posts "⏳ <name>
 * started", prints its id and keeps it in the state file under the chat, the name and the run (the
 * CI's run and job, or --run-key); the result edits that message (its id from the state file, or
 * --message-id where no state file is shared), replies to it where OK refuses the edit, and goes as
 * a new message where there is none (the core's deliverResult).
 */
import { checkMessageId, ciRunKey, deliverResult, isInputError, type BuildStatus, type ChatId, type Env, type OkApiError, type StoryWay, type requests } from '../core';
import { sendParts, type Connection } from './cliConnection';
import { UsageError } from './exitCodes';
import { fsp } from './lazyNodeModules';
import { defaultStateLocation, isRecentStart, readState, startedKey, writeState, type StateFile, type StateLocation } from './notifyState';

export interface StoryValues {
  'run-key'?: string;
  'message-id'?: string;
}

export interface StoryContext {
  chat: ChatId;
  name: string;
  status: BuildStatus;
  dryRun: boolean;
  cwd: string;
  env: Env;
  err: (s: string) => void;
  /** The state file notify reads anyway (--when change, --state-file), and what it holds. */
  location?: StateLocation;
  state?: StateFile;
}

export interface StorySend {
  /** The whole message (an edit holds it cut to one message). */
  message: string;
  /** The message in parts, as a new message goes. */
  parts: string[];
  buttons: readonly requests.LinkButton[];
  maxLength: number;
  /** Why the --when rule sends nothing: then only the started message is edited, when there is one. */
  notSending?: string;
}

/** OK's refusal in a few words: `error 3 METHOD`, `HTTP 404`, `"success": false`. */
function refusalWords(e: OkApiError | undefined): string {
  if (!e) return 'refused';
  if (e.code !== undefined) return `error ${e.code}${e.codeName ? ` ${e.codeName}` : ''}`;
  if (e.httpStatus !== undefined) return `HTTP ${e.httpStatus}`;
  return e.kind === 'refused' ? '"success": false' : e.kind;
}

async function exists(file: string): Promise<boolean> {
  return fsp()
    .stat(file)
    .then(() => true)
    .catch(() => false);
}

export class NotifyStory {
  private constructor(
    private readonly ctx: StoryContext,
    private readonly key: string,
    /** Where the started message's id is kept: undefined without a state file (no home folder). */
    private readonly location: StateLocation | undefined,
    private readonly state: StateFile | undefined,
    readonly runKey: string | undefined,
    /** For a result: the started message it edits (--message-id, or this run's in the state file). */
    readonly startedId: string | undefined,
    /** For a result: this run posted "started", and OK gave that message no id. */
    private readonly startedWithoutId: boolean,
  ) {}

  /** Checks --run-key and --message-id, and finds this run's started message for a result. */
  static async open(values: StoryValues, ctx: StoryContext): Promise<NotifyStory> {
    const starting = ctx.status === 'started';
    const given = values['message-id'];
    if (given !== undefined && starting) {
      throw new UsageError('--message-id names the started message that a result edits: give it to the result (--status $?), not to --status started.');
    }
    let messageId: string | undefined;
    try {
      messageId = given === undefined ? undefined : checkMessageId(given);
    } catch (e) {
      if (isInputError(e)) throw new UsageError(`--message-id: ${e.message}`);
      throw e;
    }
    const runOption = values['run-key'];
    if (runOption !== undefined && !runOption.trim()) throw new UsageError('--run-key is empty: give the key of the run, e.g. --run-key "$CI_PIPELINE_ID-$CI_JOB_ID".');
    const runKey = runOption?.trim() || ciRunKey(ctx.env);
    const key = startedKey(ctx.chat, ctx.name, runKey);
    const location = ctx.location ?? defaultStateLocation(ctx.chat, ctx.name, ctx.cwd, ctx.env);
    let state = ctx.state;
    // A start keeps its id; a result looks for one (only in a file that exists: plain results create none).
    const wanted = starting ? !ctx.dryRun : messageId === undefined;
    if (!state && location && wanted && (starting || (await exists(location.file)))) state = await readState(location, ctx.err);
    const entry = starting ? undefined : state?.started?.[key];
    const found = isRecentStart(entry) ? entry : undefined;
    const startedId = messageId ?? found?.messageId;
    return new NotifyStory(ctx, key, location, state, runKey, startedId, startedId === undefined && found !== undefined);
  }

  /** Where the rule sends nothing, notify still runs when there is a started message to settle. */
  get settles(): boolean {
    return this.startedId !== undefined;
  }

  /** What --dry-run says besides the message. */
  dryRunNote(): void {
    if (this.ctx.status === 'started') this.ctx.err(`would keep the message's id for the result of this run (${this.runKey ?? 'no CI run found'}).`);
    else if (this.startedId) this.ctx.err(`would edit the started message ${this.startedId}.`);
  }

  /** Posts "started" or the result, and keeps or forgets the started message's id. */
  async send(conn: Connection, out: (s: string) => void, send: StorySend): Promise<void> {
    if (this.ctx.status === 'started') return this.postStarted(conn, out, send);
    const err = this.ctx.err;
    if (!this.startedId) {
      if (send.notSending) {
        err(`not sending: ${send.notSending}.`);
        return;
      }
      if (this.startedWithoutId) err('the started message of this run has no id (OK gave it none): sending the result as a new message.');
      await sendParts(conn, this.ctx.chat, send.parts, out, err, { buttons: send.buttons, maxLength: send.maxLength });
      return this.forget();
    }
    const keyboards = { refused: false };
    const delivery = await deliverResult((request) => conn.call(request), {
      chat: this.ctx.chat,
      text: send.message,
      buttons: send.buttons,
      startedId: this.startedId,
      maxLength: send.maxLength,
      keyboards,
      editOnly: send.notSending !== undefined,
      onMessage: (id) => {
        if (id) out(`${id}\n`);
      },
    });
    if (delivery.way === 'edited') out(`${this.startedId}\n`);
    if (keyboards.refused) err('OK refused the link buttons; sent the links as text.');
    err(this.said(delivery.way, delivery.editRefusal, delivery.replyRefusal, send.notSending));
    await this.forget();
  }

  private said(way: StoryWay, editRefusal?: OkApiError, replyRefusal?: OkApiError, notSending?: string): string {
    const { chat } = this.ctx;
    const started = `the started message ${this.startedId ?? ''}`;
    switch (way) {
      case 'edited':
        return notSending ? `edited ${started} in ${chat} to the result; nothing new sent: ${notSending}.` : `edited ${started} in ${chat} to the result.`;
      case 'replied':
        return `OK refused to edit ${started} (${refusalWords(editRefusal)}): sent the result to ${chat} as a reply to it.`;
      case 'new':
        return `OK refused to edit ${started} (${refusalWords(editRefusal)}) and to reply to it (${refusalWords(replyRefusal)}): sent the result to ${chat} as a new message.`;
      default:
        return `OK refused to edit ${started} (${refusalWords(editRefusal)}); not sending: ${notSending ?? 'the --when rule says so'}.`;
    }
  }

  /** Posts the started message, prints its id and keeps it under this run. */
  private async postStarted(conn: Connection, out: (s: string) => void, send: StorySend): Promise<void> {
    const err = this.ctx.err;
    let first: string | undefined;
    let accepted = false;
    await sendParts(conn, this.ctx.chat, send.parts, out, err, {
      buttons: send.buttons,
      maxLength: send.maxLength,
      onMessage: (id) => {
        if (!accepted) first = id;
        accepted = true;
      },
    });
    if (!first) err('OK gave no id for the started message: the result of this run will go as a new message.');
    if (!this.location || !this.state) {
      err(`no cache folder for the state (no home folder): the result cannot find the started message; give it${first ? ` --message-id ${first}` : ' its id with --message-id'}, or choose a file with --state-file.`);
      return;
    }
    this.state.started = { ...this.state.started, [this.key]: { ...(first ? { messageId: first } : {}), updatedAt: new Date().toISOString() } };
    await writeState(this.location, this.state, err);
    if (!this.runKey) err(`no CI run found and no --run-key: the next result of "${this.ctx.name}" in this folder edits this message.`);
  }

  /** The run's started message is settled: forgotten, so that a later run never edits it. */
  private async forget(): Promise<void> {
    if (!this.location || !this.state?.started?.[this.key] || this.ctx.dryRun) return;
    delete this.state.started[this.key];
    await writeState(this.location, this.state, this.ctx.err);
  }
}
