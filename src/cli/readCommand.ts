/** `ok-chat read`: the last messages of a chat, oldest first, as text blocks or as JSON. */
import { parseArgs } from 'node:util';
import { chatPages, conversation, loadHistory, oursBy, requests, terminalJson, terminalLine as line1, terminalText, type ConversationLine, type MessageLine } from '../core';
import { READ_OPTIONS, chatOption, normalizeArgs, parseCount } from './arguments';
import { connect } from './cliConnection';
import type { Ctx } from './cliContext';
import { EXIT } from './exitCodes';
import { timeoutOption } from './runDeadline';

export const DEFAULT_READ_COUNT = 20;
export const MAX_READ_COUNT = 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** `2025-01-01 09:05`, in the local time zone (TZ). */
export function localTime(d: Date): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The first line of a text, at most `max` characters. */
function gist(text: string, max = 60): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

// Every text from OK goes through terminalText (several lines) or line1 (one line): a member's
// message must not drive the reader's terminal.
const indent = (text: string) => terminalText(text).split(/\r?\n/).map((l) => (l ? `  ${l}` : ''));

/** The time as shown, or "time unknown" when OK gave none. */
const timeOf = (line: ConversationLine) => (line.timeUnknown ? 'time unknown' : localTime(line.time));

function messageBlock(line: MessageLine): string[] {
  const out = [`${timeOf(line)}  ${line1(line.sender)}${line.ours ? ' (you)' : ''}${line.edited ? ' (edited)' : ''}`];
  if (line.reply) out.push(`  > ${line1([line.reply.sender, line.reply.text === undefined ? line.reply.id : gist(line.reply.text)].filter(Boolean).join(': '))}`);
  if (line.snippets) {
    for (const s of line.snippets) {
      out.push(`  ${line1(s.path)}:${s.startLine === s.endLine ? s.startLine : `${s.startLine}-${s.endLine}`} (${line1(s.language)})`);
      if (s.link) out.push(`  ${line1(s.link)}`);
      out.push(...indent(s.code));
    }
  } else if (line.text) {
    out.push(...indent(line.text));
  }
  for (const a of line.attachments) out.push(`  [${line1(a.kind)}]${a.name ? ` ${line1(a.name)}` : ''}${a.url ? ` ${line1(a.url)}` : ''}`);
  for (const b of line.buttons) out.push(`  [button] ${line1(b.text)}: ${line1(b.url)}`);
  if (!line.text && line.attachments.length === 0) out.push('  (a message without text)');
  return out;
}

/** A line of the conversation as a block of text lines. */
export function lineBlock(line: ConversationLine): string[] {
  return line.kind === 'system' ? [`${timeOf(line)}  * ${line1(line.text)}`] : messageBlock(line);
}

export async function cmdRead(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('read', args, READ_OPTIONS), strict: true, allowPositionals: false, options: READ_OPTIONS });
  const chat = chatOption(values.chat);
  const count = parseCount(values.count, '--count', 1, MAX_READ_COUNT) ?? DEFAULT_READ_COUNT;
  const conn = (ctx.conn = connect(ctx.env, timeoutOption(values.timeout), ctx.err));
  // the group's id, beside the history (not after it), tells our messages (core `oursBy`; no sent ids kept here)
  const group = values.json ? undefined : conn.call(requests.getMeInfo()).then((i) => i.group_id, () => undefined);
  const { messages } = await loadHistory(
    chatPages((req) => conn.call(req), chat),
    { count, pageSize: Math.min(count, requests.MAX_MESSAGES_PAGE) },
  );
  const oldestFirst = [...messages].reverse();
  if (values.json) {
    ctx.out(`${terminalJson(oldestFirst, 2)}\n`);
    return EXIT.ok;
  }
  if (oldestFirst.length === 0) {
    ctx.err(`no messages in ${chat}.`);
    return EXIT.ok;
  }
  const blocks = conversation(oldestFirst, oursBy({ groupId: await group })).map((line) => lineBlock(line).join('\n'));
  ctx.out(`${blocks.join('\n\n')}\n`);
  return EXIT.ok;
}
