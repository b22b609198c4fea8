import * as vscode from 'vscode';
import { redact } from '../../core/model/redact';

/**
 * The "OK Chat" log (a LogOutputChannel: levels, timestamps, "Set Log Level…").
 * Every line goes through the token redaction first. The channel is made on the first line
 * (making it costs 1.5-3 ms, which activation does not need to pay).
 */
export class Log implements vscode.Disposable {
  private made: vscode.LogOutputChannel | undefined;
  private readonly secrets = new Set<string>();

  private get channel(): vscode.LogOutputChannel {
    return (this.made ??= vscode.window.createOutputChannel('OK Chat', { log: true }));
  }

  /** Remember a secret so it is masked wherever it appears. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  private clean(message: string): string {
    return redact(message, ...this.secrets);
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string | Error): void {
    const text = message instanceof Error ? `${message.name}: ${message.message}` : message;
    this.channel.error(this.clean(text));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.made?.dispose();
  }
}
