import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** A fresh value for a page's CSP nonce: 128 random bits from the operating system's generator, base64. */
function nonce(): string {
  return randomBytes(16).toString('base64');
}

export interface WebviewPage {
  /** The display language (the `lang` of the page). */
  lang: string;
  /** The page's script, in the extension. */
  script: vscode.Uri;
  /** Scripts run before it, with the same nonce (a test run's driver of the page). */
  scriptsBefore?: readonly vscode.Uri[];
  /** Its styles (inline, allowed by the nonce). */
  style: string;
  /** Static markup only: content comes to the page in messages, never in here. */
  body: string;
  /** Images from any https address too (else only the extension's own and data: URLs). */
  httpsImages?: boolean;
  /** Fonts from the extension too. */
  fonts?: boolean;
}

/**
 * The HTML of a webview page under a strict content security policy: nothing by default, the
 * page's script and styles by a nonce made for this page, images and fonts as the page says.
 */
export function webviewDocument(webview: vscode.Webview, page: WebviewPage): string {
  const n = nonce();
  const src = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `img-src ${page.httpsImages ? 'https: ' : ''}${src} data:`,
    `style-src ${src} 'nonce-${n}'`,
    `script-src 'nonce-${n}'`,
    ...(page.fonts ? [`font-src ${src}`] : []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${page.lang.replace(/[^A-Za-z-]/g, '')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${n}">${page.style}</style>
</head>
<body>
${page.body}
${[...(page.scriptsBefore ?? []), page.script].map((script) => `<script nonce="${n}" src="${webview.asWebviewUri(script).toString()}"></script>`).join('\n')}
</body>
</html>`;
}
