import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type * as vscode from 'vscode';
import { webviewDocument } from '../../src/extension/platform/webviewDocument';

/** The parts of a webview the document shell reads. */
const webview = { cspSource: 'https://webview.test', asWebviewUri: (u: { toString(): string }) => u } as unknown as vscode.Webview;
const page = { lang: 'ru', script: { toString: () => 'https://webview.test/page.js' } as unknown as vscode.Uri, style: 'body{}', body: '<main></main>' };

function nonceOf(html: string): string {
  const m = /script-src 'nonce-([^']+)'/.exec(html);
  assert.ok(m, html);
  return m[1];
}

describe('webview document shell', () => {
  it('each page gets its own nonce from the operating system\'s generator, not Math.random', () => {
    const random = Math.random;
    Math.random = () => 0; // a predictable Math.random must not make predictable nonces
    try {
      const nonces = Array.from({ length: 20 }, () => nonceOf(webviewDocument(webview, page)));
      assert.equal(new Set(nonces).size, 20, nonces.join(' '));
      for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/, 'base64 of 128 bits');
    } finally {
      Math.random = random;
    }
  });

  it('the script and the style carry the nonce of the policy', () => {
    const html = webviewDocument(webview, page);
    const n = nonceOf(html);
    assert.ok(html.includes(`<style nonce="${n}">`));
    assert.ok(html.includes(`<script nonce="${n}" src="https://webview.test/page.js">`));
    assert.match(html, /default-src 'none'/);
  });
});
