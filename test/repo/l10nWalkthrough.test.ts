/** l10n of the walkthrough: its steps, media and links in English and Russian. */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NLS_REF, ROOT, readJson, type Json, type Strings } from '../helpers/l10nJson';

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
      buildNotifications: ['okChat.addBuildNotificationRule', 'workbench.action.openSettings', 'okChat.sendTestBuildNotification'],
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
