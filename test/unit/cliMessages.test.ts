/** What the `ok-chat` CLI says about errors: in command-line words, not the editor's. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { apiErrorMessage, inputErrorMessage, suggest } from '../../src/cli/errorMessages';
import { EXIT } from '../../src/cli/exitCodes';
import { USAGE } from '../../src/cli/usage';
import {
  InputError,
  OkApiError,
  notTlsProblem,
  parseChatId,
  parseDuration,
  parseProxyUrl,
  requests,
  splitMessage,
  validateBaseUrl,
  type OkApiErrorInit,
  type OkErrorKind,
} from '../../src/core';
import { CHAT, EDITOR_WORDS, ROOT } from '../helpers/builtCli';

describe('ok-chat CLI messages', () => {
  const ctx = { baseUrl: 'http://127.0.0.1:8787/graph', baseUrlFromEnv: true };
  const thrown = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      return e;
    }
    assert.fail('expected an InputError');
  };

  it('words every API error for a command line: nothing of the editor (lists, boxes, settings, the log)', () => {
    const kinds: OkErrorKind[] = ['auth', 'rate-limit', 'temporary', 'param', 'not-found', 'permission', 'network', 'timeout', 'cancelled', 'bad-response', 'unknown'];
    const inits: OkApiErrorInit[] = [];
    for (const kind of kinds) {
      inits.push({ kind, delivery: 'rejected' }, { kind, delivery: 'not-sent' }, { kind, delivery: 'rejected', code: 705, okMessage: 'CHAT_NOT_FOUND : x', httpStatus: 404 });
    }
    const env = { proxy: 'http://ci:***@proxy:3128', proxySource: 'env' as const, proxyEnvName: 'HTTPS_PROXY' };
    for (const proxyFailure of ['unreachable', 'not-found', 'timeout', 'auth', 'refused', 'closed', 'tls'] as const) {
      inits.push({ kind: 'network', delivery: 'not-sent', connection: { ...env, proxyFailure, proxyStatus: 403, proxyCredentialsSent: true } });
    }
    inits.push(
      { kind: 'network', delivery: 'unknown', connection: env },
      { kind: 'network', delivery: 'not-sent', connection: { certificate: 'SELF_SIGNED_CERT_IN_CHAIN', host: 'api.ok.ru' } },
      { kind: 'network', delivery: 'not-sent', connection: { ...env, certificate: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', host: 'proxy' } },
      { kind: 'network', delivery: 'not-sent', connection: notTlsProblem('https://127.0.0.1:8787/graph') },
      { kind: 'network', delivery: 'not-sent', connection: notTlsProblem('https://ok.example.com:80/graph') },
      { kind: 'param', delivery: 'rejected', code: 3, okMessage: 'METHOD : Unknown method GET /me/chats', baseUrlHint: { baseUrl: 'http://127.0.0.1:8787', suggested: 'http://127.0.0.1:8787/graph' } },
    );
    for (const init of inits) {
      for (const words of [ctx, { baseUrl: 'https://api.ok.ru/graph', baseUrlFromEnv: false }]) {
        const message = apiErrorMessage(new OkApiError(init), words);
        assert.ok(message.length > 5, JSON.stringify(init));
        assert.doesNotMatch(message, EDITOR_WORDS, `${JSON.stringify(init)} -> ${message}`);
      }
    }
    assert.match(apiErrorMessage(new OkApiError(inits.at(-1)!), ctx), /OK_API_BASE_URL \(http:\/\/127\.0\.0\.1:8787\) does not end with \/graph/);
    assert.match(apiErrorMessage(new OkApiError(inits.at(-3)!), ctx), /use OK_API_BASE_URL=http:\/\/127\.0\.0\.1:8787\/graph\.$/);
    assert.match(apiErrorMessage(new OkApiError(inits.at(-2)!), ctx), /Check the host and port in OK_API_BASE_URL/);
    assert.match(apiErrorMessage(new OkApiError({ kind: 'network', delivery: 'not-sent', connection: { certificate: 'X', host: 'h' } }), ctx), /set NODE_EXTRA_CA_CERTS/);
  });

  it('words the input errors the core finds (chat, text, base URL) for a command line', () => {
    const errors = [
      thrown(() => parseChatId('')),
      thrown(() => parseChatId('zzz')),
      thrown(() => parseChatId('https://ok.ru/messages/abc')),
      thrown(() => splitMessage('  ')),
      thrown(() => requests.sendText(CHAT, '')),
      thrown(() => validateBaseUrl('nope')),
      thrown(() => validateBaseUrl('http://example.com/graph')),
      thrown(() => validateBaseUrl('https://u:p@api.ok.ru/graph')),
      thrown(() => parseDuration('soon')),
      thrown(() => parseProxyUrl('socks5://p:1080', 'HTTPS_PROXY')),
    ];
    for (const e of errors) {
      const message = inputErrorMessage(e, ctx);
      assert.doesNotMatch(message, EDITOR_WORDS, `${e.message} -> ${message}`);
    }
    assert.match(inputErrorMessage(errors[3], ctx), /pass --text "\.\.\." or pipe the text to stdin/);
    assert.match(inputErrorMessage(errors[5], { baseUrl: 'nope', baseUrlFromEnv: true }), /^OK_API_BASE_URL "nope" is not a valid URL/);
  });

  it('the extension keeps its own wording', () => {
    assert.match(new OkApiError({ kind: 'not-found', delivery: 'rejected', code: 705 }).userMessage, /remove it from the list/);
    assert.match(thrown(() => splitMessage('')).message, /^The message is empty\. Type some text to send\.$/);
  });

  it('guesses near misses only', () => {
    const commands = ['send', 'notify', 'chats', 'help'];
    assert.equal(suggest('sned', commands), 'send');
    assert.equal(suggest('SEND', commands), 'send');
    assert.equal(suggest('nofity', commands), 'notify');
    assert.equal(suggest('chat', commands), 'chats');
    assert.equal(suggest('hepl', commands), 'help');
    assert.equal(suggest('ls', commands), 'chats');
    assert.equal(suggest('xyz', commands), undefined);
    assert.equal(suggest('deploy', commands), undefined);
    assert.equal(suggest('--max-lenght', ['--max-length', '--dry-run']), '--max-length');
    assert.equal(suggest('--d', ['--dry-run', '--duration']), undefined, 'too short a prefix');
    assert.equal(suggest('--dur', ['--dry-run', '--duration']), '--duration');
  });

  it('the exit codes in --help, in CLI.md and in the code agree', () => {
    const codes = Object.values(EXIT).sort();
    const help = /Exit codes:\n([\s\S]*?)\n\n/.exec(USAGE)?.[1] ?? '';
    const inHelp = [...help.matchAll(/^ {2}(\d+) {2}\S/gm)].map((m) => Number(m[1])).sort();
    assert.deepEqual(inHelp, codes, help);
    const doc = readFileSync(path.join(ROOT, 'CLI.md'), 'utf8');
    const table = /Exit codes[^\n]*\n\n((?:\|.*\n)+)/.exec(doc)?.[1] ?? '';
    const inReadme = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])).sort();
    assert.deepEqual(inReadme, codes, table || 'no exit code table in CLI.md');
    for (const [name, code] of Object.entries(EXIT)) {
      const word = { ok: /done/, api: /OK refused/, usage: /usage error/, noToken: /OK_ACCESS_TOKEN is not set/, network: /could not reach OK/, maybeSent: /may have been sent: check the chat before sending again/ }[name];
      assert.ok(word, `a description for exit code ${code}`);
      assert.match(new RegExp(`^ {2}${code} {2}(.*)$`, 'm').exec(help)?.[1] ?? '', word, `help: ${code}`);
      assert.match((new RegExp(`^\\| ${code} \\| (.*)$`, 'm').exec(table)?.[1] ?? '').replace(/`/g, ''), word, `CLI.md: ${code}`);
    }
  });
});
