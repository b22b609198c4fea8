/**
 * `ok-chat notify --dm-author`: when the build breaks (a failure after a success, by the state
 * file), the commit's author, found in `.ok-chat/people.json`, also gets the message directly from
 * the group. Nothing here fails the step: each reason for not telling is a line on stderr.
 */
import * as path from 'node:path';
import { DEFAULT_BASE_URL, PEOPLE_FILE, ciIdentities, findAuthor, isBreak, isOkApiError, parsePeople, postParts, requests, usersPost, type BuildStatus } from '../core';
import type { Connection } from './cliConnection';
import type { Ctx } from './cliContext';
import { apiErrorMessage } from './errorMessages';
import { fsp } from './lazyNodeModules';
import { run } from './workspaceInfo';

/** The person told, as found in the map. */
export interface AuthorToTell {
  userId: string;
  /** How the chat message names them: `{mention}`. */
  mention: string;
}

const NONE = '--dm-author: no direct message:';

/** The map's text at the repository's top folder (else the working folder); undefined, with why on stderr, when there is none. */
async function readPeopleFile(ctx: Ctx): Promise<{ text: string; file: string } | undefined> {
  const top = (await run('git', ['rev-parse', '--show-toplevel'], ctx.cwd, ctx.env)) ?? ctx.cwd;
  const file = path.join(top, PEOPLE_FILE);
  try {
    return { text: await fsp().readFile(file, 'utf8'), file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    ctx.err(code === 'ENOENT' ? `${NONE} there is no ${PEOPLE_FILE} in ${top} (a committed map of logins and e-mail addresses to OK user ids).` : `${NONE} could not read ${file}: ${(e as Error).message}.`);
    return undefined;
  }
}

/**
 * Who to tell of this result, decided before the message is made (the chat message names them).
 * Only a break is told: without a state file the previous result is unknown, so none is sent.
 */
export async function authorToTell(ctx: Ctx, o: { tracking: boolean; status: BuildStatus; previous?: BuildStatus; commit?: string }): Promise<AuthorToTell | undefined> {
  if (o.status !== 'failure') return undefined;
  if (!o.tracking) {
    ctx.err(`${NONE} without a state file (--when change or --state-file <path>) the previous result is unknown, so a break cannot be told from a build that was already failing.`);
    return undefined;
  }
  if (!isBreak(o.status, o.previous)) {
    ctx.err(o.previous === 'failure' ? `${NONE} the build was already failing.` : `${NONE} the state file has no earlier result of this build, so it is not known whether this failure broke it.`);
    return undefined;
  }
  const found = await readPeopleFile(ctx);
  if (!found) return undefined;
  const { people, warnings } = parsePeople(found.text, PEOPLE_FILE);
  for (const w of warnings) ctx.err(`warning: ${w}`);
  // the commit author's name and e-mail (the built commit when it is in this clone, else HEAD)
  const git = (await run('git', ['log', '-1', '--format=%an%n%ae', o.commit || 'HEAD', '--'], ctx.cwd, ctx.env))?.split('\n');
  const author = findAuthor(people, { name: git?.[0], email: git?.[1], ci: ciIdentities(ctx.env) });
  if (!author.found) {
    ctx.err(`${NONE} ${author.reason}.`);
    return undefined;
  }
  // the CI's login is whoever pushed or started the run: not always the commit's author
  if (author.via === 'ci') ctx.err(`--dm-author: telling ${author.key}, the CI's login (who pushed or started the run, not always the commit's author): the commit's author is not in ${PEOPLE_FILE}.`);
  return { userId: author.userId, mention: author.mention };
}

/**
 * The same parts, the last with the link buttons, to the person from the group. OK's "not
 * delivered" (they do not allow messages from the group) and any error are warnings: the chat
 * message went, and the step does not fail for this one. Nothing goes to stdout (it lists the
 * chat's message ids).
 */
export async function tellAuthor(conn: Connection, ctx: Ctx, person: AuthorToTell, parts: readonly string[], buttons: readonly requests.LinkButton[], maxLength: number): Promise<void> {
  const who = `${person.mention} (${person.userId})`;
  const to = usersPost((request) => conn.call(request), [person.userId]);
  try {
    await postParts(to.post, parts, { buttons, maxLength, keyboards: { refused: false }, finished: to.finished });
  } catch (e) {
    const why = isOkApiError(e) ? apiErrorMessage(e, { baseUrl: ctx.env.OK_API_BASE_URL?.trim() || DEFAULT_BASE_URL, baseUrlFromEnv: !!ctx.env.OK_API_BASE_URL?.trim() }) : e instanceof Error ? e.message : String(e);
    ctx.err(`warning: --dm-author: the direct message to ${who} ${isOkApiError(e) && e.delivery === 'unknown' ? 'may not have been sent' : 'was not sent'}: ${why}`);
    return;
  }
  if (to.failed().length > 0) ctx.err(`warning: --dm-author: OK did not deliver the direct message to ${who}: they do not allow messages from the group (they can allow them on the group's page).`);
  else ctx.err(`sent a direct message to ${who}.`);
}
