// The static markup of the conversation page: styles in the theme's colours, and the page script.
// No message content goes in here: lines come to the page as data and it builds them with DOM APIs.
import type * as vscode from 'vscode';
import { webviewDocument } from '../platform/webviewDocument';

const STYLE = `
  html, body { height: 100%; margin: 0; padding: 0; }
  body { display: flex; flex-direction: column; color: var(--vscode-foreground); background: var(--vscode-editor-background);
    font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  #scroller { flex: 1; overflow-y: auto; padding: 0 16px; }
  #topStatus { text-align: center; color: var(--vscode-descriptionForeground); padding: 8px 0; min-height: 1em; }
  #log { list-style: none; margin: 0; padding: 0 0 8px; }
  .line { padding: 6px 8px; margin: 2px 0; border-radius: 4px; border-left: 3px solid transparent; }
  .line:hover, .line:focus-within { background: var(--vscode-list-hoverBackground); }
  .line.cont { padding-top: 0; margin-top: 0; }
  .line.cont .sender, .line.cont .head > .time { display: none; }
  .line.cont .head { float: right; margin-left: 8px; }
  .line.cont:hover .head > .time, .line.cont:focus-within .head > .time { display: inline; }
  .line.ours { border-left-color: var(--vscode-textLink-foreground); background: var(--vscode-editor-inactiveSelectionBackground); }
  .line.pending { opacity: 0.7; }
  .line.failed { border-left-color: var(--vscode-errorForeground); }
  .line.failed .status { color: var(--vscode-errorForeground); }
  .system { text-align: center; color: var(--vscode-descriptionForeground); font-style: italic; font-size: 0.92em; }
  .system .time { margin-left: 8px; }
  .unreadable .body { color: var(--vscode-descriptionForeground); font-style: italic; }
  .head { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
  .sender { font-weight: 600; }
  .time, .edited, .status { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  .edited { font-style: italic; }
  .action { margin-left: auto; opacity: 0; padding: 1px 8px; font: inherit; font-size: 0.9em; cursor: pointer; border-radius: 2px;
    color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); }
  .action + .action { margin-left: 0; }
  .line:hover .action, .line:focus-within .action, .action:focus, .failed .action, .snippet .action { opacity: 1; }
  .action:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button:focus-visible, a:focus-visible, textarea:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 2px; }
  a { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  .quote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); }
  .quote-sender { font-weight: 600; margin-right: 6px; }
  .quote-text { color: var(--vscode-descriptionForeground); white-space: pre-wrap; }
  .image { display: block; max-width: min(100%, 360px); max-height: 280px; margin-top: 4px; border-radius: 4px; }
  .image-link { display: block; margin-top: 4px; padding: 0; font: inherit; cursor: pointer; background: none; border: none;
    color: var(--vscode-textLink-foreground); text-decoration: underline; }
  .attachment, .buttons { margin-top: 4px; }
  .buttons a { margin-right: 12px; }
  .snippet { margin: 4px 0; border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 4px; overflow: hidden; }
  .snippet-head { display: flex; gap: 10px; align-items: center; padding: 3px 8px; background: var(--vscode-editorWidget-background); font-size: 0.9em; flex-wrap: wrap; }
  .snippet-lang { color: var(--vscode-descriptionForeground); }
  .snippet .action { margin-left: auto; }
  .code { margin: 0; padding: 6px 8px; overflow-x: auto; background: var(--vscode-textCodeBlock-background);
    font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  .code code { background: none; padding: 0; color: var(--vscode-editor-foreground); }
  .divider { display: flex; align-items: center; gap: 8px; color: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); font-size: 0.85em; margin: 6px 0; }
  .divider::before, .divider::after { content: ''; flex: 1; border-top: 1px solid currentColor; }
  #composer { border-top: 1px solid var(--vscode-panel-border); padding: 8px 16px 12px; }
  #replyBar { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; color: var(--vscode-descriptionForeground); }
  #replyBar[hidden] { display: none; }
  #replyText { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #cancelReply { opacity: 1; margin-left: 0; }
  #composerRow { display: flex; gap: 6px; align-items: flex-end; }
  #composerRow .action { opacity: 1; margin: 0; padding: 4px 10px; }
  #send { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  #send:hover { background: var(--vscode-button-hoverBackground); }
  #attach { font-size: 1.2em; line-height: 1; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  #input { box-sizing: border-box; flex: 1; min-width: 0; min-height: 3.2em; resize: vertical; padding: 6px; font: inherit;
    color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); border-radius: 2px; }
  #input::placeholder { color: var(--vscode-input-placeholderForeground); }
  #files { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 6px; padding: 0; list-style: none; }
  #files:empty { display: none; }
  #files li { display: flex; align-items: center; gap: 4px; padding: 1px 2px 1px 8px; border-radius: 2px;
    background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  #files button { opacity: 1; margin: 0; color: inherit; }
  #files .thumb { max-width: 64px; max-height: 48px; border-radius: 2px; margin: 2px 0; }
  #notice { display: flex; gap: 8px; align-items: center; padding: 6px 16px; border-top: 1px solid var(--vscode-panel-border); color: var(--vscode-editorWarning-foreground); }
  #notice[hidden] { display: none; }
  #noticeText { flex: 1; }
  #noticeAction { opacity: 1; }
  body.dragging #composer { outline: 1px dashed var(--vscode-focusBorder); outline-offset: -2px; }
`;

/** The page; `testDriver`: in a test run that asked for it, the tests' driver of the page, run before the page's script. */
export function conversationHtml(webview: vscode.Webview, script: vscode.Uri, lang: string, testDriver?: vscode.Uri): string {
  return webviewDocument(webview, {
    lang,
    script,
    ...(testDriver ? { scriptsBefore: [testDriver] } : {}),
    style: STYLE,
    // Any https image may load once the user asks: an image on a host that is not OK's shows as a
    // link until clicked, and only then does the page set its src (see src/webview/conversation/images.ts).
    httpsImages: true,
    fonts: true,
    body: `<main id="scroller">
  <div id="topStatus" role="status"></div>
  <ol id="log"></ol>
</main>
<div id="announcer" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
<div id="notice" role="status" hidden><span id="noticeText"></span><button id="noticeAction" class="action" type="button" hidden></button></div>
<div id="composer">
  <div id="replyBar" hidden><span id="replyText"></span><button id="cancelReply" class="action" type="button"></button></div>
  <ul id="files"></ul>
  <div id="composerRow">
    <button id="attach" class="action" type="button">+</button>
    <textarea id="input" rows="2"></textarea>
    <button id="send" class="action" type="button"></button>
  </div>
</div>`,
  });
}
