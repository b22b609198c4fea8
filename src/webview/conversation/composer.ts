// The composer: the text (a draft kept in VS Code's saved state), the message replied to, files
// pasted, dropped or picked with the attach button to go with the next send (an image pasted shows
// as a thumbnail), and the send itself (Enter or the Send button; posted to the panel).
import { el } from './render';
import { attachButton, cancelReply, data, filesList, input, log, page, pageState, post, replyBar, replyText, saveState, sendButton } from './pageContext';
import { showPending } from './sends';

/** Files pasted, dropped or picked, sent with the next send (the text as the first one's caption); `thumb`: a pasted image as a data: URL. */
type WaitingFile = { name: string; data?: Uint8Array; uri?: string; thumb?: string };
const waiting: WaitingFile[] = [];

let replyTo: { id: string; sender?: string; text?: string } | undefined;

function showReply(reply: NonNullable<typeof replyTo>, replyingTo: string): void {
  replyTo = reply;
  replyText.textContent = `${replyingTo} ${reply.sender ?? ''}: ${(reply.text || '').slice(0, 80)}`;
  replyBar.hidden = false;
}

export function startReply(id: string): void {
  const node = log.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  const line = node ? data.get(node) : undefined;
  if (!line || !page.init) return;
  showReply({ id, sender: line.sender, text: line.text }, page.init.strings.replyingTo);
  saveState({ reply: replyTo });
  input.focus();
}

/** The reply the page kept, shown again (a page built again). */
export function restoreReply(replyingTo: string): void {
  if (pageState.reply && !replyTo) showReply(pageState.reply, replyingTo);
}

function endReply(): void {
  replyTo = undefined;
  replyBar.hidden = true;
  if (pageState.reply) saveState({ reply: undefined });
}
cancelReply.addEventListener('click', () => {
  endReply();
  input.focus();
});

function showWaiting(): void {
  filesList.replaceChildren(
    ...waiting.map((f, i) => {
      const item = el('li', '', f.name);
      if (f.thumb) {
        const img = el('img', 'thumb');
        img.src = f.thumb;
        img.alt = f.name;
        item.prepend(img);
      }
      const remove = el('button', 'action', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', page.init?.strings.removeFile.replace('{0}', f.name) ?? '');
      remove.addEventListener('click', () => {
        waiting.splice(i, 1);
        showWaiting();
        input.focus();
      });
      item.append(remove);
      return item;
    }),
  );
}

/** An image's preview as a data: URL (the page's policy allows data: images), or undefined for other files. */
function thumbnail(f: File): Promise<string | undefined> {
  if (!f.type.startsWith('image/')) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : undefined);
    reader.onerror = () => resolve(undefined);
    reader.readAsDataURL(f);
  });
}

/** Takes files to send: the bytes of pasted or dropped ones, or the URIs of files dropped from VS Code. */
async function addFiles(files: readonly File[], uris: readonly string[] = []): Promise<void> {
  for (const f of files) {
    const thumb = await thumbnail(f);
    waiting.push({ name: f.name || 'image.png', data: new Uint8Array(await f.arrayBuffer()), ...(thumb ? { thumb } : {}) });
  }
  for (const uri of uris) waiting.push({ name: decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() ?? '') || 'file', uri });
  showWaiting();
  input.focus();
}

/** Files the user picked with the attach button (the panel asked for them): they wait like pasted ones. */
export function addPicked(files: ReadonlyArray<{ name: string; uri: string }>): void {
  for (const f of files) waiting.push({ name: f.name, uri: f.uri });
  showWaiting();
  input.focus();
}

attachButton.addEventListener('click', () => post({ type: 'attach' }));

input.addEventListener('paste', (e) => {
  const files = [...(e.clipboardData?.files ?? [])];
  if (files.length === 0) return; // text is pasted as usual
  e.preventDefault();
  void addFiles(files);
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const t = e.dataTransfer;
  if (!t) return;
  const files = [...t.files];
  // from VS Code's Explorer (Shift held): the files' URIs
  const uris = files.length ? [] : (t.getData('text/uri-list') || '').split(/\r?\n/).filter((u) => u && !u.startsWith('#'));
  void addFiles(files, uris);
});

function send(): void {
  if (!page.ctx || !page.init) return;
  const text = input.value;
  if (waiting.length > 0) {
    const files = waiting.splice(0);
    files.forEach((f, i) => {
      const caption = i === 0 && text.trim() ? text : undefined;
      const localId = showPending({ kind: 'message', time: Date.now(), text: caption ?? '', ours: true, attachments: [{ kind: 'file', name: f.name }] });
      if (localId) post({ type: 'sendFile', localId, name: f.name, ...(f.data ? { data: f.data } : {}), ...(f.uri ? { uri: f.uri } : {}), ...(caption ? { caption } : {}) });
    });
    showWaiting();
    input.value = '';
    saveState({ draft: '' });
    endReply();
    return;
  }
  if (!text.trim()) return;
  const localId = showPending({ kind: 'message', time: Date.now(), text, ours: true, ...(replyTo ? { reply: { ...replyTo } } : {}) });
  if (!localId) return;
  post({ type: 'send', localId, text, ...(replyTo ? { replyTo: replyTo.id } : {}) });
  input.value = '';
  saveState({ draft: '' });
  endReply();
}

sendButton.addEventListener('click', () => {
  send();
  input.focus();
});

input.value = pageState.draft ?? '';
input.addEventListener('input', () => saveState({ draft: input.value }));

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  } else if (e.key === 'Escape' && replyTo) endReply();
});
