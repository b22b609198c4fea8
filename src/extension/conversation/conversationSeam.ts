// The conversation's members of the test seam (made only in ExtensionMode.Test; see
// platform/tuning.ts). The tests inject their driver of the page (a browser script of theirs,
// loaded before the page's own; the shipped page knows nothing of it), act through it in an open
// page as the user would, and shorten the read interval.
import * as vscode from 'vscode';
import type { ConversationTuning } from '../platform/tuning';
import type { PanelPollDecision } from './conversationHost';
import type { Services } from '../services';
import { panelModule } from './panelModule';

/** Sends an action to the driver in the panel's page; undefined if the page is dropped before it answers. */
function actIn(panel: vscode.WebviewPanel, act: Record<string, string>): Promise<unknown> {
  const nonce = Math.random();
  return new Promise((resolve) => {
    const done = (result: unknown) => {
      for (const d of listening) d.dispose();
      resolve(result);
    };
    const listening = [
      panel.webview.onDidReceiveMessage((m: { type?: unknown; nonce?: unknown; result?: unknown } | undefined) => {
        if (m?.type === 'testResult' && m.nonce === nonce) done(m.result);
        // a new page (shown again, moved, reloaded): the old one will never answer
        else if (m?.type === 'ready') done(undefined);
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) done(undefined); // VS Code drops a hidden page
      }),
      panel.onDidDispose(() => done(undefined)),
    ];
    void panel.webview.postMessage({ type: 'testAct', nonce, ...act });
  });
}

export function conversationSeam(s: Services) {
  const tune = (change: ConversationTuning) => {
    s.tuning.conversation = { ...s.tuning.conversation, ...change };
  };
  const polls: (PanelPollDecision & { time: number })[] = [];
  tune({ onPoll: (decision) => polls.push({ ...decision, time: Date.now() }) });
  return {
    /** The tests' driver of the conversation page (a file in the extension's folder; undefined: none); pages made from now on load it. */
    setConversationDriver: (file: string | undefined) => tune({ driver: file === undefined ? undefined : vscode.Uri.file(file) }),
    /** The files the composer's attach button picks from now on, in place of the open dialog (undefined: the dialog). */
    setConversationPick: (files: string[] | undefined) => tune({ pickFiles: files === undefined ? undefined : () => (files.length ? files.map((f) => vscode.Uri.file(f)) : undefined) }),
    /** How often a visible conversation reads new messages (ms; undefined: 15 s). */
    setConversationPollMs: (ms: number | undefined) => tune({ pollMs: ms }),
    /** Every decision of the panels about their next read so far, in order (when it runs, or none planned, or closed). */
    conversationPolls: (): (PanelPollDecision & { time: number })[] => [...polls],
    /**
     * Has the driver in the open page of `chatId` act (`action`, `target`, `text`, `data`: as the
     * driver reads them); its answer, or undefined when no driver was given, the chat has no open
     * page or the page is dropped before it answers.
     */
    conversationAct: (chatId: string, action: string, target?: string, text?: string, data?: string): Promise<unknown> => {
      if (!s.tuning.conversation?.driver) {
        // no page would answer
        s.log.warn('conversationAct: the conversation page has no test driver (setConversationDriver)');
        return Promise.resolve(undefined);
      }
      const panel = panelModule().openPanel(chatId);
      if (!panel) return Promise.resolve(undefined);
      return actIn(panel, { action, ...(target !== undefined ? { target } : {}), ...(text !== undefined ? { text } : {}), ...(data !== undefined ? { data } : {}) });
    },
  };
}
