/** `ok-chat chats`: the group's chats, as a table or as JSON. */
import { parseArgs } from 'node:util';
import { chatTitleOf, terminalJson, terminalLine } from '../core';
import { CHATS_OPTIONS, normalizeArgs } from './arguments';
import { connect } from './cliConnection';
import type { Ctx } from './cliContext';
import { EXIT } from './exitCodes';
import { timeoutOption } from './runDeadline';

export async function cmdChats(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('chats', args, CHATS_OPTIONS), strict: true, allowPositionals: false, options: CHATS_OPTIONS });
  ctx.conn = connect(ctx.env, timeoutOption(values.timeout), ctx.err);
  const chats = await ctx.conn.client.listAllChats(ctx.conn.deadline.options());
  if (values.json) {
    ctx.out(`${terminalJson(chats, 2)}\n`);
    return EXIT.ok;
  }
  if (chats.length === 0) {
    ctx.err('the group has no chats.');
    return EXIT.ok;
  }
  // OK's words, printed so that they cannot drive the terminal (see terminalLine).
  const rows = chats.map((c) => ({ id: terminalLine(c.chat_id), status: terminalLine(c.status ?? ''), title: terminalLine(chatTitleOf(c) ?? '') }));
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  const statusWidth = Math.max(...rows.map((r) => r.status.length));
  for (const r of rows) {
    ctx.out(`${r.id.padEnd(idWidth)}  ${r.status.padEnd(statusWidth)}  ${r.title}`.trimEnd() + '\n');
  }
  return EXIT.ok;
}
