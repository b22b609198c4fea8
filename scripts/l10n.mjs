#!/usr/bin/env node
// Extracts the runtime strings of the extension into l10n/bundle.l10n.json, the English bundle
// that VS Code's l10n tooling and translators work from (key = message, value = message).
//
//   node scripts/l10n.mjs            (npm run l10n) rewrite l10n/bundle.l10n.json; list the keys
//                                    that l10n/bundle.l10n.*.json lack or no longer need
//   node scripts/l10n.mjs --check    exit 1 when l10n/bundle.l10n.json is not what the sources give
//   node scripts/l10n.mjs --stdout   print the bundle instead of writing it (used by the unit test)
//
// What counts as a message, found with the TypeScript compiler API (not regexes):
//   - `vscode.l10n.t('…')` / `l10n.t('…')` anywhere in src/ (the VS Code layer, src/extension.ts);
//   - `t('…')` where `t` is imported from a module named `l10n` (the core's own translator, which
//     the extension points at vscode.l10n.t) — @vscode/l10n-dev would not find these.
// The first argument must be a string literal (or a template literal without `${}`): anything else
// cannot be translated ahead of time, so it is reported as an error with its file and line. The one
// exception is a forwarder, a function that passes its own parameter on (`(message, ...args) =>
// vscode.l10n.t(message, ...args)`, how the extension installs vscode.l10n.t for the core).
// Keys are sorted (by UTF-16 code units) so the file does not churn when code moves.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(root, 'src');
const L10N_DIR = join(root, 'l10n');
const BUNDLE = join(L10N_DIR, 'bundle.l10n.json');

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Local names bound to `t` imported from a module whose last segment is `l10n` (`import { t as tr } from './l10n'`). */
function coreTranslatorNames(sf) {
  const names = new Set();
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    if (!/(^|\/)l10n$/.test(stmt.moduleSpecifier.text)) continue;
    const bindings = stmt.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      if ((el.propertyName ?? el.name).text === 't') names.add(el.name.text);
    }
  }
  return names;
}

/** `vscode.l10n.t` or `l10n.t` as a callee. */
function isVscodeL10nT(callee) {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const target = callee.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

/** A call that forwards a parameter of the function it is in: `(message, ...args) => vscode.l10n.t(message, ...args)`. */
function isForwarder(call) {
  const arg = call.arguments[0];
  if (!arg || !ts.isIdentifier(arg)) return false;
  for (let node = call.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node)) return node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === arg.text);
  }
  return false;
}

/** The message of a translation call's first argument, or an error. */
function messageOf(arg) {
  if (!arg) return { error: 'no message' };
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return { message: arg.text };
  if (ts.isObjectLiteralExpression(arg)) {
    // vscode.l10n.t({ message, args, comment }): a comment changes the key, which we do not support
    let message;
    for (const p of arg.properties) {
      const name = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
      if (name === 'comment') return { error: 'the { comment } form changes the key; pass the message alone' };
      if (name === 'message' && ts.isPropertyAssignment(p) && (ts.isStringLiteral(p.initializer) || ts.isNoSubstitutionTemplateLiteral(p.initializer))) {
        message = p.initializer.text;
      }
    }
    return message === undefined ? { error: 'the message is not a string literal' } : { message };
  }
  return { error: 'the message is not a string literal (it cannot be translated ahead of time)' };
}

/**
 * Every message of the sources: `{ messages: Map<message, [where…]>, errors: string[] }`.
 * `where` is `src/…:line`.
 */
export function extract(files = sourceFiles(SRC)) {
  const messages = new Map();
  const errors = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const coreNames = coreTranslatorNames(sf);
    const visit = (node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const isCore = ts.isIdentifier(callee) && coreNames.has(callee.text);
        if ((isCore || isVscodeL10nT(callee)) && !isForwarder(node)) {
          const where = `${relative(root, file).split('\\').join('/')}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
          const { message, error } = messageOf(node.arguments[0]);
          if (error) errors.push(`${where}: ${error}: ${node.getText(sf).slice(0, 120)}`);
          else if (!message.trim()) errors.push(`${where}: empty message`);
          else messages.set(message, [...(messages.get(message) ?? []), where]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, errors };
}

/** The English bundle as VS Code expects it: `{ "message": "message" }`, keys sorted. */
export function bundleOf(messages) {
  const keys = [...messages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, k]));
}

export function serialize(bundle) {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

function translatedBundles() {
  if (!existsSync(L10N_DIR)) return [];
  return readdirSync(L10N_DIR)
    .filter((f) => /^bundle\.l10n\.[^.]+(?:-[^.]+)?\.json$/.test(f) && f !== 'bundle.l10n.json')
    .sort()
    .map((f) => ({ file: f, bundle: JSON.parse(readFileSync(join(L10N_DIR, f), 'utf8')) }));
}

function main(argv) {
  const { messages, errors } = extract();
  if (errors.length) {
    for (const e of errors) process.stderr.write(`l10n: ${e}\n`);
    return 1;
  }
  const text = serialize(bundleOf(messages));
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  const current = existsSync(BUNDLE) ? readFileSync(BUNDLE, 'utf8') : '';
  if (argv.includes('--check')) {
    if (current === text) {
      process.stdout.write(`l10n: ${relative(root, BUNDLE)} is up to date (${messages.size} messages)\n`);
      return 0;
    }
    const old = current ? Object.keys(JSON.parse(current)) : [];
    const missing = [...messages.keys()].filter((k) => !old.includes(k));
    const stale = old.filter((k) => !messages.has(k));
    process.stderr.write(`l10n: ${relative(root, BUNDLE)} is out of date; run npm run l10n\n`);
    for (const k of missing) process.stderr.write(`  missing: ${JSON.stringify(k)} (${messages.get(k).join(', ')})\n`);
    for (const k of stale) process.stderr.write(`  stale:   ${JSON.stringify(k)}\n`);
    return 1;
  }
  if (current !== text) writeFileSync(BUNDLE, text);
  process.stdout.write(`l10n: ${relative(root, BUNDLE)}: ${messages.size} messages${current === text ? ' (unchanged)' : ' (written)'}\n`);
  let gaps = 0;
  for (const { file, bundle } of translatedBundles()) {
    const missing = [...messages.keys()].filter((k) => typeof bundle[k] !== 'string' || !bundle[k].trim());
    const stale = Object.keys(bundle).filter((k) => !messages.has(k));
    gaps += missing.length + stale.length;
    process.stdout.write(`l10n: l10n/${file}: ${missing.length} to translate, ${stale.length} no longer used\n`);
    for (const k of missing) process.stdout.write(`  translate: ${JSON.stringify(k)} (${messages.get(k).join(', ')})\n`);
    for (const k of stale) process.stdout.write(`  remove:    ${JSON.stringify(k)}\n`);
  }
  // A gap in a translation is not an error here (the unit test enforces completeness).
  void gaps;
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
