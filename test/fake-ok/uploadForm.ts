/**
 * The upload server's side of an upload (docs/ok-graph-api.md, Uploads): a multipart/form-data
 * POST with exactly one file in the field `file`, parsed by the platform (`Request#formData`)
 * and checked as strictly as the rest of the fake server.
 */
import { param } from './okErrors';

/** What the upload server keeps of the uploaded file. */
export interface UploadedFile {
  size: number;
  filename: string;
  /** The part's Content-Type; undefined when it gave none. */
  contentType: string | undefined;
  /** The file's bytes, for tests that look at what was uploaded. */
  bytes: Uint8Array;
}

/**
 * Reads the upload form: `Content-Type: multipart/form-data; boundary=…`, one field `file`
 * holding a file (with a file name) of 1..`maxBytes` bytes, and no other field. Refuses
 * anything else with 100 PARAM.
 */
export async function readUploadForm(contentType: string | undefined, body: Uint8Array, maxBytes: number): Promise<UploadedFile> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) param('Content-Type must be multipart/form-data');
  if (!/;\s*boundary=/i.test(contentType)) param('Content-Type must give the multipart boundary');
  let form: FormData;
  try {
    form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    param('Malformed multipart body');
  }
  const names = [...new Set([...form.keys()])];
  const unknown = names.filter((n) => n !== 'file');
  if (unknown.length > 0) param(`Unknown parameter ${unknown.join(', ')}: the file goes in the field "file"`);
  const files = form.getAll('file');
  if (files.length === 0) param('Missing required parameter file');
  if (files.length > 1) param('Only one file per upload');
  const file = files[0];
  if (typeof file === 'string') param('Invalid parameter file: a file (with a file name) is required, not a text field');
  if (file.size === 0) param('Invalid parameter file: the file is empty');
  if (file.size > maxBytes) param(`Invalid parameter file: the file is too large (${file.size} > ${maxBytes} bytes)`);
  return { size: file.size, filename: file.name, contentType: file.type === '' ? undefined : file.type, bytes: new Uint8Array(await file.arrayBuffer()) };
}
