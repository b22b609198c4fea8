/** For the CI tests: a CI job's whole environment as recorded in test/fixtures/ci (with unrelated variables, tokens and all). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

export function ciFixture(provider: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'ci', `${provider}.json`), 'utf8')) as Record<string, string>;
}
