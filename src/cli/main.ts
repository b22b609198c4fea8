/**
 * `ok-chat`: a small command-line tool for CI pipelines and git hooks that sends messages and
 * build notifications to OK group chats, and reads a chat's last messages. It uses only the API core and Node built-ins.
 *
 * The token comes only from the environment (OK_ACCESS_TOKEN), never from a flag: command
 * lines are visible to other users (ps, /proc) and end up in shell history and CI logs.
 */
import { setFlagsFromString } from 'node:v8';
import { redact, terminalText } from '../core';
import { cmdChats } from './chatsCommand';
import { tokenFrom } from './cliConnection';
import type { CliIo, Ctx, Env } from './cliContext';
import { cliVersion } from './cliVersion';
import { suggest } from './errorMessages';
import { report } from './errorReport';
import { EXIT } from './exitCodes';
import { nodeDebugRefusal } from './nodeDebug';
import { cmdNotify } from './notifyCommand';
import { cmdRead } from './readCommand';
import { cmdSend } from './sendCommand';
import { HELP, TOKEN_WHY, USAGE } from './usage';

const COMMANDS: Readonly<Record<string, (args: string[], ctx: Ctx) => Promise<number>>> = { send: cmdSend, notify: cmdNotify, chats: cmdChats, read: cmdRead };

const COMMAND_NAMES = [...Object.keys(HELP), 'help'];

/** "unknown command", with the command the user probably meant. */
function unknownCommand(word: string, rest: readonly string[]): string {
  if (word.startsWith('-')) {
    const named = rest.find((a) => Object.hasOwn(HELP, a));
    if (named) return `the command comes first: ok-chat ${named} ${word} ... Run 'ok-chat --help' for usage.`;
    const guess = suggest(word, ['--help', '--version']);
    return `unknown option '${word}'.${guess ? ` Did you mean ${guess}?` : ''} Run 'ok-chat --help' for usage.`;
  }
  const guess = suggest(word, [...COMMAND_NAMES, '--version']);
  return `unknown command '${word}'.${guess ? ` Did you mean '${guess === '--version' ? 'ok-chat --version' : `ok-chat ${guess}`}'?` : ''} Run 'ok-chat --help' for usage.`;
}

// --- entry point --------------------------------------------------------------------------

/**
 * The process's streams. stdin is read only when asked for: `process.stdin` builds its stream on
 * first use, which for a file or /dev/null loads fs streams and fs/promises (~4 ms), and `send
 * --text` never reads it.
 */
function processIo(cwd?: string): CliIo {
  return {
    cwd,
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

export interface MainOptions {
  /**
   * The process ends as soon as main resolves (the `ok-chat` process itself): its connections are
   * left for the exit to close. Closing them one by one only costs start-up time: undici closes
   * each socket with an error whose stack trace Node formats, which means finding the line ends
   * of the whole bundle (~2 ms).
   */
  exitsAfter?: boolean;
}

/**
 * Runs the tool and resolves to its exit code. Never throws and never calls process.exit,
 * so tests (and other programs) can call it directly.
 */
export async function main(argv: readonly string[], env: Env = process.env, io?: CliIo, options: MainOptions = {}): Promise<number> {
  const streams: CliIo = io ?? processIo();
  const debugRefusal = nodeDebugRefusal(env.NODE_DEBUG);
  if (debugRefusal) {
    streams.stderr.write(debugRefusal);
    return EXIT.usage;
  }
  const token = tokenFrom(env);
  // Whatever is printed, the token is not; and nothing printed drives the terminal (the commands
  // print OK's texts through terminalText/terminalLine already: this is for what they do not know
  // comes from OK, like its error messages). Redacted first: a token split by ANSI codes is found.
  const safe = (s: string) => terminalText(token ? redact(s, token, env.OK_ACCESS_TOKEN?.trim()) : redact(s));
  const ctx: Ctx = {
    env,
    io: streams,
    cwd: streams.cwd ?? process.cwd(),
    out: (s) => void streams.stdout.write(safe(s)),
    err: (s) => void streams.stderr.write(safe(`ok-chat: ${s}\n`)),
  };
  const args = [...argv];
  const command = args[0];

  if (command === undefined) {
    streams.stderr.write(USAGE);
    return EXIT.usage;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? args[1] : undefined;
    ctx.out(topic && HELP[topic] ? HELP[topic] : USAGE);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-v' || command === '-V') {
    ctx.out(`${cliVersion()}\n`);
    return EXIT.ok;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) {
    ctx.err(unknownCommand(command, args.slice(1)));
    return EXIT.usage;
  }
  const rest = args.slice(1);
  const optionsOnly = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length);
  if (optionsOnly.some((a) => a === '--help' || a === '-h')) {
    ctx.out(HELP[command]);
    return EXIT.ok;
  }
  if (optionsOnly.some((a) => /^--?(?:access[-_]?)?token(?:=|$)/i.test(a))) {
    ctx.err(`there is no --token option. ${TOKEN_WHY}`);
    return EXIT.usage;
  }

  try {
    return await handler(rest, ctx);
  } catch (e) {
    // Stopped by --timeout: said as "may have been sent" or "not sent", as the truth is.
    return report(ctx.conn ? ctx.conn.deadline.explain(e) : e, command, ctx);
  } finally {
    ctx.conn?.deadline.dispose();
    if (!options.exitsAfter) await ctx.conn?.client.close().catch(() => undefined);
  }
}


/**
 * Ends the process once stdout and stderr have taken everything written: every request has its
 * answer by then, the exit closes undici's idle connections, and nothing else must run. Without it
 * Node would still wait for V8's background compilers (and the connections' keep-alive) before exiting.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength === 0 || stream.destroyed) done();
    else stream.write('', done);
  }
}

if (require.main === module) {
  // undici parses HTTP with WebAssembly (llhttp). V8 compiles it with its baseline compiler, then
  // optimises it in the background, and Node waits for that at exit: ~200 ms for a tool that makes
  // one or two requests. The baseline code is fast enough here. Set before undici compiles it
  // (on its first connection).
  setFlagsFromString('--liftoff-only');
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e; // a closed pipe (| head) is not an error
    });
  }
  main(process.argv.slice(2), process.env, processIo(process.cwd()), { exitsAfter: true }).then(
    (code) => exitWhenFlushed(code),
    (e: unknown) => {
      process.stderr.write(`ok-chat: unexpected error: ${redact(String(e), process.env.OK_ACCESS_TOKEN)}\n`);
      exitWhenFlushed(EXIT.api);
    },
  );
}
