// The command contract (src/extension/commands/commandContract.ts) against package.json and
// the table "Commands with arguments" of docs/commands.md (linked from the README): the same commands, the same argument fields.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { argumentFields, COMMAND_IDS, type Args, type CommandHandler, type CommandId, type Result } from '../../src/extension/commands/commandContract';

const root = path.resolve(__dirname, '../../..');

interface ReadmeRow {
  ids: string[];
  /** The fields of the row's `{ … }`, as written. */
  fields: Array<{ name: string; optional: boolean }>;
  line: number;
}

/** Splits a table row at its unescaped `|`. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The top-level comma-separated parts of `a, b?: { x, y }, c`. */
function topLevelParts(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of inner) {
    if ('{[(<'.includes(ch)) depth++;
    if ('}])>'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Parses the argument cell's first code span `{ … }` (`{}`: no fields). */
function fieldsOf(cell: string, line: number): ReadmeRow['fields'] {
  const m = /^`\{(.*?)\}`/.exec(cell);
  assert.ok(m, `README line ${line}: the argument cell must start with a \`{ … }\` code span, got: ${cell}`);
  return topLevelParts(m[1] ?? '').map((part) => {
    const f = /^(\w+)(\?)?\s*(?::|$)/.exec(part);
    assert.ok(f, `README line ${line}: cannot read the field "${part}"`);
    return { name: f[1] ?? '', optional: f[2] === '?' };
  });
}

function readmeTable(text: string): ReadmeRow[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Commands with arguments');
  assert.ok(start >= 0, 'docs/commands.md has no "## Commands with arguments" section');
  const rows: ReadmeRow[] = [];
  for (let i = start + 1; i < lines.length && !/^#{1,3} /.test(lines[i] ?? ''); i++) {
    const l = lines[i] ?? '';
    if (!l.startsWith('|')) continue;
    const [first = '', second = ''] = cells(l);
    const ids = [...first.matchAll(/`(okChat\.\w+)`/g)].map((m) => m[1] ?? '');
    if (ids.length === 0) continue; // the header and its rule
    rows.push({ ids, fields: fieldsOf(second, i + 1), line: i + 1 });
  }
  assert.ok(rows.length > 10, `only ${rows.length} rows found in the README table`);
  return rows;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe('command contract', () => {
  const contributed = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
  const rows = readmeTable(fs.readFileSync(path.join(root, 'docs/commands.md'), 'utf8'));

  it('declares exactly the commands package.json contributes', () => {
    assert.ok(contributed.length >= 20, `only ${contributed.length} commands contributed`);
    assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
  });

  it('every contributed command is in the table of docs/commands.md, once', () => {
    const documented = rows.flatMap((r) => r.ids);
    assert.deepEqual(
      contributed.filter((id) => !documented.includes(id)),
      [],
      'contributed but missing from docs/commands.md "Commands with arguments"',
    );
    assert.deepEqual(
      documented.filter((id, i) => documented.indexOf(id) !== i || !contributed.includes(id)),
      [],
      'listed twice, or not a contributed command',
    );
  });

  it('docs/commands.md lists exactly the contract\'s argument fields, optional ones with "?"', () => {
    const differences: string[] = [];
    for (const row of rows) {
      for (const id of row.ids) {
        if (!(COMMAND_IDS as string[]).includes(id)) continue; // reported above
        const inReadme = [...row.fields].sort(byName);
        const inContract = argumentFields(id as CommandId).sort(byName);
        const show = (list: ReadmeRow["fields"]) => `{ ${list.map((f) => f.name + (f.optional ? '?' : '')).join(', ')} }`;
        if (show(inReadme) !== show(inContract)) differences.push(`${id} (README line ${row.line}): README ${show(inReadme)}, contract ${show(inContract)}`);
      }
    }
    assert.deepEqual(differences, []);
  });

  it('reads the argument fields of a README row (the parser itself)', () => {
    assert.deepEqual(fieldsOf('`{ chatId?, status?: "success" \\| "failure" }` x', 1), [
      { name: 'chatId', optional: true },
      { name: 'status', optional: true },
    ]);
    assert.deepEqual(fieldsOf('`{ userIds: string[], text }`', 1), [
      { name: 'userIds', optional: false },
      { name: 'text', optional: false },
    ]);
    assert.deepEqual(fieldsOf('`{}` (always interactive)', 1), []);
    assert.deepEqual(cells('| `a` | `{ x: "s" \\| "f" }` | r |'), ['`a`', '`{ x: "s" \\| "f" }`', 'r']);
    assert.throws(() => fieldsOf('— (interactive)', 7), /line 7/);
  });

  it('types: handlers and arguments that break the contract do not compile', () => {
    // Each line below must be a type error; if the contract loosened, `@ts-expect-error` itself fails to compile.
    // @ts-expect-error a handler resolving to the wrong result
    const wrongResult: CommandHandler<'okChat.removeChat'> = () => Promise.resolve('removed');
    // @ts-expect-error a handler that needs a field the command does not have
    const wrongArg: CommandHandler<'okChat.sendText'> = (_s, arg?: { userIds: string[] }) => Promise.resolve({ sent: arg?.userIds.length ?? 0, messageIds: [] });
    // @ts-expect-error a required field missing
    const missing: Args<'okChat.sendText'> = { chatId: 'chat:C1' };
    // @ts-expect-error a field the command does not have
    const extra: Args<'okChat.removeChat'> = { chatId: 'chat:C1', force: true };
    // @ts-expect-error a command without fields takes {} only
    const none: Args<'okChat.refreshChats'> = { chatId: 'chat:C1' };
    // @ts-expect-error not a command
    const unknown: Result<'okChat.nope'> = undefined;
    const fine: Args<'okChat.sendFile'> = { chatId: 'chat:C1', uris: ['/tmp/a.txt'], caption: 'x' };
    const empty: Args<'okChat.refreshChats'> = {};
    assert.ok([wrongResult, wrongArg, missing, extra, none, unknown, fine, empty].length === 8);
  });
});
