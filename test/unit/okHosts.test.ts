import * as assert from 'node:assert/strict';
import { isOkHost, isOkUrl } from '../../src/core/model/okHosts';

describe('OK hosts', () => {
  it('takes OK domains and their subdomains, in any case and with a trailing dot', () => {
    for (const host of ['ok.ru', 'www.ok.ru', 'i.mycdn.me', 'pu.mycdn.me', 'st.okcdn.ru', 'dsm.odnoklassniki.ru', 'OK.RU', 'i.mycdn.me.']) {
      assert.ok(isOkHost(host), host);
    }
  });
  it('refuses look-alikes: a suffix without the dot, a domain as a subdomain of another', () => {
    for (const host of ['evilok.ru', 'ok.ru.evil.com', 'mycdn.me.example.org', 'notmycdn.me', 'ok.rux', 'example.com', '']) {
      assert.equal(isOkHost(host), false, host);
    }
  });
  it('reads a URL, refusing what is not one', () => {
    assert.ok(isOkUrl('http://pu.mycdn.me/uploadImage?apiToken=x'));
    assert.equal(isOkUrl('https://ok.ru@evil.com/x'), false);
    assert.equal(isOkUrl('not a url'), false);
  });
});
