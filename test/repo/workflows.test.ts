// The GitHub workflows and the Action's action.yml, checked against GitHub's schemas with
// @action-validator/core (offline: the schemas ship in its WebAssembly), and what they must do.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateAction, validateWorkflow, type ValidationError } from '@action-validator/core';
import { load } from 'js-yaml';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; strategy?: { matrix: { os: string[] } }; steps: Step[] }>;
}

const show = (errors: ValidationError[]) => JSON.stringify(errors, null, 1);

describe('GitHub workflows and action.yml', () => {
  const workflows = readdirSync(path.join(ROOT, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));

  it('every workflow passes the workflow schema', () => {
    assert.deepEqual(workflows.sort(), ['ci.yml', 'release.yml']);
    for (const f of workflows) {
      const { errors } = validateWorkflow(read(`.github/workflows/${f}`));
      assert.deepEqual(errors, [], `${f}: ${show(errors)}`);
    }
  });

  it('the validator catches a broken workflow (it is not passing everything)', () => {
    const broken = read('.github/workflows/ci.yml').replace('runs-on: ubuntu-24.04', 'runs-onn: ubuntu-24.04');
    assert.notDeepEqual(validateWorkflow(broken).errors, []);
  });

  it('action.yml passes the action schema; node24, newer than the validator\'s schema, is its only difference', () => {
    const text = read('action.yml');
    const { errors } = validateAction(text);
    // GitHub documents node24 as the JavaScript actions' runtime (node20 is deprecated and forced onto
    // node24); the validator's schema still lists node12/16/20. Its check of the same file with node20
    // must pass, so that everything but the runtime's name is validated.
    const asNode20 = validateAction(text.replace(/^ {2}using: node24$/m, '  using: node20'));
    assert.deepEqual(asNode20.errors, [], show(asNode20.errors));
    const javascript = errors.length === 1 && 'states' in errors[0] ? errors[0].states?.[0]?.errors : undefined;
    assert.deepEqual(javascript?.map((e) => ('path' in e ? `${e.code} ${e.path}` : e.code)), ['enum /runs/using'], show(errors));
    assert.equal((load(text) as { runs: { using: string } }).runs.using, 'node24');
  });

  it('CI runs the README\'s test command on Linux, and the desktop suites under xvfb-run on Linux, Windows and macOS, with caches', () => {
    const ci = load(read('.github/workflows/ci.yml')) as Workflow;
    const runs = (job: string) => ci.jobs[job].steps.map((s) => s.run ?? '').join('\n');
    assert.match(runs('test'), /^npm ci && npm test$/m);
    // not root on the hosted runner: scripts/vscode-host.mjs cannot install Chromium, so it is pointed at one
    assert.ok(ci.jobs.test.env?.CHROMIUM_PATH, 'CHROMIUM_PATH for the test job');
    assert.deepEqual(ci.jobs.desktop.strategy?.matrix.os.map((os) => os.split('-')[0]).sort(), ['macos', 'ubuntu', 'windows']);
    assert.match(runs('desktop'), /^xvfb-run -a npm run test:electron$/m);
    for (const job of ['test', 'desktop']) {
      const steps = ci.jobs[job].steps;
      assert.ok(steps.some((s) => s.uses?.startsWith('actions/setup-node@') && s.with?.cache === 'npm'), `${job}: npm's cache`);
      assert.ok(steps.some((s) => s.uses?.startsWith('actions/cache@') && s.with?.path === '.vscode-test'), `${job}: the VS Code download cached`);
    }
  });

  it('the release runs the release check first, and publishes only from ok-chat/ok-chat with the tokens (else dry runs)', () => {
    const release = load(read('.github/workflows/release.yml')) as Workflow;
    assert.deepEqual(Object.keys(release.on), ['push']);
    const [job] = Object.values(release.jobs);
    const text = job.steps.map((s) => `${s.run ?? ''}\n${JSON.stringify(s.env ?? {})}`).join('\n');
    assert.match(job.steps.find((s) => s.run)?.run ?? '', /^node scripts\/release-check\.mjs "\$GITHUB_REF_NAME"/, 'the release check is the first command');
    assert.equal(job.env?.OFFICIAL, "${{ github.repository == 'ok-chat/ok-chat' }}");
    for (const publish of ['npx vsce publish', 'ovsx@1.4.0 publish', 'npm publish --provenance']) {
      const step = job.steps.find((s) => s.run?.includes(publish));
      assert.ok(step, publish);
      assert.match(step.run!, /if \[ "\$PUBLISH" = true \]; then[\s\S]*else\n\s+echo "dry run: would publish/, `${publish}: only when the where step says so, else a dry run`);
    }
    assert.match(text, /npm publish --dry-run/);
    assert.match(text, /gh release create [\s\S]*vsix[\s\S]*tgz/);
    assert.match(text, /git add --force dist\/action\.js dist\/cli\.js dist\/cli\.bundle\.js/);
    assert.match(text, /if \[ "\$OFFICIAL" = true \]; then\n\s+git push --force origin "refs\/tags\/\$major"/);
    // dist/ stays ignored on main: the built files exist only in the release commits
    assert.match(read('.gitignore'), /^dist\/$/m);
  });
});
