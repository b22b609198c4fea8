import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { imageShow } from '../../src/webview/conversation/images';

describe('conversation page: which images load by themselves', () => {
  it('OK\'s own hosts over https load at once', () => {
    for (const url of ['https://st.mycdn.me/res/i/ok_logo.png', 'https://i.mycdn.me/i?r=AbC', 'https://ok.ru/x.png', 'https://pu.okcdn.ru/a.jpg', 'https://I.MYCDN.ME./y.png']) {
      assert.deepEqual(imageShow(url), { load: 'now', url }, url);
    }
  });

  it('any other https host waits for a click, and names the host', () => {
    assert.deepEqual(imageShow('https://tracker.example/pixel.png?u=1'), { load: 'onClick', url: 'https://tracker.example/pixel.png?u=1', host: 'tracker.example' });
    assert.deepEqual(imageShow('https://127.0.0.1:8443/p.png'), { load: 'onClick', url: 'https://127.0.0.1:8443/p.png', host: '127.0.0.1:8443' });
    // names that only look like OK's
    for (const url of ['https://ok.ru.evil.example/a.png', 'https://notok.ru/a.png', 'https://mycdn.me@evil.example/a.png']) {
      assert.equal(imageShow(url)?.load, 'onClick', url);
    }
  });

  it('what is not an https URL is not shown as an image at all', () => {
    for (const url of [undefined, '', 'http://st.mycdn.me/a.png', 'data:image/png;base64,AAAA', 'javascript:alert(1)', 'not a url']) {
      assert.equal(imageShow(url), undefined, String(url));
    }
  });
});
