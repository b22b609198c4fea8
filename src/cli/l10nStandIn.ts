/**
 * `@vscode/l10n` for the `ok-chat` CLI, which speaks English only: the same `t` (messages with
 * `{0}` or `{name}` placeholders), without the bundle loading of the real package, which costs
 * every start of the CLI a file-system module (~3 ms) for translations it never has. The build
 * puts this module in place of `@vscode/l10n` in the CLI bundle only; a unit test checks it
 * formats every message of the extension as the package does.
 */
type Value = string | number | boolean;
type Args = Value[] | [Record<string, Value>];

function format(template: string, values: Readonly<Record<string, Value | undefined>>): string {
  if (Object.keys(values).length === 0) return template;
  return template.replace(/{([^}]+)}/g, (match, group: string) => {
    const value = values[group];
    return value === undefined ? match : String(value);
  });
}

export function t(message: string, ...args: Args): string {
  const first = args[0];
  const values: Record<string, Value | undefined> = {};
  if (first !== undefined && typeof first === 'object') Object.assign(values, first);
  else args.forEach((value, i) => (values[i] = value as Value));
  return format(message, values);
}

/** Nothing to load: the CLI keeps English. */
export function config(_options: unknown): void {}
