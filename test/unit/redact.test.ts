import * as assert from 'node:assert/strict';
import { redact } from '../../src/core';

describe('redact', () => {
  it('hides the token in query strings', () => {
    assert.equal(redact('GET https://api.ok.ru/graph/me/info?access_token=tkn1abc:DEF&x=1'), 'GET https://api.ok.ru/graph/me/info?access_token=***&x=1');
  });
  it('hides URL-encoded tokens and any known secret', () => {
    const secret = 'tkn1fake:SECRET-value';
    assert.ok(!redact(`a ${encodeURIComponent(secret)} b ${secret}`, secret).includes('SECRET'));
  });
  it('hides token-shaped strings even when the token is unknown', () => {
    assert.equal(redact('token tkn18YdUJZe:CQABPOJKAKEKEKEKE here'), 'token *** here');
  });
  it('hides access_token in JSON', () => {
    assert.equal(redact('{"access_token":"abc:def"}'), '{"access_token":"***"}');
  });
});

describe('redact keeps the text around the token', () => {
  it('stops at closing brackets', () => {
    assert.equal(redact('(url: /me/info?access_token=abc:DEF) done'), '(url: /me/info?access_token=***) done');
  });
});
