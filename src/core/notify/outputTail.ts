/**
 * A build's output tail as the team reads it in the chat: paths relative to the workspace (never
 * the poster's home folder), stack traces kept short, and a label saying what the lines are.
 */
import { countText } from '../messages/plural';

/** Where the build ran: its workspace folder and the poster's home folder (both absolute). */
export interface OutputPaths {
  workspace?: string;
  home?: string;
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A root without its trailing separators; a Windows one matches both separators and any case. */
function rootPattern(root: string): RegExp | undefined {
  const trimmed = root.replace(/[\\/]+$/, '');
  // "/" alone or a drive ("C:") would turn every absolute path relative
  if (trimmed.length < 2 || /^[A-Za-z]:$/.test(trimmed)) return undefined;
  const windows = /^[A-Za-z]:[\\/]/.test(trimmed) || trimmed.includes('\\');
  const body = windows ? trimmed.split(/[\\/]/).map(reEscape).join('[\\\\/]') : reEscape(trimmed);
  // a path starts here (not inside a longer one) and ends at a separator or where the path ends
  return new RegExp(`(?<![\\w.~/\\\\-])(?:file:///?)?${body}(?:([\\\\/])|(?![\\w.-]))`, windows ? 'gi' : 'g');
}

/**
 * Paths of the workspace become relative (`/home/anna/app/src/x.py` → `src/x.py`, the folder
 * itself `.`), and the rest of the home folder starts with `~` (`~/.venv/lib/…`).
 */
export function relativePaths(text: string, paths: OutputPaths = {}): string {
  let out = String(text ?? '');
  const workspace = paths.workspace ? rootPattern(paths.workspace) : undefined;
  if (workspace) out = out.replace(workspace, (_m, sep: string | undefined) => (sep ? '' : '.'));
  const home = paths.home ? rootPattern(paths.home) : undefined;
  if (home) out = out.replace(home, (_m, sep: string | undefined) => (sep ? `~${sep}` : '~'));
  return out;
}

const PY_TRACEBACK = /^\s*Traceback \(most recent call last\):\s*$/;
const PY_FRAME = /^\s+File "[^"]*", line \d+/;
/** A frame of a JavaScript, Java, C# or Go-less stack: `    at f (x.js:1:2)`. */
const AT_FRAME = /^\s+at\s\S/;
/** Frames kept of a Python traceback (the innermost, where it failed) and of an `at` stack (the first). */
const PY_KEEP = 1;
const AT_KEEP = 2;

/**
 * Stack traces cut to where it failed: a Python traceback keeps its last frame (with its line of
 * code) and the error, an `at …` stack its first two frames; the frames left out are counted.
 */
export function shortenTracebacks(text: string): string {
  const lines = String(text ?? '').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    if (PY_TRACEBACK.test(line)) {
      out.push(line);
      // frames: the File line and the indented lines under it (code, carets)
      const frames: string[][] = [];
      let j = i + 1;
      while (j < lines.length && PY_FRAME.test(lines[j])) {
        const indent = /^\s*/.exec(lines[j])?.[0].length ?? 0;
        const frame = [lines[j++]];
        while (j < lines.length && !PY_FRAME.test(lines[j]) && (/^\s*$/.exec(lines[j]) === null) && (/^\s*/.exec(lines[j])?.[0].length ?? 0) > indent) frame.push(lines[j++]);
        frames.push(frame);
      }
      const dropped = frames.length - PY_KEEP;
      if (dropped > 0) out.push(`  … ${countText(dropped, '{0} earlier frame|{0} earlier frames', 'en').replace('{0}', String(dropped))}`);
      for (const f of frames.slice(-PY_KEEP)) out.push(...f);
      i = j;
      continue;
    }
    if (AT_FRAME.test(line)) {
      let j = i;
      while (j < lines.length && (AT_FRAME.test(lines[j]) || /^\s+\.\.\. \d+ more\s*$/.test(lines[j]))) j++;
      const stack = lines.slice(i, j);
      out.push(...stack.slice(0, AT_KEEP));
      const dropped = stack.length - AT_KEEP;
      if (dropped > 0) out.push(`${/^\s*/.exec(line)?.[0] ?? ''}… ${countText(dropped, '{0} more frame|{0} more frames', 'en').replace('{0}', String(dropped))}`);
      i = j;
      continue;
    }
    out.push(line);
    i++;
  }
  return out.join('\n');
}

/**
 * The line above the output tail in a message: `Last 20 lines of output:`. In the chat's
 * language, like the default templates (see buildStatus.ts): not translated.
 */
export function outputLabel(lines: number): string {
  return countText(lines, 'Last {0} line of output:|Last {0} lines of output:', 'en').replace('{0}', String(lines));
}
