/**
 * The exported schemas are stand-ins built on first use (src/core/model/okSchemas.ts): they must behave as
 * the zod schemas themselves wherever the extension, the CLI and the tests use them.
 */
import * as assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { ChatIdSchema, ChatSchema, MessageSchema, OkErrorBodySchema, SendMessageBodySchema, describeIssues, missingField } from '../../src/core/model/okSchemas';

describe('schemas built on first use', () => {
  it('parse and safeParse as the schema (its checks and messages too)', () => {
    assert.equal(ChatIdSchema.parse('chat:C3ecb9d02a600'), 'chat:C3ecb9d02a600');
    const bad = ChatIdSchema.safeParse('C3ecb9d02a600');
    assert.equal(bad.success, false);
    assert.match(describeIssues(bad.error), /expected a chat id like chat:C3ecb9d02a600/);
    assert.throws(() => MessageSchema.parse({}), /a message needs text or an attachment/);
  });

  it('compose with each other inside this module, strict and loose as before', () => {
    const body = { recipient: { chat_id: 'chat:C3ecb9d02a600' }, message: { text: 'hi' } };
    assert.deepEqual(SendMessageBodySchema.parse(body), body);
    assert.equal(SendMessageBodySchema.safeParse({ ...body, extra: 1 }).success, false, 'strict');
    assert.equal(SendMessageBodySchema.safeParse({ recipient: { chat_id: 'nope' }, message: { text: 'hi' } }).success, false);
    assert.deepEqual(OkErrorBodySchema.parse({ error_code: 102, more: true }), { error_code: 102, more: true }, 'loose');
  });

  it("work in zod's own functions, in other schemas, and with instanceof", () => {
    assert.equal(z.safeParse(ChatIdSchema, 'chat:C3ecb9d02a600').success, true);
    const list = z.array(ChatSchema);
    const answer = [{ chat_id: 'chat:C1' }, { title: 'no id' }];
    const r = list.safeParse(answer);
    assert.equal(r.success, false);
    assert.equal(missingField(r.error, answer), '1.chat_id');
    assert.ok(ChatIdSchema instanceof z.ZodMiniString);
    assert.ok(ChatSchema instanceof z.ZodMiniObject);
    assert.ok('_zod' in ChatIdSchema);
  });

  it('are built once: every use sees the same schema', () => {
    const first = ChatIdSchema._zod;
    assert.equal(ChatIdSchema._zod, first);
    // The body's message is the one MessageSchema stands for, not a second copy.
    assert.equal(SendMessageBodySchema._zod.def.shape.message._zod, MessageSchema._zod);
  });
});
