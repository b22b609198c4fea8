/**
 * The demo history of the seeded chat "Backend": what other members wrote, one of each kind a
 * conversation shows (text, an image, a file, a reply, an edited message, service events, a
 * snippet sent by OK Chat, a text that looks like HTML), at fixed times before the chat's last event.
 */
import type { FakeMessage } from './records';
import type { Member, MemberPost } from './chatReading';
import { SEED_CHAT_IDS, SEED_USER_IDS } from './seed';

export const SEED_MEMBERS: readonly Member[] = [
  { user_id: SEED_USER_IDS[0], name: 'Анна Смирнова' },
  { user_id: SEED_USER_IDS[1], name: 'Борис Иванов' },
  { user_id: SEED_USER_IDS[2], name: 'Вера Кузнецова' },
];

/** The chat the demo history is in. */
export const SEED_HISTORY_CHAT = SEED_CHAT_IDS[0];
/** The time of the first seeded message; the others follow a minute apart. */
export const SEED_HISTORY_START = 1_735_700_000_000 - 3_600_000;

const num = (id: string) => Number(id.slice('user:'.length));

/**
 * Posts the demo history with `post` (oldest first) and returns what was stored; with `variants`,
 * then the variants of the reference's "What OK sends is read item by item" (the `wild` dialect).
 */
export function seedHistory(post: (chatId: string, sender: Member, p: MemberPost) => FakeMessage, variants = false): FakeMessage[] {
  const [anna, boris, vera] = SEED_MEMBERS;
  let minute = 0;
  const at = () => SEED_HISTORY_START + 60_000 * minute++;
  const say = (who: Member, p: MemberPost) => post(SEED_HISTORY_CHAT, who, { ...p, time: at() });
  const out: FakeMessage[] = [];
  out.push(say(anna, { text: JSON.stringify({ ai: num(anna.user_id), pa: [num(boris.user_id)], ty: 'CHAT_CREATED' }) }));
  out.push(say(anna, { text: JSON.stringify({ ai: num(anna.user_id), pa: [num(vera.user_id)], ty: 'USERS_ADDED' }) }));
  out.push(say(anna, { text: JSON.stringify({ ai: num(anna.user_id), tn: 'Backend', ty: 'THEME_CHANGED' }) }));
  const question = say(boris, { text: 'Привет! Сборка 2.4.1 готова?' });
  out.push(question);
  out.push(say(anna, { attachments: [{ type: 'IMAGE', payload: { url: 'https://st.mycdn.me/res/i/ok_logo.png' } }] }));
  out.push(say(vera, { text: 'Отчёт за неделю', attachments: [{ type: 'FILE', payload: { url: 'https://example.com/files/report.pdf', name: 'report.pdf' } }] }));
  out.push(say(anna, { text: 'Да, выкладываю в 18:00', reply_to: question.message_id }));
  out.push(say(anna, { text: 'Деплой в 18:30 (перенесли)', edited: true }));
  out.push(
    say(vera, {
      text: 'src/сервер/main.ts:12-13 (typescript)\nhttps://github.com/acme/app/blob/3f78685/src/%D1%81%D0%B5%D1%80%D0%B2%D0%B5%D1%80/main.ts#L12-L13\nconst port = 8080;\nlisten(port);',
    }),
  );
  out.push(say(boris, { text: '<img src=x onerror=alert(1)>' }));
  if (!variants) return out;
  out.push(say(anna, { text: JSON.stringify({ ai: num(anna.user_id), ci: 'https://i.mycdn.me/i?r=icon', ty: 'ICON_CHANGED' }) }));
  out.push(say(vera, { text: JSON.stringify({ ui: num(vera.user_id), ty: 'JOIN_BY_LINK' }) }));
  out.push(say(boris, { forward: true }));
  out.push(say(vera, { attachments: [{ type: 'IMAGE', payload: { url: 'https://dsm.odnoklassniki.ru/getImage?smileId=1f600' } }] }));
  out.push(say(boris, { text: 'Запись демо', attachments: [{ type: 'VIDEO', payload: { title: 'demo.mp4', duration: 42 } }, { type: 'AUDIO', payload: { title: 'voice.ogg', duration: 7 } }] }));
  out.push(say(anna, { attachments: [{ type: 'FILE', payload: { name: 'release-notes.txt', id: 'file123' } }] }));
  return out;
}
