/**
 * The people OK Chat has seen, pure: names by user id learned from what OK returned (the senders
 * of messages read), kept per group and bounded. No `vscode` here (unit tests load it); the store
 * (knownPeople.ts) keeps the records in global state.
 */

/** How many people are kept per group (the most recently seen). */
export const MAX_PEOPLE = 300;
/** How many groups are kept (the most recently updated); another token's group is another list. */
export const MAX_GROUPS = 5;

/** A person as kept: the name OK gave last, and when it was seen (ms). */
export interface PersonRecord {
  name: string;
  seenAt: number;
}

/** One group's people by user id (`user:N`), and when the list last changed. */
export interface GroupPeople {
  people: Record<string, PersonRecord>;
  updatedAt: number;
}

export type PeopleByGroup = Record<string, GroupPeople>;

/** What a message says of its sender: `{ user_id, name }` (the core's OkMessage has this shape). */
export interface SenderOf {
  sender?: { name?: string | null; user_id?: string | null } | null;
  timestamp?: number;
}

/** `user:N` for an id given as `N` or `user:N`, or undefined. */
export function userKey(id: string | null | undefined): string | undefined {
  const s = id?.trim();
  if (!s) return undefined;
  return s.startsWith('user:') ? s : `user:${s}`;
}

/** The senders' names of these messages, by user id (a later message's name wins). */
export function sendersOf(messages: readonly SenderOf[]): Map<string, string> {
  const names = new Map<string, string>();
  const ordered = [...messages].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  for (const m of ordered) {
    const key = userKey(m.sender?.user_id);
    const name = m.sender?.name?.trim();
    if (key && name) names.set(key, name);
  }
  return names;
}

/** Stored records read back defensively (global state is shared with other versions and windows). */
export function readPeople(v: unknown): PeopleByGroup {
  const out: PeopleByGroup = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [group, g] of Object.entries(v as Record<string, unknown>)) {
    if (typeof g !== 'object' || g === null) continue;
    const raw = (g as Record<string, unknown>).people;
    const updatedAt = (g as Record<string, unknown>).updatedAt;
    const people: Record<string, PersonRecord> = {};
    if (typeof raw === 'object' && raw !== null) {
      for (const [id, p] of Object.entries(raw as Record<string, unknown>)) {
        const r = p as Record<string, unknown> | null;
        if (!id.startsWith('user:') || typeof r?.name !== 'string' || !r.name.trim() || typeof r.seenAt !== 'number') continue;
        people[id] = { name: r.name, seenAt: r.seenAt };
      }
    }
    out[group] = { people, updatedAt: typeof updatedAt === 'number' ? updatedAt : 0 };
  }
  return out;
}

/**
 * The records with these names learned for `group` at `now`; undefined when nothing changes (a name
 * already kept is not written again until a day has passed). Bounded: the {@link MAX_PEOPLE} most
 * recently seen per group, the {@link MAX_GROUPS} most recently updated groups.
 */
export function withPeople(stored: PeopleByGroup, group: string, names: ReadonlyMap<string, string>, now: number): PeopleByGroup | undefined {
  const before = stored[group]?.people ?? {};
  const people: Record<string, PersonRecord> = { ...before };
  let changed = false;
  for (const [id, name] of names) {
    const was = before[id];
    if (was && was.name === name && now - was.seenAt < DAY_MS) continue;
    people[id] = { name, seenAt: now };
    changed = true;
  }
  if (!changed) return undefined;
  const kept = Object.entries(people)
    .sort((a, b) => b[1].seenAt - a[1].seenAt)
    .slice(0, MAX_PEOPLE);
  const next: PeopleByGroup = { ...stored, [group]: { people: Object.fromEntries(kept), updatedAt: now } };
  const groups = Object.entries(next)
    .sort((a, b) => b[1].updatedAt - a[1].updatedAt)
    .slice(0, MAX_GROUPS);
  return Object.fromEntries(groups);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A person as shown: the name when known, else the id. */
export function personName(userId: string, names: ReadonlyMap<string, string>): string {
  const key = userKey(userId) ?? userId;
  return names.get(key) ?? key;
}

/** A person as shown with the id apart, for pickers: `{ label: "Анна Иванова", description: "user:1…" }`. */
export function personItem(userId: string, names: ReadonlyMap<string, string>): { label: string; description: string; userId: string } {
  const key = userKey(userId) ?? userId;
  const name = names.get(key);
  return name ? { label: name, description: key, userId: key } : { label: key, description: '', userId: key };
}

/** The known people who are not members yet, by name. */
export function addablePeople(names: ReadonlyMap<string, string>, members: readonly string[], locale?: string): Array<{ userId: string; name: string }> {
  const isMember = new Set(members.map((m) => userKey(m) ?? m));
  return [...names]
    .filter(([id]) => !isMember.has(id))
    .map(([userId, name]) => ({ userId, name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}
