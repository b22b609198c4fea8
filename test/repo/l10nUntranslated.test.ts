/** No user-visible text bypasses translation (found with the TypeScript AST). */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../helpers/l10nJson';
import { isTranslation, tsFiles, untranslatedText } from '../helpers/untranslatedText';

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
