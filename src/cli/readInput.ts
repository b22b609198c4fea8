/** Reading the text to send and build logs: all of stdin, or the end of a file. */
import { fsp } from './lazyNodeModules';

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

/** The end of a possibly huge log file: enough for the last lines without reading it all. */
export async function readTail(file: string, maxBytes = 256 * 1024): Promise<string> {
  const handle = await fsp().open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1); // drop the partial first line
    return text;
  } finally {
    await handle.close();
  }
}
