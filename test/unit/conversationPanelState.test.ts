// The conversation panel's pure parts: what it keeps of what it has shown (and sends to a page
// built again), and how a failed read is put to a person (with the real next try).
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { problemNotice } from '../../src/extension/conversation/panelProblems';
import { ShownState } from '../../src/extension/conversation/shownState';
import { nextRound, roundOutcome } from '../../src/core/async/pollSchedule';
import { OkApiError } from '../../src/core/model/okApiError';
import type { LineData } from '../../src/webview/conversation/conversationProtocol';

const line = (id: string, text = `text ${id}`): LineData => ({ kind: 'message', id, time: Number(id.replace(/\D/g, '')) || 0, text, sender: 'Анна' });

describe('Conversation panel: what a page built again gets', () => {
  it('before the first page: not loaded', () => {
    assert.equal(new ShownState().isLoaded, false);
  });

  it('the first page, older pages before it and newer lines after it, each line once, with the older-history end', () => {
    const s = new ShownState();
    s.first([line('m5'), line('m6')], false);
    s.newer([line('m6'), line('m7')]);
    s.older([line('m3'), line('m4'), line('m5')], true);
    const m = s.message();
    assert.equal(m.type, 'state');
    assert.deepEqual(m.lines.map((l) => l.id), ['m3', 'm4', 'm5', 'm6', 'm7']);
    assert.equal(m.end, true);
    assert.deepEqual(m.sends, []);
    assert.equal(s.isLoaded, true);
  });

  it('keeps sends from the composer: sending, failed with its Outbox item, sent until read back', () => {
    const s = new ShownState();
    s.first([line('m1')], true);
    const mine: LineData = { kind: 'message', time: 5, text: 'моё', ours: true };
    s.sending('local-a-1', mine);
    s.sending('local-a-2', { ...mine, text: 'второе' });
    assert.deepEqual(s.message().sends.map((x) => [x.localId, x.status]), [['local-a-1', 'sending'], ['local-a-2', 'sending']]);

    s.failed('local-a-1', 'Not sent', 'outbox-1');
    s.sent('local-a-2', 'm9');
    const [failed, sent] = s.message().sends;
    assert.deepEqual(failed, { localId: 'local-a-1', line: mine, status: 'failed', error: 'Not sent', outboxId: 'outbox-1' });
    assert.equal(sent.status, 'sent');
    assert.equal(sent.messageId, 'm9');
    assert.equal(sent.line.id, 'm9');

    // Retry: sending again, the same line
    s.sending('local-a-1');
    assert.equal(s.message().sends[0].status, 'sending');
    assert.equal(s.message().sends[0].line, mine);

    // the sent message read back by a poll: a line, no longer a send
    s.newer([{ ...line('m9', 'второе'), ours: true }]);
    assert.deepEqual(s.message().sends.map((x) => x.localId), ['local-a-1']);
    assert.deepEqual(s.message().lines.map((l) => l.id), ['m1', 'm9']);
    // sent, and already read back: nothing to keep
    s.sending('local-a-3', mine);
    s.sent('local-a-3', 'm1');
    assert.deepEqual(s.message().sends.map((x) => x.localId), ['local-a-1']);
  });

  it('finds a shown line for the quote of a reply', () => {
    const s = new ShownState();
    s.first([line('m1', 'вопрос')], false);
    assert.equal(s.line('m1')?.text, 'вопрос');
    assert.equal(s.line('m2'), undefined);
  });
});

describe('Conversation panel: failed reads in words for a person', () => {
  const err = (init: ConstructorParameters<typeof OkApiError>[0]) => new OkApiError(init);
  const at = 1_800_000_000_000;

  it('OK unreachable: says so and when it tries again; the technical words stay out', () => {
    const e = err({ kind: 'network', delivery: 'not-sent', action: 'readMessages', detail: 'ECONNREFUSED 127.0.0.1:443' });
    const n = problemNotice(e, at, l10n);
    assert.equal(n.text, 'OK can\'t be reached — trying again {0}');
    assert.equal(n.retryAt, at);
    assert.equal(n.action, undefined);
    assert.doesNotMatch(JSON.stringify(n), /readMessages|ECONNREFUSED/);
  });

  it('an answer the parser does not take: "Some messages can\'t be shown", the detail in the log (Show Log)', () => {
    const e = err({ kind: 'bad-response', delivery: 'rejected', action: 'readMessages', httpStatus: 200, detail: 'messages.8.message.attachments: Invalid input' });
    const n = problemNotice(e, at, l10n);
    assert.equal(n.text, 'Some messages can\'t be shown — trying again {0}');
    assert.deepEqual(n.action, { label: 'Show Log', id: 'showLog' });
    assert.doesNotMatch(JSON.stringify(n), /Invalid input|HTTP 200|readMessages/);
  });

  it('no token, or a token OK refused: no next try, the action sets it', () => {
    const none = problemNotice(err({ kind: 'auth', delivery: 'not-sent' }), at, l10n);
    assert.equal(none.text, 'Set the access token to read this chat.');
    assert.deepEqual(none.action, { label: 'Set Token', id: 'setToken' });
    const refused = problemNotice(err({ kind: 'auth', delivery: 'rejected', code: 102, okMessage: 'PARAM_SESSION_EXPIRED' }), at, l10n);
    assert.equal(refused.text, 'The token was refused — set it again.');
    assert.equal(refused.retryAt, undefined);
    assert.equal(refused.action?.id, 'setToken');
    assert.equal(nextRound(15_000, { failures: 0 }, roundOutcome(err({ kind: 'auth', delivery: 'rejected', code: 102 }))), undefined, 'no polling until the token changes');
  });

  it('a rate limit waits what OK asked for; other errors back off up to the panel\'s bound', () => {
    const limited = err({ kind: 'rate-limit', delivery: 'rejected', code: 8, retryAfterMs: 120_000 });
    assert.equal(problemNotice(limited, at, l10n).text, 'OK asked to wait — trying again {0}');
    assert.equal(nextRound(15_000, { failures: 0 }, roundOutcome(limited), 5 * 60_000)?.delayMs, 120_000);
    let state = { failures: 0 };
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = nextRound(15_000, state, roundOutcome(new Error('boom')), 5 * 60_000);
      assert.ok(next);
      waits.push(next.delayMs);
      state = next.state;
    }
    assert.deepEqual(waits, [30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000, 300_000]);
  });

  it('not scheduled now (hidden): no time given, the page says "soon"', () => {
    assert.equal(problemNotice(err({ kind: 'timeout', delivery: 'unknown' }), undefined, l10n).retryAt, undefined);
  });

  it('anything else: a plain sentence and Show Log', () => {
    const n = problemNotice(new Error('TypeError: x is undefined'), at, l10n);
    assert.equal(n.text, 'Messages can\'t be loaded — trying again {0}');
    assert.equal(n.action?.id, 'showLog');
  });
});
