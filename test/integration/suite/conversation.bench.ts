// Rendering figures of the conversation page in the real VS Code: a benchmark, not a test. The
// smoke entry loads *.bench.js files instead of *.test.js only when OK_CHAT_TEST_BENCH=1, which
// `npm run bench:conversation` (scripts/bench-conversation.mjs) sets; `npm test` never runs it.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CHAT, runCommand, useFakeOk, waitFor } from './extensionSetup';
import type { TestSeam } from '../../../src/extension/testing/testSeam';
import type { PageSummary } from '../../webview/driverProtocol';
import { CONVERSATION_DRIVER } from '../../helpers/conversationDriver';

type Act = NonNullable<TestSeam['conversationAct']>;

function act(api: TestSeam): Act {
  assert.ok(api.conversationAct, 'the conversation test hooks exist in a test run');
  return api.conversationAct;
}

describe('Conversation page rendering (benchmark)', function () {
  this.timeout(120_000);
  const ok = useFakeOk();
  before(() => ok.api.setConversationDriver(CONVERSATION_DRIVER));
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('prints rendering figures of the page (50 messages, then 20 older pages of 50)', async () => {
    await runCommand('okChat.openConversation', { chatId: CHAT });
    await waitFor(async () => {
      const s = (await act(ok.api)(CHAT, 'summary').catch(() => undefined)) as PageSummary | undefined;
      return s && s.lines.length >= 10 ? s : undefined;
    }, 'the page to show 10 lines', 15_000);
    const runs: Array<{ firstPageMs: number; prependMs: number[] }> = [];
    for (let i = 0; i < 5; i++) runs.push((await act(ok.api)(CHAT, 'bench')) as { firstPageMs: number; prependMs: number[] });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const first = runs.map((r) => r.firstPageMs);
    const prepend = runs.flatMap((r) => r.prependMs);
    const total = runs.map((r) => r.prependMs.reduce((a, b) => a + b, 0));
    console.log(`      conversation page: 50 messages min ${Math.min(...first).toFixed(1)} ms, median ${median(first).toFixed(1)} ms; a page of 50 prepended min ${Math.min(...prepend).toFixed(1)} ms, median ${median(prepend).toFixed(1)} ms; 20 pages (1 000 messages) min ${Math.min(...total).toFixed(1)} ms, median ${median(total).toFixed(1)} ms`);
    const after = (await act(ok.api)(CHAT, 'summary')) as PageSummary;
    assert.ok(after.lines.every((l) => !l.id?.startsWith('bench-')), 'the figures left the page as it was');
  });
});
