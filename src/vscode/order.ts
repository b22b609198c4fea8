// Pure helpers for the VS Code layer (no `vscode` import, so the unit tests can use them).

/** Chats for a picker: the most recently used first, then the rest in list order. */
export function byRecentUse<T extends { lastUsedAt?: number }>(chats: readonly T[]): T[] {
  return chats
    .map((chat, index) => ({ chat, index }))
    .sort((a, b) => (b.chat.lastUsedAt ?? 0) - (a.chat.lastUsedAt ?? 0) || a.index - b.index)
    .map((e) => e.chat);
}
