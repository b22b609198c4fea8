// Test entry of the "l10n-ru" suite: VS Code started in Russian (suites.json "locale": "ru").
// Runs only the localisation tests of the smoke suite (suite/l10n-in-editor.test.ts), which read what they
// expect from the extension's Russian files; the other tests expect English messages.
import * as path from 'node:path';
import { runMochaIn } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, '..', 'suite'), { grep: '^l10n ' });
}
