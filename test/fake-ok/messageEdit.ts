/**
 * graph.message.edit in the fake server: POST /<message id>/edit with `{"message": {…}}`, which
 * replaces the whole content of a message the group sent (text and link buttons); the history
 * then serves the new text, marked edited where the dialect marks edits. Its answer is not
 * documented: each dialect answers in its own way (see {@link EditBehaviour}).
 */
import type { GraphSettings, GraphState } from './graphMethods';
import { OkError, param } from './okErrors';
import type { RecordedRequest } from './records';
import { jsonReply, type Reply } from './replies';
import { onlyKeys, validateJsonBody, validateMessage } from './validate';

/**
 * How an edit is answered (the answer is not documented). `answer`: accepted as one of the POST
 * shapes (`success` `{"success": true}`, `message_id` the id edited, `empty-object` `{}`), or
 * `refused-method`: every edit refused with 3 METHOD (whether the older `mid:C…` ids work there is
 * [unsure]). `unknownId`: an id OK does not know is refused with 300 NOT_FOUND in the error style,
 * or with `http-404`, a bare HTTP 404 without OK's body. A message of a chat the group is no
 * longer in is refused with 706 MESSAGE_NOT_ACTIVE.
 */
export interface EditBehaviour {
  answer: 'success' | 'message_id' | 'empty-object' | 'refused-method';
  unknownId: 'not-found' | 'http-404';
}

/** The answer to POST /<id>/edit, or undefined when the path is not an edit. */
export function editRoute(g: GraphState, s: GraphSettings, method: string, sub: string, rec: RecordedRequest): Reply | undefined {
  const m = /^\/([^/]+)\/edit$/.exec(sub);
  if (!m || m[1].startsWith('chat:') || m[1] === 'me') return undefined;
  const id = m[1];
  if (method !== 'POST') throw new OkError(3, `Unknown method ${method} ${rec.path}`);
  const edit = s.spec.edit;
  if (edit.answer === 'refused-method') throw new OkError(3, `Unknown method message.edit for ${id}`);
  const body = validateJsonBody(rec);
  onlyKeys(body, ['message'], 'body');
  if (body.message === undefined) param('Missing required parameter message');
  if (typeof body.message === 'object' && body.message !== null && 'reply_to' in body.message) param('Invalid parameter message.reply_to: an edit cannot change what a message answers');
  const msg = validateMessage(body.message, undefined, { maxTextLength: s.maxTextLength, uploads: g.uploads, keyboards: s.spec.keyboards, attachmentNeedsText: s.spec.attachmentNeedsText });
  // only what the group sent can be edited
  const target = g.messages.find((x) => x.message_id === id && x.sender?.user_id === s.group.user_id);
  if (!target) {
    if (edit.unknownId === 'http-404') return { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } };
    throw new OkError(300, `Message ${id} not found`);
  }
  const chat = g.chats.get(target.chat_id);
  if (chat?.status !== 'ACTIVE') throw new OkError(706, `Message ${id} is not active`);
  if (msg.text === undefined) delete target.text;
  else target.text = msg.text;
  target.attachments = msg.attachments;
  target.edited = true;
  switch (edit.answer) {
    case 'message_id':
      return jsonReply({ message_id: id });
    case 'empty-object':
      return jsonReply({});
    default:
      return jsonReply({ success: true });
  }
}
