/** What a failed run prints, and its exit code. */
import { DEFAULT_BASE_URL, describeForeignAnswer, isInputError, isOkApiError } from '../core';
import { parseArgsMessage } from './arguments';
import type { Ctx } from './cliContext';
import { apiErrorMessage, inputErrorMessage, type MessageContext } from './errorMessages';
import { EXIT, Exit, UsageError } from './exitCodes';

export function report(e: unknown, command: string, ctx: Ctx): number {
  const argsProblem = parseArgsMessage(e);
  if (argsProblem !== undefined || e instanceof UsageError) {
    ctx.err(`${argsProblem ?? (e as Error).message} Run 'ok-chat ${command} --help' for usage.`);
    return EXIT.usage;
  }
  if (e instanceof Exit) {
    ctx.err(e.message);
    return e.code;
  }
  const words: MessageContext = { baseUrl: ctx.env.OK_API_BASE_URL?.trim() || DEFAULT_BASE_URL, baseUrlFromEnv: !!ctx.env.OK_API_BASE_URL?.trim() };
  if (isInputError(e)) {
    ctx.err(inputErrorMessage(e, words));
    return EXIT.usage;
  }
  if (isOkApiError(e) && e.delivery === 'unknown' && e.kind !== 'cancelled') {
    // The request left and the answer was lost: OK may have applied it. Retrying blindly could send it twice.
    const sending = /^send/i.test(e.action ?? '');
    if (e.kind === 'not-ok') {
      // Something else answered (a proxy's block page, a captive portal): the request may have reached OK.
      ctx.err(
        sending
          ? `may have been sent: the answer was not from OK (${describeForeignAnswer(e.answer)}). Check the chat before sending again.`
          : `may have been applied: the answer was not from OK (${describeForeignAnswer(e.answer)}). Check the chat before trying again.`,
      );
    } else {
      ctx.err(
        sending
          ? 'may have been sent: check the chat before sending again. The request reached the network but its answer was lost or unreadable, so OK may have the message.'
          : 'may have been applied: check the chat before trying again. The request reached the network but its answer was lost or unreadable.',
      );
    }
    ctx.err(`details: ${e.message}`);
    return EXIT.maybeSent;
  }
  if (isOkApiError(e)) {
    ctx.err(apiErrorMessage(e, words));
    // OK's own words are already in the message; the technical detail helps with the rest
    // (not when the cause is known: a TLS dump would only hide the answer).
    const explained = e.baseUrlHint !== undefined || e.connection?.notTls === true || ['auth', 'rate-limit', 'param', 'not-found', 'permission', 'redirect'].includes(e.kind);
    if (!explained) ctx.err(`details: ${e.message}`);
    return e.kind === 'network' || e.kind === 'timeout' || e.kind === 'redirect' || e.kind === 'not-ok' ? EXIT.network : EXIT.api;
  }
  ctx.err(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
  return EXIT.api;
}
