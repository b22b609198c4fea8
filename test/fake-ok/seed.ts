/** The demo content of the fake OK server (`seed: true`, the sandbox): a group with three chats and three users. */
import type { FakeChat } from './records';

export const DEFAULT_FAKE_TOKEN = 'tkn1fake:TESTTOKEN0000';
export const DEFAULT_GROUP_ID = 'group:57000000000001';
export const SEED_GROUP_NAME = 'Команда разработки';
export const SEED_CHAT_IDS = ['chat:C3ecb9d02a600', 'chat:C0000000000b1', 'chat:C0000000000c2'] as const;
export const SEED_USER_IDS = ['user:100000000001', 'user:100000000002', 'user:100000000003'] as const;

/** The seeded chats, in order, with fixed ids, members and times. */
export function seedChats(): Array<Partial<FakeChat>> {
  const t0 = 1_735_700_000_000;
  const [u1, u2, u3] = SEED_USER_IDS;
  const chats: Array<Partial<FakeChat>> = [
    { chat_id: SEED_CHAT_IDS[0], title: 'Backend', participants: { [u1]: t0, [u2]: t0 + 1000, [u3]: t0 + 2000 } },
    { chat_id: SEED_CHAT_IDS[1], title: 'Frontend 🚀', participants: { [u1]: t0 + 3000, [u2]: t0 + 4000 } },
    { chat_id: SEED_CHAT_IDS[2], title: 'Релизы', participants: { [u1]: t0 + 5000, [u3]: t0 + 6000 } },
  ];
  return chats.map((c, i) => ({ ...c, owner_id: u1, lastEventTime: t0 + 10_000 * (i + 1) }));
}
