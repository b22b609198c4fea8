/**
 * Who broke the build, as a user of the group: the committed map `.ok-chat/people.json` from
 * logins and e-mail addresses to OK user ids, the bots that are never told, and the lookup of a
 * commit's author in the map (the commit author's e-mail from git first, then the CI's login).
 * Pure: the caller reads the file, git and the environment.
 *
 * ```json
 * { "ann-lee": "user:575522687955", "ann@example.com": "575522687955" }
 * ```
 */
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { detectCi, firstEnv, type CiEnv } from './ciEnvironment';

/** Where the map is kept, relative to the repository's top folder. */
export const PEOPLE_FILE = '.ok-chat/people.json';

/** The map, read: logins (lower case) and e-mail addresses (lower case) → `user:N`. */
export interface PeopleMap {
  readonly logins: ReadonlyMap<string, string>;
  readonly emails: ReadonlyMap<string, string>;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** GitHub, GitLab, Gitea and Bitbucket logins: letters, digits, `-`, `_`, `.`; bots' `[bot]` at the end. */
const LOGIN_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[bot\])?$/;
const USER_ID_RE = /^(?:user:)?([0-9]{1,20})$/i;

const fileSchema = z.record(z.string(), z.unknown());
const userIdSchema = z.string().check(z.trim(), z.regex(USER_ID_RE));

export const isEmail = (who: string): boolean => EMAIL_RE.test(who.trim());

/**
 * GitHub's and GitLab's private addresses of a person name their login:
 * `12345+ann-lee@users.noreply.github.com` (and the older `ann-lee@users.noreply.github.com`),
 * `12345-ann-lee@users.noreply.gitlab.com`. Undefined for any other address.
 */
export function loginOfNoreply(email: string): string | undefined {
  const e = email.trim().toLowerCase();
  const github = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/.exec(e);
  if (github) return github[1];
  return /^\d+-([^@]+)@users\.noreply\.gitlab\.com$/.exec(e)?.[1];
}

/**
 * Bots are never told: `dependabot[bot]`, `41898282+github-actions[bot]@users.noreply.github.com`,
 * and addresses nobody reads (`noreply@github.com`, `no-reply@…`, `do-not-reply@…`,
 * `…@noreply.example.com`). A person's private address on GitHub or GitLab
 * (`12345+ann-lee@users.noreply.github.com`) is a person, not a bot.
 */
export function isBot(who: string): boolean {
  const w = who.trim().toLowerCase();
  if (!w) return false;
  if (!w.includes('@')) return w.endsWith('[bot]');
  const [local, domain] = [w.slice(0, w.lastIndexOf('@')), w.slice(w.lastIndexOf('@') + 1)];
  if (local.endsWith('[bot]')) return true;
  if (loginOfNoreply(w) !== undefined) return false;
  if (/^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon)(?:\+.*)?$/.test(local)) return true;
  return /(?:^|\.)no[-_]?reply\./.test(domain);
}

/**
 * Reads the map's text. A file that is not a JSON object gives an empty map and one warning; a
 * bad entry (a key that is neither a login nor an e-mail address, a value that is not a user id,
 * a bot) is left out with a warning naming it, and the rest is used.
 */
export function parsePeople(text: string, file: string = PEOPLE_FILE): { people: PeopleMap; warnings: string[] } {
  const logins = new Map<string, string>();
  const emails = new Map<string, string>();
  const warnings: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    warnings.push(l10n.t('{0} is not valid JSON ({1}); nobody is told directly.', file, e instanceof Error ? e.message : String(e)));
    return { people: { logins, emails }, warnings };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success || Array.isArray(raw)) {
    warnings.push(l10n.t('{0} must be an object of logins or e-mail addresses and OK user ids, like {1}; nobody is told directly.', file, '{"ann-lee": "user:575522687955"}'));
    return { people: { logins, emails }, warnings };
  }
  for (const [key, value] of Object.entries(parsed.data)) {
    const who = key.trim();
    const id = userIdSchema.safeParse(value);
    if (!id.success) {
      warnings.push(l10n.t('{0}: "{1}" is left out: its value must be an OK user id such as user:575522687955 or 575522687955.', file, who));
      continue;
    }
    const userId = `user:${USER_ID_RE.exec(id.data)?.[1] ?? ''}`;
    if (isBot(who)) {
      warnings.push(l10n.t('{0}: "{1}" is left out: bots are never told.', file, who));
    } else if (isEmail(who)) {
      emails.set(who.toLowerCase(), userId);
    } else if (LOGIN_RE.test(who)) {
      logins.set(who.toLowerCase(), userId);
    } else {
      warnings.push(l10n.t('{0}: "{1}" is left out: a key must be a login (ann-lee) or an e-mail address (ann@example.com).', file, who));
    }
  }
  return { people: { logins, emails }, warnings };
}

/** What is known of a commit's author and of the CI's run. */
export interface AuthorClues {
  /** The commit author's e-mail address (from git). */
  email?: string;
  /** The commit author's name (from git): how the chat message names a person found by e-mail. */
  name?: string;
  /** The CI's logins or e-mail addresses, in order (see {@link ciIdentities}): who pushed or started the run. */
  ci?: readonly string[];
}

export type AuthorLookup =
  | {
      found: true;
      userId: string;
      /** The key of the map that matched. */
      key: string;
      /** How the chat message names the person (a login or a name, never an e-mail address). */
      mention: string;
      /** `commit`: the commit's author; `ci`: the CI's login, who pushed or started the run (not always the author). */
      via: 'commit' | 'ci';
    }
  | { found: false; reason: string };

const localPart = (email: string) => email.slice(0, email.lastIndexOf('@')).replace(/\+.*$/, '');

/**
 * The person to tell: the commit author's e-mail (or the login in a private GitHub/GitLab
 * address), then each of the CI's logins and addresses. Bots are skipped. Not found: why.
 */
export function findAuthor(people: PeopleMap, clues: AuthorClues): AuthorLookup {
  const tried: string[] = [];
  const bots: string[] = [];
  const email = clues.email?.trim();
  if (email) {
    if (isBot(email)) bots.push(email);
    else {
      tried.push(email);
      const byEmail = people.emails.get(email.toLowerCase());
      const name = clues.name?.trim() || localPart(email);
      if (byEmail) return { found: true, userId: byEmail, key: email.toLowerCase(), mention: name, via: 'commit' };
      const login = loginOfNoreply(email);
      const byLogin = login === undefined ? undefined : people.logins.get(login);
      if (login !== undefined && byLogin) return { found: true, userId: byLogin, key: login, mention: login, via: 'commit' };
    }
  }
  for (const raw of clues.ci ?? []) {
    const who = raw.trim();
    if (!who || tried.includes(who)) continue;
    if (isBot(who)) {
      bots.push(who);
      continue;
    }
    tried.push(who);
    const login = isEmail(who) ? loginOfNoreply(who) : who.toLowerCase();
    const userId = (isEmail(who) ? people.emails.get(who.toLowerCase()) : undefined) ?? (login === undefined ? undefined : people.logins.get(login));
    if (userId) return { found: true, userId, key: isEmail(who) && !login ? who.toLowerCase() : (login ?? who), mention: isEmail(who) ? (login ?? localPart(who)) : who, via: 'ci' };
  }
  if (tried.length === 1) return { found: false, reason: l10n.t('{0} is not in {1}', tried[0], PEOPLE_FILE) };
  if (tried.length > 1) return { found: false, reason: l10n.t('none of {0} is in {1}', tried.join(', '), PEOPLE_FILE) };
  if (bots.length > 0) return { found: false, reason: l10n.t('the author is a bot ({0}), and bots are never told', bots.join(', ')) };
  return { found: false, reason: l10n.t('the author is not known (no commit author from git, no login from the CI)') };
}

/** `Ann Lee <ann@example.com>` → `ann@example.com`; anything else as it is. */
function addressIn(value: string | undefined): string | undefined {
  return value?.match(/<([^>]+@[^>]+)>/)?.[1] ?? value;
}

/**
 * The CI's logins and e-mail addresses of a run, most telling first. They name who pushed or
 * started the run, which is not always the commit's author (a merge of someone else's branch,
 * a re-run, a schedule).
 */
export function ciIdentities(env: CiEnv): string[] {
  const names = (...vars: string[]) => vars.map((v) => addressIn(firstEnv(env, v))).filter((v): v is string => !!v);
  switch (detectCi(env)?.provider) {
    case 'github':
      return names('GITHUB_ACTOR', 'GITHUB_TRIGGERING_ACTOR');
    case 'gitlab':
      return names('CI_COMMIT_AUTHOR', 'GITLAB_USER_LOGIN', 'GITLAB_USER_EMAIL');
    case 'jenkins':
      return names('CHANGE_AUTHOR', 'CHANGE_AUTHOR_EMAIL', 'GIT_AUTHOR_EMAIL');
    case 'azure':
      return names('BUILD_REQUESTEDFOREMAIL');
    case 'drone':
      return names('DRONE_COMMIT_AUTHOR', 'DRONE_COMMIT_AUTHOR_EMAIL');
    case 'woodpecker':
      return names('CI_COMMIT_AUTHOR', 'CI_COMMIT_AUTHOR_EMAIL');
    case 'teamcity':
      return names('TEAMCITY_BUILD_TRIGGEREDBY_USERNAME');
    default:
      return [];
  }
}

/** Whether a result is one the author is told of: a failure after a success (not a first failure, not "still failing"). */
export function isBreak(status: string, previous: string | undefined): boolean {
  return status === 'failure' && previous === 'success';
}
