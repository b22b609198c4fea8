/** Russian texts call the service ОК in Cyrillic, as Russian users write it; product names keep their Latin "OK". */
import * as assert from 'node:assert/strict';
import { readJson, type Strings } from '../helpers/l10nJson';

/** Names written with a Latin "OK" on purpose (the product's own name). */
const ALLOWED = ['OK Chat'];

/** Where Latin "OK" stands as a word in a Russian text (not part of a name on the allow-list, a URL or an identifier). */
export function latinOk(text: string): string[] {
  let rest = text;
  for (const name of ALLOWED) rest = rest.split(name).join('');
  return [...rest.matchAll(/(?<![\p{L}\p{N}_./@-])OK(?![\p{L}\p{N}_])/gu)].map((m) => rest.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + 22));
}

describe('l10n: "ОК" in Cyrillic in Russian texts', () => {
  it('the check finds Latin "OK" as a word, and lets product names, URLs and identifiers be', () => {
    assert.equal(latinOk('Не удалось связаться с OK — повтор').length, 1);
    assert.equal(latinOk('OK просит подождать').length, 1);
    assert.equal(latinOk('кнопками OK.').length, 1);
    assert.deepEqual(latinOk('Уведомления OK Chat о сборках; ОК ответил; ok.ru; okChat.setToken; OKAY; `OK_CHAT_TOKEN`'), []);
  });

  for (const file of ['l10n/bundle.l10n.ru.json', 'package.nls.ru.json']) {
    it(`${file} says "ОК", not Latin "OK"`, () => {
      const found = Object.entries(readJson<Strings>(file)).flatMap(([key, value]) => latinOk(value).map((at) => `${key}: …${at}…`));
      assert.deepEqual(found, []);
    });
  }
});
