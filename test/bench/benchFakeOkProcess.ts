/**
 * The fake OK server of `npm run bench`, in its own process so that its work is not counted as
 * the client's. Started with IPC by bench.ts: sends `{ baseUrl, token, chatId }` once listening;
 * on "reset" forgets the messages (keeps the chat) and answers "reset"; on "close" exits.
 */
import { FakeOkServer } from '../fake-ok/server';

async function main(): Promise<void> {
  const server = await FakeOkServer.start({ maxTextLength: 4000 });
  const chatId = server.addChat({ title: 'bench' }).chat_id;
  process.on('message', (message) => {
    if (message === 'reset') {
      server.reset();
      server.addChat({ chat_id: chatId, title: 'bench' });
      process.send?.('reset');
    } else if (message === 'close') {
      void server.close().then(() => process.exit(0));
    }
  });
  process.send?.({ baseUrl: server.baseUrl, token: server.token, chatId });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
