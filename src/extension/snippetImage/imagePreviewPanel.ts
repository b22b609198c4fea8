// The preview of "Send Selection as Image": a webview beside the editor whose page
// (src/webview/snippetImage/preview.ts, bundled to dist/snippetImage/preview.js) draws the code
// and gives back the PNG. Loaded only when the command runs (see sendImageOfSelection.ts).
import * as vscode from 'vscode';
import { webviewDocument } from '../platform/webviewDocument';
import type { FromPage, InitMessage, PreviewStrings, ToPage } from '../../webview/snippetImage/snippetImageProtocol';

export interface PreviewInput {
  code: string;
  startLine: number;
  tabSize: number;
  lineNumbers: boolean;
  /** Whether the clipboard holds the selection as coloured HTML. */
  paste: boolean;
  title: string;
}

export interface Preview {
  /**
   * Resolves once the page has read the clipboard (or could not; at the latest after a few
   * seconds): to whether the selection's colours were on it.
   */
  readonly pasted: Promise<boolean>;
  /**
   * The PNG to send: when Send is clicked, or with `confirm` as soon as the first picture is
   * drawn. Undefined when the panel was closed or Cancel clicked.
   */
  next(confirm: boolean): Promise<Uint8Array | undefined>;
  /** The send did not go ahead: Send can be clicked again. */
  idle(): void;
  dispose(): void;
}

/** How long the page may take to paste before the clipboard is given back anyway. */
const PASTE_TIMEOUT_MS = 5000;

function strings(): PreviewStrings {
  return {
    lineNumbers: vscode.l10n.t('Line numbers'),
    send: vscode.l10n.t('Send'),
    cancel: vscode.l10n.t('Cancel'),
    rendering: vscode.l10n.t('Drawing the picture…'),
    sending: vscode.l10n.t('Sending…'),
    noColours: vscode.l10n.t('The editor gave no colours: the code is drawn in one colour.'),
  };
}

function html(webview: vscode.Webview, script: vscode.Uri, lang: string): string {
  // Static markup only: the code and the texts come in a message (InitMessage), never in here.
  return webviewDocument(webview, {
    lang,
    script,
    style: `
  body { padding: 12px 16px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  .bar { display: flex; align-items: center; gap: 12px; margin-bottom: 12px; flex-wrap: wrap; }
  .bar label { display: flex; align-items: center; gap: 6px; }
  #status { flex: 1; color: var(--vscode-descriptionForeground); }
  button { padding: 4px 14px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer;
    color: var(--vscode-button-foreground); background: var(--vscode-button-background); font: inherit; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button:disabled { opacity: 0.5; cursor: default; }
  #pasteSink { position: fixed; left: -10000px; top: 0; width: 1px; height: 1px; overflow: hidden; }
  #picture { display: block; max-width: 100%; height: auto; border-radius: 6px; box-shadow: 0 2px 12px rgba(0, 0, 0, 0.35); }
`,
    body: `<div class="bar">
  <label><input type="checkbox" id="lineNumbers"><span id="lineNumbersLabel"></span></label>
  <span id="status" role="status"></span>
  <button id="send" disabled></button>
  <button id="cancel" class="secondary"></button>
</div>
<div id="pasteSink" contenteditable="true" aria-hidden="true"></div>
<canvas id="picture" role="img"></canvas>`,
  });
}

/**
 * Opens the preview beside the editor and sends it the code once the page listens. `check`: what
 * the page posts, when it is a message the page sends (the core's `previewMessage`); else undefined.
 */
export function openImagePreview(extensionUri: vscode.Uri, input: PreviewInput, check: (raw: unknown) => FromPage | undefined): Preview {
  const root = vscode.Uri.joinPath(extensionUri, 'dist', 'snippetImage');
  const panel = vscode.window.createWebviewPanel(
    'okChat.snippetImage',
    input.title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    // kept while hidden: the page pasted the colours once, from a clipboard that is the user's again since
    { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: true },
  );
  const post = (msg: ToPage) => void panel.webview.postMessage(msg);
  let png: Uint8Array | undefined;
  let rendered = false;
  let waiter: { confirm: boolean; resolve: (png: Uint8Array | undefined) => void } | undefined;
  let closed = false;
  const give = (value: Uint8Array | undefined) => {
    const w = waiter;
    waiter = undefined;
    w?.resolve(value);
  };

  let pastedDone: (colours: boolean) => void = () => undefined;
  const pasted = new Promise<boolean>((resolve) => (pastedDone = resolve));
  const timer = setTimeout(() => pastedDone(false), PASTE_TIMEOUT_MS);

  panel.webview.onDidReceiveMessage((raw: unknown) => {
    const msg = check(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready': {
        const init: InitMessage = { type: 'init', code: input.code, startLine: input.startLine, tabSize: input.tabSize, lineNumbers: input.lineNumbers, paste: input.paste, strings: strings() };
        post(init);
        break;
      }
      case 'pasted':
        pastedDone(msg.colours);
        break;
      case 'rendered':
        png = Buffer.from(msg.png, 'base64');
        rendered = true;
        if (waiter?.confirm) give(png);
        break;
      case 'send':
        png = Buffer.from(msg.png, 'base64');
        give(png);
        break;
      case 'cancel':
        panel.dispose();
        break;
    }
  });
  panel.onDidDispose(() => {
    closed = true;
    clearTimeout(timer);
    pastedDone(false);
    give(undefined);
  });
  panel.webview.html = html(panel.webview, vscode.Uri.joinPath(root, 'preview.js'), vscode.env.language);

  return {
    pasted,
    next: (confirm) =>
      new Promise((resolve) => {
        if (closed) resolve(undefined);
        else if (confirm && rendered && png) resolve(png);
        else waiter = { confirm, resolve };
      }),
    idle: () => post({ type: 'idle' }),
    dispose: () => {
      panel.dispose();
    },
  };
}
