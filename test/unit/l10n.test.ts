/**
 * Localisation: the manifest (package.json → package.nls.json / package.nls.ru.json), the runtime
 * bundles (l10n/bundle.l10n.json, exported by @vscode/l10n-dev with `npm run l10n`, and l10n/bundle.l10n.ru.json), the
 * walkthrough, and a scan of the VS Code layer for user-visible text that bypasses vscode.l10n.t.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Strings = Record<string, string>;

function readJson<T = Json>(rel: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8')) as T;
}

/** Every string in a JSON value, with its path (`contributes.commands[3].title`). */
function* stringsIn(value: Json, at: string): Generator<{ at: string; key: string | number; value: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string') yield { at: `${at}[${i}]`, key: i, value: v };
      else yield* stringsIn(v, `${at}[${i}]`);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = at ? `${at}.${k}` : k;
      if (typeof v === 'string') yield { at: here, key: k, value: v };
      else yield* stringsIn(v, here);
    }
  }
}

const NLS_REF = /^%([\w.-]+)%$/;

/** Things a translation must carry over unchanged: placeholders, codicons, links, code spans, setting links. */
function invariants(text: string): string[] {
  const found = [
    ...[...text.matchAll(/\{\w+\}/g)].map((m) => m[0]), // {0}, {path}
    ...[...text.matchAll(/\$\([\w~-]+\)/g)].map((m) => m[0]), // $(edit)
    ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => `link:${m[1]}`), // [text](command:…)
    ...[...text.matchAll(/`[^`]+`/g)].map((m) => m[0]), // `npm run sandbox`
    ...[...text.matchAll(/#[\w.]+#/g)].map((m) => m[0]), // #okChat.allowWorkspaceBuildRules#
  ];
  return found.sort();
}

/** Strings that are the same in Russian: the product name. */
const SAME_IN_RUSSIAN = new Set(['OK Chat']);

describe('l10n: manifest (package.json, package.nls.json, package.nls.ru.json)', () => {
  const pkg = readJson<{ [key: string]: Json }>('package.json');
  const en = readJson<Strings>('package.nls.json');
  const ru = readJson<Strings>('package.nls.ru.json');
  const used = new Map<string, string>(); // key → where
  for (const s of stringsIn(pkg, '')) {
    const m = NLS_REF.exec(s.value);
    if (m) used.set(m[1], s.at);
  }

  it('package.nls.json and package.nls.ru.json have the same keys', () => {
    assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'in package.nls.ru.json only');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'in package.nls.json only');
  });

  it('every %key% used in package.json exists, and every key is used', () => {
    assert.ok(used.size >= 60, `only ${used.size} %keys% in package.json`);
    assert.deepEqual([...used].filter(([k]) => !(k in en)).map(([k, at]) => `${k} (${at})`), [], 'missing from package.nls.json');
    assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), [], 'not used in package.json');
  });

  it('no user-visible manifest string is left as plain text', () => {
    // Fields VS Code shows to users (JSON-schema and contribution fields); values must be %key%.
    const visible = new Set([
      'displayName',
      'description',
      'markdownDescription',
      'title',
      'shortTitle',
      'category',
      'name',
      'contextualTitle',
      'contents',
      'patternErrorMessage',
      'deprecationMessage',
      'markdownDeprecationMessage',
      'enumDescriptions',
      'markdownEnumDescriptions',
      'enumItemLabels',
      'altText',
      'label',
    ]);
    const plain: string[] = [];
    const check = (value: Json, at: string) => {
      for (const s of stringsIn(value, at)) {
        const field = s.at.replace(/\[\d+\]$/, '').split('.').pop() ?? '';
        if (visible.has(field) && !NLS_REF.test(s.value)) plain.push(`${s.at}: ${JSON.stringify(s.value)}`);
      }
    };
    check({ displayName: pkg.displayName, description: pkg.description }, '');
    check(pkg.contributes, 'contributes');
    check(pkg.capabilities, 'capabilities');
    assert.deepEqual(plain, []);
  });

  it('every Russian string is a translation, with the same placeholders, links and code spans', () => {
    const problems: string[] = [];
    for (const [key, english] of Object.entries(en)) {
      const russian = ru[key];
      if (typeof russian !== 'string' || !russian.trim()) problems.push(`${key}: empty`);
      else if (russian === english && !SAME_IN_RUSSIAN.has(english)) problems.push(`${key}: not translated`);
      else if (JSON.stringify(invariants(russian)) !== JSON.stringify(invariants(english))) {
        problems.push(`${key}: ${JSON.stringify(invariants(english))} became ${JSON.stringify(invariants(russian))}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('uses the Russian terms of OK for the token', () => {
    assert.match(ru['viewsWelcome.chats.noToken'], /«Работа с API»/);
    assert.match(ru['viewsWelcome.chats.noToken'], /токен/);
    assert.match(ru['command.setToken.title'], /токен доступа/);
  });
});

describe('l10n: walkthrough', () => {
  const pkg = readJson<{ contributes: { walkthroughs?: Array<Record<string, Json>>; commands: Array<{ command: string }> } }>('package.json');
  const en = readJson<Strings>('package.nls.json');
  const ru = readJson<Strings>('package.nls.ru.json');
  const resolve = (s: Json, nls: Strings): string => {
    const m = typeof s === 'string' ? NLS_REF.exec(s) : null;
    assert.ok(m, `${JSON.stringify(s)} is not a %key%`);
    return nls[m[1]];
  };
  const walkthrough = pkg.contributes.walkthroughs?.find((w) => w.id === 'okChat.start');
  type Step = { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] };
  const steps = (walkthrough?.steps ?? []) as unknown as Step[];

  it('okChat.start has the five steps, each completing on the right event', () => {
    assert.ok(walkthrough, 'walkthrough okChat.start');
    assert.deepEqual(
      steps.map((s) => [s.id, s.completionEvents]),
      [
        // a working token is the proof that it was got (running the command is not: it may be cancelled)
        ['getToken', ['onContext:okChat.state == ready']],
        ['setToken', ['onContext:okChat.state == ready']],
        ['addChat', ['onContext:okChat.chatCount > 0']],
        // set by the extension once a selection was actually sent, not when the command starts
        ['sendSelection', ['onContext:okChat.sentSelection']],
        ['buildNotifications', ['onSettingChanged:okChat.buildNotifications', 'onContext:okChat.sentBuildNotification']],
      ],
    );
  });

  it('buttons run declared commands (or the settings editor)', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    const links = (text: string) => [...text.matchAll(/\]\(command:([\w.]+)(\?[^)]*)?\)/g)].map((m) => ({ command: m[1], args: m[2] }));
    const want: Record<string, string[]> = {
      setToken: ['okChat.setToken'],
      addChat: ['okChat.pickChats', 'okChat.addChat'],
      sendSelection: ['okChat.sendSelection'],
      buildNotifications: ['workbench.action.openSettings', 'okChat.sendTestBuildNotification'],
    };
    for (const step of steps) {
      for (const nls of [en, ru]) {
        const found = links(resolve(step.description, nls));
        assert.deepEqual(found.map((l) => l.command), want[step.id] ?? [], `buttons of ${step.id}`);
        for (const l of found) assert.ok(declared.has(l.command) || l.command === 'workbench.action.openSettings', `${l.command} is not declared`);
      }
    }
    const settings = links(en['walkthrough.start.buildNotifications.description']).find((l) => l.command === 'workbench.action.openSettings');
    assert.deepEqual(JSON.parse(decodeURIComponent(settings?.args?.slice(1) ?? '')), ['okChat.buildNotifications']);
  });

  it('one name per action: every button and bold command name is the command\'s own title', () => {
    const titles = (nls: Strings) => new Map(pkg.contributes.commands.map((c) => [c.command, resolve((c as unknown as { title: string }).title, nls)]));
    const manifestTexts = (nls: Strings) => [
      ...steps.map((step) => resolve(step.description, nls)),
      ...((pkg.contributes as unknown as { viewsWelcome: Array<{ contents: string }> }).viewsWelcome.map((v) => resolve(v.contents, nls))),
    ];
    const problems: string[] = [];
    for (const [lang, nls] of [['en', en], ['ru', ru]] as const) {
      const byCommand = titles(nls);
      const allTitles = new Set(byCommand.values());
      for (const text of manifestTexts(nls)) {
        const seen = new Set<string>();
        for (const m of text.matchAll(/\[([^\]]+)\]\(command:([\w.]+)[^)]*\)/g)) {
          const [, label, command] = m;
          const title = byCommand.get(command);
          if (title !== undefined && label !== title) problems.push(`${lang}: button "${label}" runs ${command}, titled "${title}"`);
          if (seen.has(command)) problems.push(`${lang}: ${command} offered twice in: ${text.slice(0, 60)}…`);
          seen.add(command);
        }
      }
      // Walkthrough pages name commands in bold; each bold name that is meant as a command is one.
      const pages = readdirSync(path.join(ROOT, 'media', 'walkthrough')).filter((f) => (lang === 'ru' ? f.endsWith('.ru.md') : !f.endsWith('.ru.md')));
      for (const page of pages) {
        const text = readFileSync(path.join(ROOT, 'media', 'walkthrough', page), 'utf8');
        for (const m of text.matchAll(/\*\*(?:OK Chat: )?([^*]+)\*\*/g)) {
          const name = m[1];
          const looksLikeCommand = /^(Add|Send|Set|Remove|Pick|Добавить|Отправить|Задать|Удалить|Выбрать) /.test(name);
          if (looksLikeCommand && !allTitles.has(name)) problems.push(`${lang}: ${page} names "${name}", which is no command's title`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('every step has a markdown page in English and in Russian, shipped in the .vsix', () => {
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!media/walkthrough/**'), '.vscodeignore must keep media/walkthrough/ in the package');
    const pages = new Set<string>();
    for (const step of steps) {
      const english = resolve(step.media.markdown ?? null, en);
      const russian = resolve(step.media.markdown ?? null, ru);
      assert.match(english, /^media\/walkthrough\/[\w-]+\.md$/);
      assert.equal(russian, english.replace(/\.md$/, '.ru.md'));
      for (const page of [english, russian]) {
        assert.ok(existsSync(path.join(ROOT, page)), `${page} is missing`);
        pages.add(path.basename(page));
      }
      // Settings, commands and ids in code spans are the same in both languages.
      const codeSpans = (file: string) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/`[^`\n]+`/g)].map((m) => m[0]).sort();
      assert.deepEqual(codeSpans(russian), codeSpans(english), `code spans of ${russian}`);
    }
    assert.deepEqual(readdirSync(path.join(ROOT, 'media', 'walkthrough')).sort(), [...pages].sort(), 'pages no step uses');
  });
});

// ---------------------------------------------------------------------------------------------

describe('l10n: runtime bundles (l10n/)', () => {
  const committed = readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8');
  const en = JSON.parse(committed) as Strings;
  const ru = readJson<Strings>('l10n/bundle.l10n.ru.json');

  it('l10n/bundle.l10n.json is exactly what `npm run l10n` (@vscode/l10n-dev) exports from src/', function () {
    this.timeout(60_000);
    const out = mkdtempSync(path.join(os.tmpdir(), 'ok-chat-l10n-'));
    let exported: string;
    try {
      const cli = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, path.join(ROOT, 'src')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
      exported = readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8');
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      return assert.fail(`l10n-dev export failed:\n${err.stderr ?? ''}${err.stdout ?? String(e)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const fresh = JSON.parse(exported) as Strings;
    assert.ok(Object.keys(fresh).length >= 150, `only ${Object.keys(fresh).length} messages exported`);
    assert.deepEqual(Object.keys(fresh).filter((k) => !(k in en)), [], 'in the sources but not in l10n/bundle.l10n.json (run npm run l10n)');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in fresh)), [], 'in l10n/bundle.l10n.json but no longer in the sources (run npm run l10n)');
    assert.equal(committed, exported, 'l10n/bundle.l10n.json differs from the export (run npm run l10n)');
  });

  it('the English bundle maps every message to itself', () => {
    assert.deepEqual(Object.entries(en).filter(([k, v]) => k !== v), []);
  });

  it('the Russian bundle translates every message, with the same placeholders and codicons', () => {
    assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'not translated in l10n/bundle.l10n.ru.json');
    assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'no longer used (remove from l10n/bundle.l10n.ru.json)');
    const problems: string[] = [];
    const placeholders = (s: string) => [...s.matchAll(/\{\d+\}|\$\([\w~-]+\)/g)].map((m) => m[0]).sort();
    for (const [key, russian] of Object.entries(ru)) {
      if (typeof russian !== 'string' || !russian.trim()) problems.push(`${JSON.stringify(key)}: empty`);
      else if (russian === key && !SAME_IN_RUSSIAN.has(key)) problems.push(`${JSON.stringify(key)}: not translated`);
      else if (JSON.stringify(placeholders(russian)) !== JSON.stringify(placeholders(key))) {
        problems.push(`${JSON.stringify(key)}: placeholders ${placeholders(key).join(' ')} became ${placeholders(russian).join(' ')}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('package.json points VS Code at the bundles, and the .vsix keeps them', () => {
    assert.equal(readJson<{ l10n?: string }>('package.json').l10n, './l10n');
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!l10n/*.json'));
    assert.ok(ignore.includes('!package.nls*.json'));
  });
});

// ---------------------------------------------------------------------------------------------
// User-visible text that bypasses l10n, found with the TypeScript AST.

interface Finding {
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
  ask: [0],
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
function isTranslation(call: ts.CallExpression): boolean {
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

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}

describe('l10n: no user-visible text bypasses translation', () => {
  it('the scan finds untranslated text (self-check on a sample)', () => {
    const sample = [
      "import * as vscode from 'vscode';",
      "void vscode.window.showInformationMessage('Saved.');", // 2
      "void vscode.window.showWarningMessage(vscode.l10n.t('Fine.'), 'Retry');", // 3: the button
      "vscode.window.setStatusBarMessage(`$(check) Sent to ${name}.`, 3000);", // 4
      "vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Sent.')}`, 3000);",
      "await vscode.window.showInputBox({ prompt: 'Message text', placeHolder: 'https://example.com/icon.png', validateInput: (v) => (v ? undefined : 'Empty') });", // 6 twice
      "await vscode.window.withProgress({ location, title: 'Working…' }, task);", // 7
      "throw new InputError('Bad input');", // 8
      "throw new Error(l10n.t('Fine'));",
      "class N extends vscode.TreeItem { constructor() { super('Outbox'); this.tooltip = 'Tip'; } }", // 10 twice
      "item.text = '$(bell) OK';",
      "item.command = { command: 'okChat.x', title: 'Open rules' };", // 12
      "log.info('not for users');",
      "await vscode.window.showQuickPick(items.map((i) => ({ label: i.name, description: 'left' })), { placeHolder: vscode.l10n.t('Pick') });", // 14
      "await confirmModal(vscode.l10n.t('Sure?'), detail, 'Delete');", // 15
    ].join('\n');
    assert.deepEqual(
      untranslatedText('sample.ts', sample).map((f) => `${f.line}:${f.text}`),
      [
        '2:Saved.',
        '3:Retry',
        '4:`$(check) Sent to ${name}.`',
        '6:Message text',
        '6:Empty',
        '7:Working…',
        '8:Bad input',
        '10:Outbox',
        '10:Tip',
        '12:Open rules',
        '14:left',
        '15:Delete',
      ],
    );
  });

  it('src/extension/** passes every user-visible text through vscode.l10n.t', () => {
    const files = tsFiles(path.join(ROOT, 'src', 'extension'));
    assert.ok(files.length > 20, `only ${files.length} files scanned`);
    const found = files.flatMap((f) => untranslatedText(f, readFileSync(f, 'utf8')).map((x) => `${path.relative(ROOT, f)}:${x.line}: ${x.text}`));
    assert.deepEqual(found, []);
  });

  it('every l10n.t call has a literal message (the export cannot see any other, so it would stay English)', () => {
    const found: string[] = [];
    for (const f of tsFiles(path.join(ROOT, 'src'))) {
      const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && isTranslation(n)) {
          const first = n.arguments[0];
          if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
            found.push(`${path.relative(ROOT, f)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.getText(sf).slice(0, 60)}`);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    assert.deepEqual(found, []);
  });

  it('src/core/** gives every InputError an l10n.t() message', () => {
    const files = tsFiles(path.join(ROOT, 'src', 'core'));
    const found = files.flatMap((f) => untranslatedText(f, readFileSync(f, 'utf8'), { onlyInputErrors: true }).map((x) => `${path.relative(ROOT, f)}:${x.line}: ${x.text}`));
    assert.deepEqual(found, []);
  });
});
