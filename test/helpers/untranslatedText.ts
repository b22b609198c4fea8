/** Finds user-visible text that bypasses l10n, with the TypeScript AST (for the l10n tests). */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface Finding {
  line: number;
  text: string;
}

/**
 * Literal texts that may reach the UI untranslated, and why:
 * - the product name (also the log channel's name, which names the log file);
 * - input-box examples that are data, not words.
 */
const ALLOWED_LITERALS = new Set(['OK Chat', 'tkn1…:…', 'https://example.com/screenshot.png', 'https://example.com/icon.png']);
/** What may remain of a literal once its codicons are taken out: the status-bar item reads `$(bell) OK`. */
const ALLOWED_REMAINDERS = new Set(['OK', 'OK Chat']);

/** Calls whose arguments users see: method or function name → argument indexes (`all` for every argument). */
const VISIBLE_CALL_ARGS = new Map<string, number[] | 'all'>(Object.entries({
  showInformationMessage: 'all',
  showWarningMessage: 'all',
  showErrorMessage: 'all',
  setStatusBarMessage: [0],
  withProgress: [0], // vscode.window.withProgress({ title }) and chatControl's withProgress(title, task)
  showInputBox: 'all',
  showQuickPick: 'all',
  createOutputChannel: [0],
  appendMarkdown: [0],
  appendText: [0],
  report: [0], // progress.report({ message })
  // the extension's own prompt helpers (src/extension/commands/prompts.ts, outboxActions.ts)
  ask: [1],
  pick: [1, 2],
  askImageUrl: [1, 2],
  askUserIds: [1, 2],
  confirmModal: 'all',
  resolveChat: [2],
  pickItem: [1],
} satisfies Record<string, number[] | 'all'>));
/** Object properties users see (input boxes, quick picks, progress, tree items, status bar, badges). */
const VISIBLE_PROPS = new Set(['title', 'label', 'description', 'detail', 'tooltip', 'placeHolder', 'prompt', 'message', 'openLabel', 'saveLabel', 'validationMessage']);
/** Properties whose assignment users see: `item.tooltip = …`, `view.badge = { tooltip }`, `statusItem.command = { title }`. */
const VISIBLE_ASSIGNMENTS = new Set([...VISIBLE_PROPS, 'text', 'name', 'command', 'badge', 'accessibilityInformation']);
/** `new X(message)` whose first argument users see. */
const VISIBLE_CONSTRUCTORS = /^(?:\w*Error|TreeItem|MarkdownString)$/;

function nameOf(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isStringLiteral(node)) return node.text;
  return undefined;
}

/** `vscode.l10n.t(…)` or `l10n.t(…)` (@vscode/l10n, in the core). */
export function isTranslation(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && nameOf(callee.expression) === 'l10n';
}

function needsTranslation(text: string): boolean {
  if (ALLOWED_LITERALS.has(text)) return false;
  const rest = text.replace(/\$\([\w~-]+\)/g, '').trim();
  return /\p{L}/u.test(rest) && !ALLOWED_REMAINDERS.has(rest);
}

/** Finds literal text that reaches users without `vscode.l10n.t` / `t`. */
export function untranslatedText(fileName: string, source: string, options: { onlyInputErrors?: boolean } = {}): Finding[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string) => findings.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });

  const returns = (body: ts.Node, visit: (e: ts.Expression) => void) => {
    const walk = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) visit(n.expression);
      else if (!ts.isFunctionLike(n)) ts.forEachChild(n, walk);
    };
    walk(body);
  };

  /** Checks an expression whose value users see. Variables and other calls cannot be judged here. */
  const check = (e: ts.Expression | undefined): void => {
    if (!e) return;
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) return check(e.expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      if (needsTranslation(e.text)) report(e, e.text);
    } else if (ts.isTemplateExpression(e)) {
      const fixed = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
      if (needsTranslation(fixed)) report(e, e.getText(sf));
      for (const span of e.templateSpans) check(span.expression);
    } else if (ts.isConditionalExpression(e)) {
      check(e.whenTrue);
      check(e.whenFalse);
    } else if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) check(e.left);
      if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) check(e.right);
    } else if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) check(ts.isSpreadElement(el) ? el.expression : el);
    } else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        const name = p.name ? nameOf(p.name) : undefined;
        if (!name || !VISIBLE_PROPS.has(name)) continue;
        if (ts.isPropertyAssignment(p)) check(p.initializer);
        else if (ts.isMethodDeclaration(p) && p.body) returns(p.body, check);
      }
      // validateInput returns the message shown under the input box
      for (const p of e.properties) {
        if (p.name && nameOf(p.name) === 'validateInput' && ts.isPropertyAssignment(p)) check(p.initializer);
      }
    } else if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      if (ts.isBlock(e.body)) returns(e.body, check);
      else check(e.body);
    } else if (ts.isCallExpression(e)) {
      if (isTranslation(e)) return;
      // items.map((x) => ({ label: … })) builds quick-pick items
      if (nameOf(e.expression) === 'map') check(e.arguments[0]);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && !isTranslation(node)) {
      const callee = node.expression;
      const name = callee.kind === ts.SyntaxKind.SuperKeyword ? 'super' : nameOf(callee);
      const which = options.onlyInputErrors ? undefined : name === 'super' ? superArgs(node) : name ? VISIBLE_CALL_ARGS.get(name) : undefined;
      if (which) node.arguments.forEach((arg, i) => (which === 'all' || which.includes(i) ? check(arg) : undefined));
    } else if (ts.isNewExpression(node)) {
      const name = nameOf(node.expression) ?? '';
      if (options.onlyInputErrors ? name === 'InputError' : VISIBLE_CONSTRUCTORS.test(name)) check(node.arguments?.[0]);
    } else if (!options.onlyInputErrors && ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      if (VISIBLE_ASSIGNMENTS.has(node.left.name.text)) {
        const rhs = node.right;
        // `x.command = { title }` / `view.badge = { tooltip }`: only their visible properties
        if (['command', 'badge', 'accessibilityInformation'].includes(node.left.name.text) && !ts.isObjectLiteralExpression(rhs) && !ts.isConditionalExpression(rhs)) return ts.forEachChild(node, visit);
        check(rhs);
      }
    }
    ts.forEachChild(node, visit);
  };

  /** `super(label, …)` in a class that extends vscode.TreeItem: the label. */
  const superArgs = (call: ts.CallExpression): number[] | undefined => {
    let n: ts.Node | undefined = call.parent;
    while (n && !ts.isClassDeclaration(n)) n = n.parent;
    const base = n?.heritageClauses?.flatMap((h) => h.types).map((t) => nameOf(t.expression));
    return base?.includes('TreeItem') ? [0] : undefined;
  };

  visit(sf);
  return findings;
}

export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}
