import * as assert from 'node:assert/strict';
import { addablePeople, MAX_GROUPS, MAX_PEOPLE, personItem, personName, readPeople, sendersOf, withPeople, type PeopleByGroup } from '../../src/extension/people/peopleRecords';

const G = 'group:70000000000001';
const DAY = 24 * 60 * 60 * 1000;

describe('people by name (learned from the messages read)', () => {
  it("reads the senders' names by user id, the later message's name winning; ids in any form", () => {
    const names = sendersOf([
      { sender: { user_id: '100000000002', name: 'Борис' }, timestamp: 2 },
      { sender: { user_id: 'user:100000000001', name: 'Анна' }, timestamp: 1 },
      { sender: { user_id: 'user:100000000001', name: 'Анна Иванова' }, timestamp: 3 },
      { sender: { user_id: '100000000003', name: '  ' }, timestamp: 4 },
      { sender: null, timestamp: 5 },
      { sender: { name: 'No id' }, timestamp: 6 },
    ]);
    assert.deepEqual(
      names,
      new Map([
        ['user:100000000001', 'Анна Иванова'],
        ['user:100000000002', 'Борис'],
      ]),
    );
  });

  it('keeps them per group; nothing is written again for names already kept (until a day has passed)', () => {
    const names = new Map([['user:1', 'Анна']]);
    const first = withPeople({}, G, names, 1000);
    assert.deepEqual(first, { [G]: { people: { 'user:1': { name: 'Анна', seenAt: 1000 } }, updatedAt: 1000 } });
    assert.equal(withPeople(first, G, names, 2000), undefined);
    assert.ok(withPeople(first, G, new Map([['user:1', 'Анна Иванова']]), 2000));
    assert.equal(withPeople(first, G, names, 1000 + DAY)?.[G]?.people['user:1']?.seenAt, 1000 + DAY);
    const other = withPeople(first, 'group:2', new Map([['user:9', 'Вера']]), 3000)!;
    assert.deepEqual(Object.keys(other).sort(), [G, 'group:2'].sort());
    assert.deepEqual(Object.keys(other[G].people), ['user:1']);
  });

  it(`is bounded: the ${MAX_PEOPLE} most recently seen per group, the ${MAX_GROUPS} most recently updated groups`, () => {
    let stored: PeopleByGroup = {};
    for (let i = 0; i < MAX_PEOPLE + 20; i++) stored = withPeople(stored, G, new Map([[`user:${i}`, `P${i}`]]), i)!;
    const kept = Object.keys(stored[G].people);
    assert.equal(kept.length, MAX_PEOPLE);
    assert.ok(!kept.includes('user:0') && kept.includes(`user:${MAX_PEOPLE + 19}`));
    for (let g = 0; g < MAX_GROUPS + 2; g++) stored = withPeople(stored, `group:${g}`, new Map([['user:1', 'A']]), 10_000 + g)!;
    assert.equal(Object.keys(stored).length, MAX_GROUPS);
    assert.ok(!(G in stored) && `group:${MAX_GROUPS + 1}` in stored);
    assert.ok(JSON.stringify(stored).length < 40_000, 'small');
  });

  it('reads stored records defensively', () => {
    assert.deepEqual(readPeople(undefined), {});
    assert.deepEqual(readPeople([1]), {});
    const read = readPeople({ [G]: { people: { 'user:1': { name: 'Анна', seenAt: 5 }, 'user:2': { name: 7 }, x: { name: 'X', seenAt: 1 }, 'user:3': null }, updatedAt: 'x' }, bad: null });
    assert.deepEqual(read, { [G]: { people: { 'user:1': { name: 'Анна', seenAt: 5 } }, updatedAt: 0 } });
  });

  it('names people where known, ids apart; the people to add are those not in the chat, by name', () => {
    const names = new Map([
      ['user:1', 'Анна Иванова'],
      ['user:2', 'Борис'],
      ['user:3', 'Вера'],
    ]);
    assert.equal(personName('1', names), 'Анна Иванова');
    assert.equal(personName('user:9', names), 'user:9');
    assert.deepEqual(personItem('user:2', names), { label: 'Борис', description: 'user:2', userId: 'user:2' });
    assert.deepEqual(personItem('9', names), { label: 'user:9', description: '', userId: 'user:9' });
    assert.deepEqual(addablePeople(names, ['user:2', '1'], 'ru'), [{ userId: 'user:3', name: 'Вера' }]);
    assert.deepEqual(addablePeople(names, [], 'ru').map((p) => p.name), ['Анна Иванова', 'Борис', 'Вера']);
  });
});
