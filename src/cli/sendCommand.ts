/** `ok-chat send`: a text message to a chat, from --text or stdin. */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_MESSAGE_LENGTH, splitMessage } from '../core';
import { SEND_OPTIONS, chatOption, normalizeArgs, parseCount } from './arguments';
import { connect, sendParts } from './cliConnection';
import type { Ctx } from './cliContext';
import { EXIT, UsageError } from './exitCodes';
import { readAll } from './readInput';
import { timeoutOption } from './runDeadline';

export async function cmdSend(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('send', args, SEND_OPTIONS), strict: true, allowPositionals: false, options: SEND_OPTIONS });
  const chat = chatOption(values.chat);
  const maxLength = parseCount(values['max-length'], '--max-length', 20, 100_000) ?? DEFAULT_MAX_MESSAGE_LENGTH;
  let text = values.text;
  if (text === undefined || text === '-') {
    if (text === undefined && ctx.io.stdin.isTTY) throw new UsageError('no text: pass --text "..." or pipe the text to stdin.');
    text = (await readAll(ctx.io.stdin)).replace(/(?:\r?\n)+$/, '');
    if (text.trim() === '') throw new UsageError(`nothing to send: stdin ${text === '' ? 'was empty' : 'had only white space'}. Pipe the text in (echo "Deploying 2.4.1" | ok-chat send --chat ...) or pass --text "...".`);
  } else if (text.trim() === '') {
    throw new UsageError('--text is empty: give the message, e.g. --text "Deploying 2.4.1" (or --text - to read it from stdin).');
  }
  const timeoutMs = timeoutOption(values.timeout);
  const parts = splitMessage(text, maxLength);
  if (values['dry-run']) {
    ctx.out(`${parts.join('\n\n')}\n`);
    return EXIT.ok;
  }
  ctx.conn = connect(ctx.env, timeoutMs, ctx.err);
  await sendParts(ctx.conn, chat, parts, ctx.out, ctx.err);
  return EXIT.ok;
}
