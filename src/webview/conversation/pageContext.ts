// What the parts of the conversation page share: VS Code's API (messages to the panel, the saved
// state), the page's elements, and what the page knows (the panel's init, the lines shown).
import type { RenderContext } from './render';
import type { FromPage, InitMessage, LineData, NoticeData } from './conversationProtocol';

declare function acquireVsCodeApi(): { postMessage(message: FromPage): void; setState(state: unknown): void; getState(): unknown };

/** What the page keeps across being built again (the chat id is what the panel's serializer reads after a reload). */
export interface PageState {
  chatId?: string;
  draft?: string;
  reply?: { id: string; sender?: string; text?: string };
  /** At the end of the log, or the line at the top of the view and how far below the view's top it was. */
  scroll?: { bottom: true } | { bottom: false; id: string; offset: number };
  /** The line the "new messages" divider is before. */
  divider?: string;
  /** The first unread line the panel said at opening, once the page has shown its divider and scrolled to it (not again when the page is built again). */
  unreadShown?: string;
}

const vscode = acquireVsCodeApi();
export const pageState: PageState = (vscode.getState() as PageState | undefined) ?? {};
export function saveState(change: Partial<PageState>): void {
  Object.assign(pageState, change);
  vscode.setState(pageState);
}
export const post = (m: FromPage) => vscode.postMessage(m);

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
export const log = $<HTMLOListElement>('log');
export const scroller = $<HTMLElement>('scroller');
export const topStatus = $<HTMLElement>('topStatus');
export const input = $<HTMLTextAreaElement>('input');
export const replyBar = $<HTMLElement>('replyBar');
export const replyText = $<HTMLElement>('replyText');
export const cancelReply = $<HTMLButtonElement>('cancelReply');
export const filesList = $<HTMLUListElement>('files');
export const noticeBar = $<HTMLElement>('notice');
export const noticeText = $<HTMLElement>('noticeText');
export const noticeAction = $<HTMLButtonElement>('noticeAction');
export const sendButton = $<HTMLButtonElement>('send');
export const attachButton = $<HTMLButtonElement>('attach');
export const announcer = $<HTMLElement>('announcer');

/** What the page knows, set as messages come. */
export const page: {
  ctx?: RenderContext;
  init?: InitMessage;
  /** The panel's state is shown: scroll positions are saved from now on. */
  restored: boolean;
  notice?: NoticeData;
} = { restored: false };

/** The line data of each line node. */
export const data = new WeakMap<Element, LineData>();
/** The ids of the lines shown. */
export const shownIds = new Set<string>();

export const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
