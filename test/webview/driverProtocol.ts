// What the tests ask of the conversation page's driver (conversationDriver.ts) through the test
// seam's conversationAct, and what it answers. Types only; no DOM, so the integration tests (Node
// types) import them too.

/** An action, as the user would do it (the driver clicks and types), or a question. */
export type DriverAction =
  /** what the page shows: a {@link PageSummary} */
  | 'summary'
  /** reply to the message `target` with `text` (Enter) */
  | 'reply'
  /** type `text` and press Enter */
  | 'send'
  /** click the `target`th "Open in Editor" */
  | 'openSnippet'
  /** click the first Retry */
  | 'retry'
  /** click the `target`th "image from …" link */
  | 'loadImage'
  /** once every image with a source has loaded or failed: how many there are (-1: still loading after 10 s) */
  | 'imagesSettled'
  /** paste an image file named `target` with the bytes `data` (base64); the names of the files waiting */
  | 'paste'
  /** drop the file URI `target` as from VS Code's Explorer; the names of the files waiting */
  | 'drop'
  /** type `text` into the composer (not sent) */
  | 'draft'
  /** type `text` and click the Send button */
  | 'clickSend'
  /** click the attach button; the names of the files waiting once the picked ones are shown */
  | 'attach'
  /** rendering figures (ms) of synthetic pages: {@link BenchFigures} */
  | 'bench';

/** What the seam posts to the page (the driver answers with a {@link DriverResult} of the same nonce). */
export interface DriverAct {
  type: 'testAct';
  nonce: number;
  action: DriverAction;
  target?: string;
  text?: string;
  data?: string;
}

export interface DriverResult {
  type: 'testResult';
  nonce: number;
  result: unknown;
}

/** What the page shows. */
export interface PageSummary {
  lines: Array<{ id?: string; kind: string; sender?: string; text: string; ours: boolean; status?: string; statusText?: string; edited: boolean; images: string[]; links: string[] }>;
  /** Whether something in message content ran as script (it sets `window.okChatXss`). */
  scriptRan: boolean;
  dividers: number;
  /** The first line shown by the last full render is still in the log (a poll appends rather than renders again). */
  firstNodeKept: boolean;
  /** The composer's text. */
  draft?: string;
  /** The notice shown, if any. */
  notice?: string;
  /** The log is scrolled to its end. */
  atBottom?: boolean;
  /** The id of the line the "New messages" divider is above, if there is one. */
  dividerBefore?: string;
  /** The divider is within the scrolled view. */
  dividerInView?: boolean;
  /** The composer has the focus in the page. */
  composerFocused: boolean;
  /** The ids of lines that continue the group of the line before (their name and time are not repeated). */
  continued: string[];
  /** The senders' names that are shown (not hidden by grouping), in order. */
  sendersShown: string[];
  /** The message list's aria-live (none: it is not a live region). */
  logLive: string | null;
  /** What the polite announcer says now. */
  announced: string;
  /** Thumbnails of images waiting in the composer. */
  thumbnails: number;
  /** The composer's buttons, by their accessible names. */
  composerButtons: string[];
}

export interface BenchFigures {
  firstPageMs: number;
  prependMs: number[];
  nodes: number;
}
