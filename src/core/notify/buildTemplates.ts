/**
 * The variables of build templates and the default templates of build messages (rendered by
 * ./buildMessage.ts, which says how a template with empty values reads).
 */
import type { BuildTransition } from './buildStatus';

/** The variables a build template may use. */
export const BUILD_TEMPLATE_VARIABLES = [
  'name',
  'status',
  'statusText',
  'icon',
  'exitCode',
  'duration',
  'workspace',
  'branch',
  'runUrl',
  'commit',
  'commitUrl',
  'author',
  'mention',
  'pr',
  'time',
  'transition',
  'output',
  'failedTests',
  'problems',
] as const;
export type BuildTemplateVariable = (typeof BUILD_TEMPLATE_VARIABLES)[number];

/**
 * The lines the default templates end with: in CI, who pushed which commit for which PR, the
 * run's page and the commit's page. Outside CI they are all empty, so the lines disappear.
 */
const CI_LINES = '\n{author} · commit {commit} · PR #{pr}\n{runUrl}\n{commitUrl}';

/** What failed (see buildFindings.ts), after a blank line; without findings the lines disappear. */
const FINDINGS_LINES = '\n\n{failedTests}\n{problems}';

/** The message for a finished build: `❌ build failed (exit code 2) · 1 min 05 s` / `my-app · main · 14:03`. */
export const DEFAULT_BUILD_TEMPLATE = '{icon} {name} {statusText} (exit code {exitCode}) · {duration}\n{workspace} · {branch} · {time}' + CI_LINES + FINDINGS_LINES;
/** The message when a build that passed (or never ran) fails. */
export const DEFAULT_BROKEN_TEMPLATE = '{icon} {name} is broken (exit code {exitCode}) · {duration}\n{mention}, please take a look\n{workspace} · {branch} · {time}' + CI_LINES + FINDINGS_LINES;
/** The message when a failing build passes again. */
export const DEFAULT_FIXED_TEMPLATE = '🔧 {name} is fixed · {duration}\n{workspace} · {branch} · {time}' + CI_LINES;

/** The default template for a result: the broken/fixed ones for those transitions, else the general one. */
export function defaultBuildTemplate(transition?: BuildTransition): string {
  if (transition === 'broken') return DEFAULT_BROKEN_TEMPLATE;
  if (transition === 'fixed') return DEFAULT_FIXED_TEMPLATE;
  return DEFAULT_BUILD_TEMPLATE;
}

/** The message of a build that has started (status `started`), which its result edits later. */
export const DEFAULT_STARTED_TEMPLATE = '{icon} {name} started · {workspace} · {branch} · {runUrl}';
