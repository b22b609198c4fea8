import * as assert from 'node:assert/strict';
import { InputError, checkTokenShape, cleanToken } from '../../src/core';

const TOKEN = 'tkn1fakeAbCdEf:ZYXWVUTSRQPONMLK';

describe('token entry', () => {
  for (const pasted of [
    TOKEN,
    `  ${TOKEN}\n`,
    `"${TOKEN}"`,
    `'${TOKEN}'`,
    `«${TOKEN}»`,
    `access_token=${TOKEN}`,
    `access_token: ${TOKEN}`,
    `https://api.ok.ru/graph/me/info?access_token=${encodeURIComponent(TOKEN)}&x=1`,
  ]) {
    it(`cleans ${JSON.stringify(pasted)}`, () => {
      const token = cleanToken(pasted);
      assert.equal(token, TOKEN);
      checkTokenShape(token);
    });
  }

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['tkn1 fake:ABC DEF GHIJKLMNOP', /no spaces/],
    ['https://ok.ru/group/123', /link/],
    ['chat:C3ecb9d02a600', /OK id/],
    ['short:abc', /does not look like/],
    ['токен:ЗНАЧЕНИЕ-ТОКЕНА-1234', /does not look like/],
  ];
  for (const [input, message] of bad) {
    it(`refuses ${JSON.stringify(input)} and says where to get a token`, () => {
      assert.throws(
        () => checkTokenShape(cleanToken(input)),
        (e: unknown) => e instanceof InputError && message.test(e.message) && /Работа с API/.test(e.message),
      );
    });
  }
});
