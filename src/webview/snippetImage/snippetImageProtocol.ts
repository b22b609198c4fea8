// The messages between the snippet picture's preview page (preview.ts) and its panel
// (src/extension/snippetImage/imagePreviewPanel.ts). Types only.

/** The page's texts, translated by the extension (the page has no translations of its own). */
export interface PreviewStrings {
  lineNumbers: string;
  send: string;
  cancel: string;
  rendering: string;
  sending: string;
  noColours: string;
}

/** Extension → page: what to draw. Only the selected text goes into the page, as data. */
export interface InitMessage {
  type: 'init';
  code: string;
  /** The number of the first line (1-based). */
  startLine: number;
  tabSize: number;
  lineNumbers: boolean;
  /** Whether the clipboard holds the selection as coloured HTML to paste. */
  paste: boolean;
  strings: PreviewStrings;
}

/** Extension → page: the send did not go ahead (e.g. no chat was chosen): Send can be clicked again. */
export interface IdleMessage {
  type: 'idle';
}

export type ToPage = InitMessage | IdleMessage;

/** Page → extension: the page has loaded and listens. */
export interface ReadyMessage {
  type: 'ready';
}

/** Page → extension: the clipboard was read (or could not be); the extension may restore it. */
export interface PastedMessage {
  type: 'pasted';
  /** Whether the selection's colours were found on it. */
  colours: boolean;
}

/** Page → extension: a picture was drawn (also after the line numbers were switched). */
export interface RenderedMessage {
  type: 'rendered';
  /** The PNG, base64. */
  png: string;
  width: number;
  height: number;
  lineNumbers: boolean;
}

/** Page → extension: Send was clicked, with the picture shown. */
export interface SendMessage {
  type: 'send';
  png: string;
}

export interface CancelMessage {
  type: 'cancel';
}

export type FromPage = ReadyMessage | PastedMessage | RenderedMessage | SendMessage | CancelMessage;
