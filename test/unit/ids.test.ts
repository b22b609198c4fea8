import * as assert from 'node:assert/strict';
import { InputError, parseChatId, parseUserId, parseUserIdList, shortChatId } from '../../src/core';

describe('ids', () => {
  describe('parseChatId', () => {
    const canonical = 'chat:C3ecb9d02a600';
    for (const input of [
      'chat:C3ecb9d02a600',
      'C3ecb9d02a600',
      '  C3ecb9d02a600\n',
      'c3ecb9d02a600',
      'chat:C3ECB9D02A600',
      '"chat:C3ecb9d02a600"',
      'https://ok.ru/messages/chat:C3ecb9d02a600',
      'https://ok.ru/messages/C3ecb9d02a600',
      'ok.ru/messages/c3ecb9d02a600',
      'https://m.ok.ru/messages/?chatId=C3ecb9d02a600',
      'https://ok.ru/messages/chat%3AC3ecb9d02a600',
    ]) {
      it(`normalises ${JSON.stringify(input)}`, () => assert.equal(parseChatId(input), canonical));
    }

    for (const input of ['', '   ', '12345', 'chat:', 'chat:X3ecb9d02a600', 'chat:C3ecb9d02a60z', 'C12', 'https://example.com/messages/C3ecb9d02a600', 'user:123']) {
      it(`rejects ${JSON.stringify(input)} with a message that shows the expected form`, () => {
        assert.throws(() => parseChatId(input), (e: unknown) => e instanceof InputError && /chat:C3ecb9d02a600|chat id/.test(e.message));
      });
    }

    it('explains an ok.ru link without an id', () => {
      assert.throws(() => parseChatId('https://ok.ru/messages/575544452'), /does not contain a chat id/);
    });

    it('keeps ids as strings and gives a short form', () => {
      const id = parseChatId('C3ecb9d02a600');
      assert.equal(typeof id, 'string');
      assert.equal(shortChatId(id), 'C3ecb9d02a600');
    });
  });

  describe('parseUserId', () => {
    it('accepts user:N, N and profile links', () => {
      assert.equal(parseUserId('user:123456789012'), 'user:123456789012');
      assert.equal(parseUserId(' 123456789012 '), 'user:123456789012');
      assert.equal(parseUserId('https://ok.ru/profile/575544452'), 'user:575544452');
    });
    it('never turns big ids into numbers', () => {
      assert.equal(parseUserId('9007199254740993'), 'user:9007199254740993');
    });
    for (const input of ['', 'user:', 'user:abc', 'chat:C3ecb9d02a600', '12.5', '-1']) {
      it(`rejects ${JSON.stringify(input)}`, () => assert.throws(() => parseUserId(input), /not an OK user id|user id/));
    }
  });

  describe('parseUserIdList', () => {
    it('splits on commas, spaces and new lines and removes duplicates', () => {
      assert.deepEqual(parseUserIdList('user:1, 2\n3;  1'), ['user:1', 'user:2', 'user:3']);
    });
    it('refuses an empty list', () => assert.throws(() => parseUserIdList(' , '), InputError));
    it('names the wrong entry', () => assert.throws(() => parseUserIdList('1, bob'), /"bob"/));
  });
});
