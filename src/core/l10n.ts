/**
 * A tiny indirection so that the core can produce user-facing sentences
 * without depending on `vscode`. The VS Code layer installs `vscode.l10n.t`
 * with {@link setTranslator}; the CLI and tests keep the English default.
 *
 * Messages use `{0}`, `{1}`… placeholders, exactly like `vscode.l10n.t`.
 */
export type Translator = (message: string, ...args: Array<string | number | boolean>) => string;

export function formatPlaceholders(message: string, args: ReadonlyArray<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

let current: Translator = (message, ...args) => formatPlaceholders(message, args);

/** Translate a message. Always call with a string literal so the l10n tooling can find it. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  return current(message, ...args);
}

export function setTranslator(translator: Translator): void {
  current = translator;
}
