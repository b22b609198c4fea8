/** `ok-chat chats`: the group's chats, as a table or as JSON. */
import { parseArgs } from 'node:util';
import { chatTitleOf } from '../core';
import { CHATS_OPTIONS, normalizeArgs } from './arguments';
import { connect } from './cliConnection';
import type { Ctx } from './cliContext';
import { EXIT } from './exitCodes';

export async function cmdChats(args: string[], ctx: Ctx): Promise<number> {
  const { values } = parseArgs({ args: normalizeArgs('chats', args, CHATS_OPTIONS), strict: true, allowPositionals: false, options: CHATS_OPTIONS });
  ctx.conn = connect(ctx.env);
  const chats = await ctx.conn.client.listAllChats();
  if (values.json) {
    ctx.out(`${JSON.stringify(chats, null, 2)}\n`);
    return EXIT.ok;
  }
  if (chats.length === 0) {
    ctx.err('the group has no chats.');
    return EXIT.ok;
  }
  const idWidth = Math.max(...chats.map((c) => c.chat_id.length));
  const statusWidth = Math.max(...chats.map((c) => (c.status ?? '').length));
  for (const c of chats) {
    const title = (chatTitleOf(c) ?? '').replace(/\s*[\r\n]+\s*/g, ' ');
    ctx.out(`${c.chat_id.padEnd(idWidth)}  ${(c.status ?? '').padEnd(statusWidth)}  ${title}`.trimEnd() + '\n');
  }
  return EXIT.ok;
}
