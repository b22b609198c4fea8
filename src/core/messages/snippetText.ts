/**
 * Snippets sent by OK Chat, recognised back in a message's text: the header of the default
 * template `path:lines (language)` (see `snippetHeader`), an optional line with the link to the
 * lines, then the code. Several snippets in one message are separated by a blank line.
 */
import type { Snippet } from './messageText';

/** A snippet read back from a message. */
export type ReadSnippet = Pick<Snippet, 'path' | 'startLine' | 'endLine' | 'language' | 'code' | 'link'>;

/** `src/app.ts:3-7 (typescript)`: the path (anything, up to the last `:lines`), the lines, the language id. */
const HEADER = /^(.+):([1-9][0-9]{0,8})(?:-([1-9][0-9]{0,8}))? \(([A-Za-z0-9_.+#-]{1,64})\)$/;
const LINK = /^https?:\/\/\S+$/;

function header(line: string | undefined): Omit<ReadSnippet, 'code'> | undefined {
  const m = line === undefined ? null : HEADER.exec(line);
  if (!m) return undefined;
  const startLine = Number(m[2]);
  const endLine = m[3] === undefined ? startLine : Number(m[3]);
  if (endLine < startLine || m[1].trim() !== m[1]) return undefined;
  return { path: m[1], startLine, endLine, language: m[4] };
}

/**
 * The snippets of a message's text, in order, or undefined when the text is not made of
 * snippets. A snippet's code is the number of lines its header says when another snippet
 * follows after a blank line; the last one takes the rest of the text.
 */
export function readSnippets(text: string): ReadSnippet[] | undefined {
  const lines = text.split(/\r?\n/);
  const found: ReadSnippet[] = [];
  let i = 0;
  while (i < lines.length) {
    const head = header(lines[i]);
    if (!head) return undefined;
    i++;
    let link: string | undefined;
    if (lines[i] !== undefined && LINK.test(lines[i])) link = lines[i++];
    const count = head.endLine - head.startLine + 1;
    const next = i + count;
    const another = next + 1 < lines.length && lines[next] === '' && header(lines[next + 1]) !== undefined;
    const codeLines = another ? lines.slice(i, next) : lines.slice(i);
    const code = codeLines.join('\n');
    if (code.trim() === '') return undefined;
    found.push({ ...head, code, ...(link ? { link } : {}) });
    i = another ? next + 1 : lines.length;
  }
  return found.length > 0 ? found : undefined;
}
