import * as path from 'node:path';

/**
 * The tests' driver of the conversation page (test/webview/conversationDriver.ts), as `npm run
 * compile-tests` bundles it for the webview: what a suite gives the test seam's
 * setConversationDriver before it opens a conversation.
 */
export const CONVERSATION_DRIVER = path.join(__dirname, '..', 'webview', 'conversationDriver.js');
