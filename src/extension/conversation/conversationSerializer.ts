// Restores the conversations open when the window was reloaded: VS Code keeps their panels and
// the page's state, in which the page keeps its chat id.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { conversationHost, panelModule } from './panelHost';

export function registerConversationSerializer(s: Services): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer('okChat.conversation', {
    deserializeWebviewPanel: (panel, state: unknown) => {
      const chatId = typeof state === 'object' && state !== null ? (state as { chatId?: unknown }).chatId : undefined;
      if (typeof chatId !== 'string') {
        panel.dispose();
        return Promise.resolve();
      }
      panelModule().restoreConversation(conversationHost(s), panel, chatId);
      return Promise.resolve();
    },
  });
}
