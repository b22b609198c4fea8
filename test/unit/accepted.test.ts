// "Success is accepted": a POST answered 2xx with a JSON object without an error was applied by
// OK, whatever else the object holds (docs/ok-graph-api.md, Success); a 2xx that is not a JSON
// object is "may have been sent". Strict checks stay on GET answers we need.
import * as assert from 'node:assert/strict';
import { OkApiError, OkClient, describeShape, requests, type ApiRequest } from '../../src/core';
import { FakeOkServer, SEED_CHAT_IDS, SEED_USER_IDS } from '../fake-ok/server';
import { useFakeOkWithClient } from '../helpers/fakeOkWithClient';
import { rejection } from '../helpers/rejection';

const CHAT = SEED_CHAT_IDS[0];

describe('answers to POSTs are accepted whatever the shape of their JSON object', () => {
  const ok = useFakeOkWithClient({ server: { seed: true }, client: { retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 } } });

  /** Answers the next POST with HTTP 200 and this body, as OK would after applying it. */
  const answerNextPost = (body: string) => {
    ok.server.injectFault({ kind: 'status', status: 200, body }, { method: 'POST' });
  };

  const posts: Array<[string, () => ApiRequest<unknown>]> = [
    ['sendText', () => requests.sendText(CHAT, 'Hello')],
    ['sendImage', () => requests.sendImageUrl(CHAT, 'https://st.mycdn.me/res/i/ok_logo.png')],
    ['sendFile', () => requests.sendUploaded(CHAT, 'FILE', 'tok')],
    ['renameChat', () => requests.renameChat(CHAT, 'New')],
    ['setChatIcon', () => requests.setChatIcon(CHAT, 'https://and.su/tamtam/icon128.png')],
    ['addMembers', () => requests.addMembers(CHAT, ['user:1'])],
    ['removeMember', () => requests.removeMember(CHAT, 'user:1')],
    ['leaveChat', () => requests.leaveChat(CHAT)],
    ['markSeen', () => requests.markSeen(CHAT)],
    ['typing_on', () => requests.typingOn(CHAT)],
  ];
  const bodies: Array<[string, string | undefined]> = [
    ['{}', undefined],
    ['{"mid":"mid:C3ecb9d02a600.7a"}', 'mid:C3ecb9d02a600.7a'],
    ['{"message_id":"mid:C3ecb9d02a600.7b"}', 'mid:C3ecb9d02a600.7b'],
    ['{"success":true}', undefined],
    ['{"success":true,"message_id":"MID:123","extra":{"a":[1]}}', 'MID:123'],
    ['{"message":{"mid":"mid:C3ecb9d02a600.7c","seq":"109876543210987654"}}', 'mid:C3ecb9d02a600.7c'],
  ];
  /** Not a JSON object: did not come from OK's API. */
  const notObjects = ['', 'OK', '[1,2]', '"sent"', '<html><body>Sign in to the Wi-Fi</body></html>'];

  for (const [action, build] of posts) {
    it(`${action}: every accepted shape is success, read once, never retried`, async () => {
      for (const [body, id] of bodies) {
        ok.server.requests.length = 0;
        answerNextPost(body);
        const res = (await ok.client.call(build())) as { message_id?: string; success?: boolean };
        assert.equal(res.message_id, id, `${action} ${body}`);
        if (!action.startsWith('send')) assert.equal(res.success, true, `${action} ${body}`);
        assert.equal(ok.server.requests.length, 1, `${action} ${body} was sent again`);
      }
    });
  }

  for (const [action, build] of posts) {
    it(`${action}: a 2xx that is not a JSON object "may have been sent", told once, never retried`, async () => {
      for (const body of notObjects) {
        ok.server.requests.length = 0;
        answerNextPost(body);
        const e = await rejection(ok.client.call(build()), OkApiError);
        assert.equal(e.kind, 'not-ok', `${action} ${body}`);
        assert.equal(e.delivery, 'unknown', `${action} ${body}`);
        assert.equal(ok.server.requests.length, 1, `${action} ${body} was sent again`);
      }
    });
  }

  it('ok.logs an unexpected shape once per action and shape, at debug level, without values', async () => {
    for (let i = 0; i < 3; i++) {
      answerNextPost('{"message_id":"mid:C3ecb9d02a600.99"}');
      await ok.client.call(requests.renameChat(CHAT, 'x'));
    }
    answerNextPost('{}');
    await ok.client.call(requests.renameChat(CHAT, 'x'));
    answerNextPost('{"message_id":"mid:C3ecb9d02a600.98"}');
    await ok.client.call(requests.leaveChat(CHAT));
    const shapes = ok.logs.filter((l) => l.includes('did not expect'));
    assert.deepEqual(shapes, [
      'debug renameChat: OK accepted the request and answered in a shape OK Chat did not expect: {"message_id": string}. Treated as success (logged once per shape).',
      'debug renameChat: OK accepted the request and answered in a shape OK Chat did not expect: {}. Treated as success (logged once per shape).',
      'debug leaveChat: OK accepted the request and answered in a shape OK Chat did not expect: {"message_id": string}. Treated as success (logged once per shape).',
    ]);
    assert.ok(!ok.logs.some((l) => l.includes('mid:C3ecb9d02a600.9')), 'values are not logged');
  });

  it('the documented shapes are not logged', async () => {
    await ok.client.call(requests.sendText(CHAT, 'x'));
    await ok.client.call(requests.renameChat(CHAT, 'x'));
    await ok.client.call(requests.sendToUsers([SEED_USER_IDS[0]], 'x'));
    assert.deepEqual(ok.logs.filter((l) => l.includes('did not expect')), []);
  });

  it('"success": false for a chat action is a refusal with a clear message, not "unknown"', async () => {
    answerNextPost('{"success":false}');
    const e = await rejection(ok.client.call(requests.removeMember(CHAT, 'user:1')), OkApiError);
    assert.equal(e.kind, 'refused');
    assert.equal(e.delivery, 'rejected');
    assert.match(e.userMessage, /OK did not apply this/);
    assert.doesNotMatch(e.userMessage, /Something went wrong/);
    assert.equal(ok.server.requests.length, 1);
  });

  it('"success": [bool…] for direct messages stays per user, even all false', async () => {
    answerNextPost('{"success":[false,true,false],"chat_ids":[null,"chat:C0000000000d1",null]}');
    const res = await ok.client.call(requests.sendToUsers(['user:1', 'user:2', '3'], 'x'));
    assert.deepEqual(res.success, [false, true, false]);
    answerNextPost('{"success":[false]}');
    assert.deepEqual((await ok.client.call(requests.sendToUsers(['user:1'], 'x'))).success, [false]);
  });

  it('a direct message accepted without per-user results counts as delivered to everyone', async () => {
    answerNextPost('{}');
    assert.deepEqual((await ok.client.call(requests.sendToUsers(['user:1', '2'], 'x'))).success, [true, true]);
  });

  it('an error is still an error: error_code in a 200 body, or an invocation-error header', async () => {
    ok.server.injectFault({ kind: 'status', status: 200, body: '{"error_code":100,"error_msg":"PARAM : bad"}' }, { method: 'POST' });
    assert.equal((await rejection(ok.client.call(requests.renameChat(CHAT, 'x')), OkApiError)).code, 100);
    ok.server.errorStyle = 'header';
    const e = await rejection(ok.client.call(requests.renameChat('chat:C0123456789ab', 'x')), OkApiError);
    assert.equal(e.code, 705);
  });
});

describe('GET answers we need fields from stay strict', () => {
  let server: FakeOkServer;
  let client: OkClient;

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('a user token (/me/info without group_id) is named as such', async () => {
    server = await FakeOkServer.start({ tokenOwner: 'user' });
    client = new OkClient({ token: server.token, baseUrl: server.baseUrl });
    const e = await rejection(client.call(requests.getMeInfo()), OkApiError);
    assert.equal(e.kind, 'user-token');
    assert.equal(e.userMessage, "This is a user token; OK Chat needs a group's token: group Settings → Messages → API.");
    assert.equal(e.isAuth, false, 'OK did not reject the token: it belongs to a user');
    assert.equal(server.requests.length, 1, 'not retried');
  });

  it('a missing field is named in the message', async () => {
    server = await FakeOkServer.start({ seed: true });
    client = new OkClient({ token: server.token, baseUrl: server.baseUrl, retry: { maxRetries: 0 } });
    server.injectFault({ kind: 'status', status: 200, body: '{"group_id":"group:1"}' }, { method: 'GET' });
    const info = await rejection(client.call(requests.getMeInfo()), OkApiError);
    assert.equal(info.kind, 'bad-response');
    assert.equal(info.field, 'name');
    assert.match(info.userMessage, /OK answered without "name"/);
    // (one chat without its id is skipped, not the list: see lenientReading.test.ts)
    server.injectFault({ kind: 'status', status: 200, body: '{"marker":"x"}' }, { method: 'GET' });
    const chats = await rejection(client.listAllChats(), OkApiError);
    assert.equal(chats.field, 'chats');
    assert.match(chats.userMessage, /"chats"/);
  });
});

describe('describeShape', () => {
  it('names keys and types, never values', () => {
    assert.equal(describeShape(undefined), 'an empty body');
    assert.equal(describeShape({ mid: 'mid:1', n: 2, ok: true, x: null }), '{"mid": string, "n": number, "ok": boolean, "x": null}');
    assert.equal(describeShape({ photos: { 123: { token: 't' } } }), '{"photos": {"123": object}}');
    assert.equal(describeShape({ success: [true, false] }), '{"success": [boolean]}');
  });
});
