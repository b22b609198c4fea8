// Reading a chat's messages: the request builder, the answer's schema, and long integers kept exact.
import * as assert from 'node:assert/strict';
import { MessagesSchema, okMessageId, parseJsonExact, quoteLongIntegers, requests } from '../../src/core';

describe('reading messages: the request', () => {
  it('GET /me/messages/<chat> with count (default 50), from and to', () => {
    const r = requests.readMessages('C3ecb9d02a600');
    assert.equal(r.method, 'GET');
    assert.equal(r.path, '/me/messages/chat:C3ecb9d02a600');
    assert.deepEqual(r.query, { count: '50' });
    assert.equal(r.exactIntegers, true);
    assert.deepEqual(requests.readMessages('chat:C3ecb9d02a600', { count: 5, from: 2000, to: 1000 }).query, { count: '5', from: '2000', to: '1000' });
  });

  it('refuses a count out of 1..100, a bad time, and from earlier than to', () => {
    for (const count of [0, 101, 1.5, -1]) assert.throws(() => requests.readMessages('chat:C3ecb9d02a600', { count }), /count must be a whole number from 1 to 100/);
    assert.throws(() => requests.readMessages('chat:C3ecb9d02a600', { from: -1 }), /from must be a time/);
    assert.throws(() => requests.readMessages('chat:C3ecb9d02a600', { from: 1000, to: 2000 }), /from must not be earlier than to/);
    assert.throws(() => requests.readMessages('not a chat'));
  });
});

describe('reading messages: long integers', () => {
  it('2^53+1 and 9223372036854775807 stay exact; short numbers stay numbers', () => {
    const text = '{"seq": 9007199254740993, "big": 9223372036854775807, "neg": -9223372036854775808, "ts": 1735696880000, "small": 42}';
    assert.equal((JSON.parse(text) as { seq: number }).seq, 9007199254740992); // what JSON.parse would make of it
    assert.deepEqual(parseJsonExact(text), { seq: '9007199254740993', big: '9223372036854775807', neg: '-9223372036854775808', ts: 1735696880000, small: 42 });
  });

  it('digits inside strings, escaped quotes, fractions and exponents are left alone', () => {
    const text = String.raw`{"t":"9007199254740993 \"12345678901234567\" \\","a":[1.5,-2e3,12345678901234567.5,1234567890123456789e2,0],"k":"x"}`;
    assert.equal(quoteLongIntegers(text), text);
    const parsed = parseJsonExact(text) as { t: string; a: number[] };
    assert.equal(parsed.t, '9007199254740993 "12345678901234567" \\');
    assert.deepEqual(parsed.a.slice(0, 2), [1.5, -2000]);
  });

  it('a key that looks like a number, and malformed JSON, behave as with JSON.parse', () => {
    assert.deepEqual(parseJsonExact('{"12345678901234567":12345678901234567}'), { '12345678901234567': '12345678901234567' });
    assert.throws(() => parseJsonExact('{"a": 1234567890123456789'), SyntaxError);
    assert.equal(quoteLongIntegers('[]'), '[]');
  });
});

describe('reading messages: the answer', () => {
  const sample = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    messages: [{ sender: { name: 'Vlady X', user_id: 'user:562187610613' }, recipient: { chat_id: 'chat:C3f8698c84b26' }, message, timestamp: 1534647529221, ...extra }],
  });

  it('reads the recorded shape, ids as strings, edited flag, unknown fields kept', () => {
    const body = parseJsonExact(JSON.stringify(sample({ mid: 'mid:C3f8698c84b26.165501eef0505cb', text: 'x', later: 1 }, { edited: true })).replace('"later":1', '"seq":100574660475028939'));
    const parsed = MessagesSchema.parse(body);
    const [m] = parsed.messages;
    assert.equal(m.message.seq, '100574660475028939');
    assert.equal(okMessageId(m), 'mid:C3f8698c84b26.165501eef0505cb');
    assert.equal(m.edited, true);
    assert.equal(m.timestamp, 1534647529221);
  });

  it('tolerates message_id instead of mid, no text, null text, numeric user ids and seq, no sender', () => {
    for (const message of [{ message_id: 'mid:1' }, { mid: 'mid:1', text: null }, { mid: 'mid:1', seq: 123 }]) {
      const [m] = MessagesSchema.parse(sample(message)).messages;
      assert.equal(okMessageId(m), 'mid:1');
    }
    const [n] = MessagesSchema.parse({ messages: [{ sender: { user_id: 585110908962 }, message: { mid: 'm' }, timestamp: '1478100200314' }] }).messages;
    assert.equal(n.sender?.user_id, '585110908962');
    assert.equal(n.timestamp, 1478100200314);
    assert.ok(MessagesSchema.safeParse({ messages: [{ message: {}, timestamp: 1 }] }).success);
  });

  it('refuses an answer without messages; a message without its time or body is kept, marked (read item by item)', () => {
    assert.equal(MessagesSchema.safeParse({}).success, false);
    const [noTime] = MessagesSchema.parse({ messages: [{ message: {} }] }).messages;
    assert.equal(noTime.timeUnknown, true);
    const [noBody] = MessagesSchema.parse({ messages: [{ timestamp: 1 }] }).messages;
    assert.match(String(noBody.unreadable), /^message: /);
    assert.equal(noBody.timestamp, 1);
  });
});
