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

describe('redact finds a known token in every form it takes', () => {
  // The forms the client itself produces (URL searchParams: `+` for space, `~!'()` percent-encoded)
  // and the common others a log line, an error or a proxy may show.
  const tokens = ["tkn1abc:S3cr~et!'()*", 'tkn1abc:has space here', 'tkn1abc:Пароль-ключ€😀', 'tkn1abc:q"uo\\te/x'];
  const wire = (s: string) => {
    const u = new URL('https://api.ok.ru/graph/me/info');
    u.searchParams.set('t', s);
    return u.search.slice(3);
  };
  const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const jsonU = (s: string) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''))).join('');
  const forms: Array<[string, (s: string) => string]> = [
    ['as typed', (s) => s],
    ['URLSearchParams (the wire)', wire],
    ['URLSearchParams, lower-case hex', (s) => lowerHex(wire(s))],
    ['encodeURIComponent', encodeURIComponent],
    ['encodeURIComponent, lower-case hex', (s) => lowerHex(encodeURIComponent(s))],
    ['encodeURIComponent with + for space', (s) => encodeURIComponent(s).replace(/%20/g, '+')],
    ['encodeURI', encodeURI],
    ['encoded twice', (s) => encodeURIComponent(encodeURIComponent(s))],
    ['every character percent-encoded', (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16)}`).join('')],
    ['JSON.stringify', (s) => JSON.stringify(s).slice(1, -1)],
    ['JSON \\u escapes (lower case)', jsonU],
    ['JSON \\u escapes (upper case)', (s) => jsonU(s).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`)],
    ['HTML character references', (s) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#${c.codePointAt(0)};`)).join('')],
  ];
  for (const token of tokens) {
    const half = token.slice(token.indexOf(':') + 1);
    for (const [name, encode] of forms) {
      it(`${JSON.stringify(token)}: ${name}, whole and the secret half alone`, () => {
        for (const shown of [encode(token), encode(half)]) {
          const text = `before ${shown} after`;
          const out = redact(text, token);
          assert.equal(out, 'before *** after', `${text} → ${out}`);
        }
      });
    }
  }
  it('does not hide ordinary text when the secret half is very short', () => {
    assert.equal(redact('a:b and b again', 'tkn1abc:b'), 'a:b and b again');
  });
  it('hides token-shaped strings whose colon is encoded', () => {
    assert.equal(redact('x tkn1abc%3aDEFGH y tkn1abc\\u003aDEFGH z'), 'x *** y *** z');
  });
  it('hides access_token= with an encoded equals sign and in escaped JSON', () => {
    assert.equal(redact('?access_token%3Dabc:def&x'), '?access_token%3D***&x');
    assert.equal(redact('"{\\"access_token\\":\\"abc:def\\"}"'), '"{\\"access_token\\":\\"***\\"}"');
  });
});
