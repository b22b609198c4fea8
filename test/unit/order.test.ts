import * as assert from 'node:assert/strict';
import { byRecentUse } from '../../src/vscode/order';

describe('chat pickers', () => {
  it('put the most recently used chats first and keep the list order otherwise', () => {
    const chats = [{ id: 'a' }, { id: 'b', lastUsedAt: 10 }, { id: 'c' }, { id: 'd', lastUsedAt: 20 }];
    assert.deepEqual(byRecentUse(chats).map((c) => c.id), ['d', 'b', 'a', 'c']);
    assert.deepEqual(chats.map((c) => c.id), ['a', 'b', 'c', 'd'], 'the input is not reordered');
  });
});
