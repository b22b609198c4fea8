import * as assert from 'node:assert/strict';
import { countText, pluralCategory, pluralForms } from '../../src/core/messages/plural';

const RU_NEW = '{0} новое|{0} новых|{0} новых';
const RU_MEMBERS = 'участник|участника|участников';

describe('counts in words (plural forms)', () => {
  it('Russian: one, few and many for 1, 2, 5, 11, 21, 22 and 25', () => {
    const got = [1, 2, 5, 11, 21, 22, 25].map((n) => `${n} ${countText(n, RU_MEMBERS, 'ru')}`);
    assert.deepEqual(got, ['1 участник', '2 участника', '5 участников', '11 участников', '21 участник', '22 участника', '25 участников']);
    assert.deepEqual([1, 2, 5, 11, 21, 22, 25].map((n) => pluralCategory(n, 'ru')), ['one', 'few', 'many', 'many', 'one', 'few', 'many']);
  });

  it('Russian forms are written one|few|many; 12–14 and 111 are "many"; 0 is "many"', () => {
    assert.deepEqual(pluralForms('ru'), ['one', 'few', 'many']);
    assert.deepEqual([0, 12, 13, 14, 111, 101, 104].map((n) => countText(n, RU_NEW, 'ru').replace('{0}', String(n))), ['0 новых', '12 новых', '13 новых', '14 новых', '111 новых', '101 новое', '104 новых']);
  });

  it('English: one|other; other locales of VS Code get their own rules', () => {
    assert.deepEqual(pluralForms('en'), ['one', 'other']);
    assert.equal(countText(1, 'member|members', 'en'), 'member');
    assert.equal(countText(0, 'member|members', 'en'), 'members');
    assert.equal(countText(21, 'member|members', 'en'), 'members');
    assert.equal(countText(2, 'member|members', 'en-GB'), 'members');
    assert.deepEqual(pluralForms('pl'), ['one', 'few', 'many']);
  });

  it('a translation with a form too few, a single form or an unknown locale still shows one form', () => {
    assert.equal(countText(5, 'участник|участника', 'ru'), 'участника');
    assert.equal(countText(5, 'участники', 'ru'), 'участники');
    assert.equal(countText(1, 'member|members', 'not a locale!'), 'member');
    assert.doesNotMatch(countText(7, 'a|b|c|d|e', 'ru'), /\|/);
  });
});
